"""Checks for serving: kserve: storage URIs, S3 access, and what each deploymentMode allows."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.issue import Issue
from generator.catalog.knative_flags import missing, patch_command
from generator.spec import Catalog, KServe, Model


def storage(model: Model, catalog: Catalog) -> Iterator[Issue]:
    ks = model.kserve
    if model.serving != "kserve" or ks is None:
        return
    uri = ks.storage_uri or ""
    if uri.startswith("pvc://"):
        claim = uri.removeprefix("pvc://").split("/")[0]
        if catalog.claim(claim, model.namespace) is None:
            yield Issue(("kserve", "storageUri"), f"claim {claim!r} is not declared in namespace {model.namespace}",
                        f"add it under claims: with namespace: {model.namespace}")
        if ks.s3 is not None:
            yield Issue(("kserve", "s3"), "kserve.s3 is for s3:// storage, but storageUri is pvc://",
                        "remove kserve.s3, or use an s3:// storageUri")
    elif uri.startswith("s3://"):
        if ks.s3 is None:
            yield Issue(("kserve", "storageUri"), "an s3:// storageUri needs kserve.s3 (endpoint and credentials)",
                        "add kserve.s3: {endpoint: host:port, secretName: NAME} (the chart creates the annotated "
                        "Secret; its awsAccessKeyID/awsSecretAccessKey are filled outside git)")
        elif ks.s3.secret_name is None and ks.s3.role_arn is None:
            yield Issue(("kserve", "s3"), "kserve.s3 has no credentials: KServe needs a Secret or an IRSA role",
                        "set kserve.s3.secretName, or kserve.s3.roleArn on EKS")
        elif not model.service_account.create:
            yield Issue(("serviceAccount", "create"), "kserve.s3 is wired through the generated ServiceAccount",
                        "remove serviceAccount.create: false")
    elif ks.s3 is not None:
        yield Issue(("kserve", "s3"), "kserve.s3 without an s3:// storageUri", "set kserve.storageUri: s3://BUCKET/PATH")
    if ks.model_format is not None and not uri:
        yield Issue(("kserve",), f"modelFormat {ks.model_format} needs a storageUri", "set kserve.storageUri")
    if ks.runtime is not None and ks.model_format is None:
        yield Issue(("kserve", "runtime"), "runtime picks the ServingRuntime of a modelFormat, none is set",
                    "set kserve.modelFormat, or remove runtime for a custom predictor container")
    if ks.model_format is not None and model.ports:
        yield Issue(("ports",), "ports belong to a custom predictor container; the ServingRuntime declares its own",
                    "remove ports, or drop kserve.modelFormat and serve your image")
    if len(model.ports) > 1:
        yield Issue(("ports", 1), "the predictor container serves one port", "keep one port")


def deployment_mode(model: Model, _: Catalog) -> Iterator[Issue]:
    ks = model.kserve
    if model.serving != "kserve" or ks is None:
        return
    if ks.deployment_mode == "Knative":
        yield from _knative_mode(model, ks)
    else:
        yield from _standard_mode(model, ks)
    for field, present in (("disruption", model.disruption is not None),
                           ("monitoring", model.monitoring.service_monitor)):
        if present:
            yield Issue((field,), f"{field} applies to serving: deployment only",
                        "KServe owns the predictor's pods and Services")


def _knative_mode(model: Model, ks: KServe) -> Iterator[Issue]:
    if ks.deployment_strategy is not None:
        yield Issue(("kserve", "deploymentStrategy"), "deploymentStrategy applies to deploymentMode Standard only",
                    "Knative rolls out revisions itself: remove it, or use deploymentMode: Standard")
    if model.ingress is not None:
        yield Issue(("ingress",), "in Knative mode KServe's gateway routes the InferenceService",
                    "remove ingress, or use deploymentMode: Standard")
    limit = model.cluster.knative.max_revision_timeout_seconds
    if ks.timeout is not None and ks.timeout > limit:
        yield Issue(("kserve", "timeout"), f"timeout {ks.timeout} is more than Knative's max-revision-timeout-seconds "
                    f"({limit})", "raise max-revision-timeout-seconds in knative-serving/config-defaults, "
                    "or lower the timeout")
    pvc = (ks.storage_uri or "").startswith("pvc://")
    for use in missing(model, pvc_storage=pvc):
        yield Issue(use.path, f"{use.field} needs the Knative feature flag {use.flag} (KServe's Knative mode "
                    "creates a Knative Service), which cluster.knative.features does not enable",
                    f"{patch_command(use.flag)}, then list {use.flag} in cluster.knative.features")


def _standard_mode(model: Model, ks: KServe) -> Iterator[Issue]:
    sc = model.scaling
    if (sc.min == 0 and sc.keda is None) or sc.replicas == 0:  # KEDA scales the predictor to zero
        field = "min" if sc.min == 0 else "replicas"
        yield Issue(("scaling", field), "minReplicas 0 (scale to zero) needs deploymentMode Knative",
                    "use scaling.min >= 1, or kserve.deploymentMode: Knative")
    if ks.canary_traffic_percent is not None:
        yield Issue(("kserve", "canaryTrafficPercent"), "canaryTrafficPercent needs deploymentMode Knative",
                    "Standard mode replaces pods with deploymentStrategy; remove canaryTrafficPercent")
    if ks.scale_metric in ("concurrency", "rps"):
        yield Issue(("kserve", "scaleMetric"), f"Standard mode scales with an HPA, which cannot use {ks.scale_metric}",
                    "use scaleMetric cpu or memory, or deploymentMode: Knative")
