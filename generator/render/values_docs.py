"""One comment per values.yaml knob; values.yaml and values.schema.json both read this.

A knob that renders one catalog field has its comment in that field's declaration (``knob(...,
values=, doc=)`` in ``generator/spec/``); the table below holds the knobs computed from several.
"""

from __future__ import annotations

from generator import spec as s
from generator.declare.walk import walk

DOCS: dict[str, str] = {
    "nameOverride": "Replaces the chart name in resource names and the app.kubernetes.io/name label.",
    "fullnameOverride": "Replaces the full resource name (release-chart); at most 63 characters.",
    "readinessProbe": "Readiness probe: traffic reaches a pod only once its model is loaded.",
    "livenessProbe": "Liveness probe: restarts a hung server. Leave generous delays for large models.",
    "startupProbe": "Startup probe: holds liveness back while weights load.",
    "resources": "Requests and limits. GPUs appear in both with the same count; the memory limit is always set.",
    "podSecurityContext": "Pod security context; the default meets Pod Security Standards \"restricted\".",
    "securityContext": "Container security context: non-root, no privilege escalation, all capabilities dropped, "
                       "read-only root filesystem.",
    "nodeSelector": "Node labels the pods require (GPU product and node type included).",
    "tolerations": "Taints the pods tolerate (the GPU taint included).",
    "volumes": "Pod volumes: shared model-cache claims and emptyDirs for the paths the server writes.",
    "volumeMounts": "Where the volumes are mounted in the container.",
    "terminationGracePeriodSeconds": "Seconds a pod gets to finish in-flight requests on shutdown.",
    "replicaCount": "Number of pods (no autoscaler owns this workload).",
    "autoscaling": "HorizontalPodAutoscaler (autoscaling/v2). It owns spec.replicas, so the workload omits it.",
    "envFrom": "ConfigMaps read whole as environment variables.",
    "service.ports": "Service ports; targetPort is the container port of the same name.",
    "networkPolicy.ingress": "Allowed sources and ports (Kubernetes NetworkPolicyIngressRule list).",
    "kong.keyAuth": "key-auth plugin settings.",
    "claims": "PersistentVolumeClaims shared by the models of this namespace.",
    "test": "helm test hook pod that calls the health endpoint.",
    "test.image": "Image of the test pod (needs curl).",
    "ingress.className": "IngressClass; empty uses the cluster's default class.",
    "ingress.host": "Host name the Ingress answers for.",
    "ingress.paths": "URL paths routed to the Service port.",
    "ingress.pathType": "How paths match: Prefix, Exact or ImplementationSpecific.",
    "ingress.annotations": "Ingress annotations (controller settings, Kong plugins).",
    "ingress.tls": "TLS from an existing Secret: secretName and hosts; empty serves plain HTTP.",
    "knative": "Knative Service settings.",
    "knative.annotations": "Revision-template annotations (autoscaling.knative.dev/*: class, metric, target, "
                           "min/max scale).",
    "knative.timeoutSeconds": "Request timeout of a revision, seconds.",
    "knative.containerConcurrency": "Hard limit of concurrent requests per pod; 0 = unlimited.",
    "knative.responseStartTimeoutSeconds": "Seconds until the first response byte.",
    "knative.idleTimeoutSeconds": "Seconds a connection may stay idle.",
    "kserve": "KServe settings of the InferenceService.",
    "kserve.deploymentMode": "serving.kserve.io/deploymentMode; KServe refuses a change in place.",
    "model": "spec.predictor.model: the ServingRuntime's model server loads the model from storageUri.",
    "model.modelFormat": "Model format (name and optional version) the ServingRuntime is chosen by.",
    "model.runtime": "ServingRuntime name; empty lets KServe pick one by the model format.",
    "model.runtimeVersion": "Runtime image tag (TorchServe version).",
    "model.protocolVersion": "Inference protocol: v1, v2 or grpc-v2.",
    "model.storageUri": "Where the storage initializer fetches the model from (pvc:// or s3://).",
    "predictor": "InferenceService predictor: replicas, scaling, timeouts, rollout.",
    "predictor.minReplicas": "Fewest pods (0 = scale to zero in Knative mode).",
    "predictor.maxReplicas": "Most pods.",
    "predictor.scaleMetric": "Autoscaling metric: cpu, memory, concurrency or rps.",
    "predictor.scaleMetricType": "Metric target type: Utilization or AverageValue.",
    "predictor.scaleTarget": "Autoscaling target value.",
    "predictor.containerConcurrency": "Concurrent requests per pod.",
    "predictor.timeout": "Request timeout, seconds.",
    "predictor.canaryTrafficPercent": "Traffic to the latest revision, percent (Knative mode).",
    "predictor.autoScaling": "HPA metrics and behavior (Standard mode).",
    "predictor.deploymentStrategy": "Rollout strategy of the predictor Deployment (Standard mode).",
    "s3": "S3/MinIO access for the storage initializer.",
    "s3.secretName": "Secret whose data holds the S3 keys and whose annotations the endpoint.",
    "s3.secretAnnotations": "serving.kserve.io/s3-* annotations on that Secret (endpoint, https, region).",
    # scaling.keda (render/keda.py); its timing knobs are declared on spec.Keda
    "keda": "KEDA ScaledObject. It owns the replica count (KEDA creates the HPA keda-hpa-<name>), so the chart "
            "renders no HPA and the workload omits spec.replicas.",
    "keda.minReplicaCount": "Fewest pods; 0 scales to zero while no trigger is active.",
    "keda.maxReplicaCount": "Most pods.",
    "keda.triggers": "KEDA triggers (type, name, metadata, authenticationRef); the highest replica count wins.",
    "kserve.autoscalerClass": "serving.kserve.io/autoscalerClass: keda (KServe creates the ScaledObject) or "
                              "external (the chart's ScaledObject scales; KServe creates no HPA).",
    # rollout (issue 19); edit the catalog's rollout block rather than these
    "rollout": "Canary rollout from the catalog's rollout block: promote or roll back there.",
    "rollout.percent": "Share of requests (0-100) sent to the canary; the stable version gets the rest.",
    "rollout.replicas": "Pods of the canary (serving: deployment; KServe Standard: the canary's minReplicas).",
    "rollout.image": "The canary's image.",
    "rollout.appVersion": "The canary's app.kubernetes.io/version label.",
    "rollout.port": "Service port the HTTPRoute sends requests to.",
    "rollout.paths": "Path prefixes the HTTPRoute matches.",
    "rollout.hostnames": "Hostnames the HTTPRoute matches (with a gateway).",
    "rollout.gateway": "Gateway the HTTPRoute attaches to; absent: the stable Service (service mesh).",
    "rollout.storageUri": "KServe: the canary predictor's storageUri.",
    "rollout.networkPolicyIngress": "The canary NetworkPolicy's rules: the stable ones without external clients.",
}
DOCS.update((d.values, d.doc) for _path, d in walk(s.Model) if d.values and d.doc)
