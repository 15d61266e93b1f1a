"""Schema sections for the Knative, KServe and TorchServe blocks of a model."""

from __future__ import annotations

from generator.declare.parts import (
    Schema,
    boolean,
    dns_label,
    duration,
    enum,
    integer,
    obj,
    quantity,
    rel_path,
    string,
    string_list,
)

KNATIVE: Schema = obj("Knative Service settings; min/max scale come from scaling.min/max.", {
    "class": enum("Autoscaler class.", ["kpa.autoscaling.knative.dev", "hpa.autoscaling.knative.dev"]),
    "metric": enum("Autoscaling metric (cpu/memory need the hpa class).", ["concurrency", "rps", "cpu", "memory"]),
    "target": integer("Target value of the metric per pod.", 1),
    "targetUtilizationPercentage": integer("Percent of the target to aim for.", 1, 100),
    "window": duration("Stable window (6s-1h)."),
    "initialScale": integer("Pods when a revision is created (0 needs allowZeroInitialScale).", 0),
    "activationScale": integer("Pods to jump to when scaling from zero.", 1),
    "scaleToZeroPodRetentionPeriod": duration("Keep the last pod this long after traffic stops.",
                                              examples=["1h"]),
    "scaleDownDelay": duration("Delay before scaling down."),
    "progressDeadline": duration("How long a revision may take to become ready; default 10m for GPU models."),
    "containerConcurrency": integer("Hard limit of concurrent requests per pod (0 = unlimited).", 0, 1000),
    "timeoutSeconds": integer("Request timeout; above 600 needs max-revision-timeout-seconds raised.", 1,
                              default=300),
    "responseStartTimeoutSeconds": integer("Seconds until the first response byte.", 1),
    "idleTimeoutSeconds": integer("Seconds a connection may stay idle.", 1),
})

S3: Schema = obj("S3 or MinIO access for s3:// storage URIs.", {
    "endpoint": string("host:port of the S3 API, no scheme.", pattern=r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?$",
                       **{"x-expected": "host:port",
                          "x-hint": "write host:port without http:// or https:// and without a trailing dot; "
                                    "use useHttps for the scheme"}),
    "secretName": dns_label("Secret the chart creates with the serving.kserve.io/s3-* annotations (where KServe "
                            "reads them) and no data: its awsAccessKeyID and awsSecretAccessKey keys are filled "
                            "outside git (see the chart's NOTES); Argo CD leaves its data alone.", 253),
    "roleArn": string("IAM role for IRSA (eks.amazonaws.com/role-arn on the ServiceAccount), instead of or besides "
                      "secretName; with it KServe reads the s3-* settings from the ServiceAccount.",
                      pattern=r"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$",
                      **{"x-expected": "an IAM role ARN such as arn:aws:iam::123456789012:role/models"}),
    "region": string("Region.", pattern=r"^[a-z0-9-]+$", **{"x-expected": "a region name such as us-east-1"}),
    "createSecret": boolean("Create the annotated Secret in the chart (its AppProject then may manage Secrets); "
                            "false: the Secret, annotations included, is managed outside the chart and the "
                            "chart's NOTES list the annotations to put on it.", True),
    "useHttps": boolean("Use https.", True),
    "verifySsl": boolean("Verify the server certificate.", True),
}, ["endpoint"])

KSERVE: Schema = obj("KServe InferenceService settings.", {
    "modelFormat": enum("predictor.model.modelFormat.name; omit for a custom predictor container from image.",
                        ["pytorch", "onnx", "sklearn", "tensorflow", "triton", "xgboost", "lightgbm", "huggingface"]),
    "modelFormatVersion": string("modelFormat.version."),
    "runtime": dns_label("ServingRuntime name, e.g. kserve-torchserve.", 253),
    "protocolVersion": enum("Inference protocol.", ["v1", "v2", "grpc-v2"]),
    "storageUri": string("pvc://<claim>/<path> or s3://<bucket>/<path>.",
                         pattern=r"^(pvc://[a-z0-9]([-a-z0-9.]*[a-z0-9])?(/(?!\.\.(/|$))[A-Za-z0-9._-]+)*/?"
                                 r"|s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/(?!\.\.(/|$))[A-Za-z0-9._-]+)*/?)$",
                         **{"x-expected": "a pvc:// or s3:// storage URI",
                            "x-hint": "pvc://CLAIM/PATH or s3://BUCKET/PATH, no '..'"}),
    "deploymentMode": enum("Standard (raw Deployment + HPA) or Knative (serverless); the generator writes the "
                           "name the cluster's KServe version expects.", ["Standard", "Knative"],
                           default="Standard"),
    "scaleMetric": enum("Autoscaling metric.", ["cpu", "memory", "concurrency", "rps"]),
    "scaleTarget": integer("Autoscaling target.", 1),
    "scaleMetricType": enum("Metric target type.", ["Utilization", "AverageValue"]),
    "containerConcurrency": integer("Concurrent requests per pod.", 0),
    "timeout": integer("Request timeout in seconds.", 1),
    "canaryTrafficPercent": integer("Traffic to the latest revision (Knative mode only).", 0, 100),
    "deploymentStrategy": enum("Rollout strategy (Standard mode only).", ["RollingUpdate", "Recreate"]),
    "s3": S3,
    "unpackedSize": quantity("TorchServe runtime: the model archive's unpacked size. TorchServe unpacks the .mar "
                             "under TEMP (/home/model-server/tmp), so that emptyDir's sizeLimit is this plus "
                             "headroom; `infergen package` checks the built archive fits.", examples=["6Gi"]),
})

SMOKE: Schema = obj("A request sent after start-up, and the response shape it must have.", {
    "request": {"description": "JSON body POSTed to /predictions/<model>."},
    "contentType": string("Content type of the request.", default="application/json"),
    "expectShape": string_list("Expected response shape, e.g. [384] or [2, 384].", integer("A dimension.")),
}, ["request"])

TORCHSERVE: Schema = obj("TorchServe packaging (.mar) and config.properties for KServe.", {
    "modelFile": rel_path("Model definition: TorchScript .pt, eager model .py, or a directory of weights."),
    "serializedFile": rel_path("Weights file for an eager model, or a python-package:NAME/SUBDIR reference."),
    "handler": string("Built-in handler name, serving/handlers/<name>.py, or a path.", minLength=1,
                      pattern=r"^(?!/)(?!.*(^|/)\.\.(/|$)).+$",
                      **{"x-expected": "a handler name or a relative path without '..'",
                         "x-hint": "a built-in name such as base_handler or a relative path without '..'"}),
    "extraFiles": string_list("Extra files packed into the archive.", rel_path("A file.")),
    "requirements": rel_path("requirements.txt installed per model."),
    "version": string("Model version.", pattern=r"^[0-9]+(\.[0-9]+)*$", default="1.0",
                      **{"x-expected": "a version such as 1.0"}),
    "batchSize": integer("Server-side batch size.", 1, 1024, default=1),
    "maxBatchDelay": integer("Milliseconds to wait to fill a batch.", 0, 60000, default=100),
    "minWorkers": integer("Minimum workers.", 1, 64, default=1),
    "maxWorkers": integer("Maximum workers.", 1, 64, default=1),
    "responseTimeout": integer("Seconds a worker may take for one batch.", 1, default=120),
    "device": enum("cpu, or gpu (number_of_gpu = gpu.count).", ["cpu", "gpu"], default="cpu"),
    "archiveFormat": enum("Archive format; auto picks by size.", ["auto", "default", "zip-store", "no-archive", "tgz"],
                          default="auto"),
    "smokeTest": SMOKE,
    "runtimeVersion": string("TorchServe version of the runtime image (pytorch/torchserve-kfs tag); default "
                             "0.9.0, what KServe's kserve-torchserve runtime pins. Sets the predictor's "
                             "runtimeVersion and decides which config keys TorchServe understands.",
                             pattern=r"^[0-9]+\.[0-9]+\.[0-9]+(-[a-z0-9]+)?$",
                             **{"x-expected": "a version such as 0.12.0"}),
})
