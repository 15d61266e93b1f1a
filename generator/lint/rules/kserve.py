"""KServe rules (serving.kserve.io/v1beta1 InferenceService and its S3 credentials)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import KSERVE_GROUP, dig, meta
from generator.lint.rules.pods import LEGACY_PREDICTORS

E, W = Severity.ERROR, Severity.WARNING
MODE = "serving.kserve.io/deploymentMode"
KNATIVE_MODES = ("Serverless", "Knative")
S3 = "serving.kserve.io/s3-"
AUTOSCALER_CLASS = "serving.kserve.io/autoscalerClass"


def _isvc(doc: Document) -> bool:
    return doc.api_version.startswith(KSERVE_GROUP + "/")


@rule("kserve-legacy-predictor", W, "deprecated framework-specific predictor form",
      "use spec.predictor.model with modelFormat.name", kinds={"InferenceService"})
def legacy_predictor(doc: Document, ctx: Context) -> Iterator[Hit]:
    predictor = dig(doc.obj, "spec", "predictor") or {}
    for key in LEGACY_PREDICTORS if _isvc(doc) else ():
        if key in predictor:
            yield Hit(f"spec.predictor.{key}", f"predictor.{key} is deprecated",
                      f"use spec.predictor.model with modelFormat: {{name: {key}}}")


@rule("kserve-deployment-mode-missing", W, "InferenceService without a deploymentMode annotation",
      f"set metadata.annotations {MODE}: Standard (or Knative); the cluster default may change",
      kinds={"InferenceService"})
def mode_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    if _isvc(doc) and MODE not in meta(doc.obj, "annotations"):
        yield Hit("metadata.annotations", f"no {MODE} annotation: the cluster default decides the mode")


@rule("kserve-min-replicas-zero", E, "minReplicas 0 outside Knative (Serverless) mode",
      "use minReplicas >= 1, or deploymentMode Knative to scale to zero", kinds={"InferenceService"})
def min_replicas_zero(doc: Document, ctx: Context) -> Iterator[Hit]:
    mode = meta(doc.obj, "annotations").get(MODE)
    if not _isvc(doc) or mode is None or mode in KNATIVE_MODES:
        return
    if meta(doc.obj, "annotations").get(AUTOSCALER_CLASS) == "keda":
        return  # KServe's ScaledObject takes minReplicas 0 (reconcilers/keda/keda_reconciler.go, v0.20.0)
    for component in ("predictor", "transformer", "explainer"):
        if dig(doc.obj, "spec", component, "minReplicas") == 0:
            yield Hit(f"spec.{component}.minReplicas", f"minReplicas 0 cannot scale to zero in {mode} mode")


@rule("kserve-s3-annotations", E, "serving.kserve.io/s3-* annotations on the InferenceService",
      "move them to the Secret the predictor's ServiceAccount lists (or to the ServiceAccount with IRSA)",
      kinds={"InferenceService"})
def s3_annotations(doc: Document, ctx: Context) -> Iterator[Hit]:
    for key in meta(doc.obj, "annotations") if _isvc(doc) else ():
        if key.startswith(S3):
            yield Hit("metadata.annotations", f"{key} is read from the ServiceAccount/Secret, not here")


@rule("kserve-s3-ignored", E, "serving.kserve.io/s3-* annotations on a ServiceAccount without IRSA",
      "put them on the Secret the ServiceAccount lists, or add eks.amazonaws.com/role-arn",
      kinds={"ServiceAccount"})
def s3_ignored(doc: Document, ctx: Context) -> Iterator[Hit]:
    # kserve v0.20.0 pkg/credentials/service_account_credentials.go,
    # CreateSecretVolumeAndEnvFromServiceAccount: ServiceAccount annotations are read only
    # next to eks.amazonaws.com/role-arn; otherwise only the listed Secrets' annotations count.
    ann = meta(doc.obj, "annotations")
    if "eks.amazonaws.com/role-arn" in ann:
        return
    for key in ann:
        if key.startswith(S3):
            yield Hit("metadata.annotations", f"KServe ignores {key} on a ServiceAccount without IRSA")


@rule("kserve-s3-endpoint", E, "malformed serving.kserve.io/s3-endpoint",
      "use host[:port] without scheme or trailing dot; set serving.kserve.io/s3-usehttps to 0 or 1",
      kinds={"ServiceAccount", "Secret"})
def s3_endpoint(doc: Document, ctx: Context) -> Iterator[Hit]:
    ann = meta(doc.obj, "annotations")
    endpoint = ann.get(S3 + "endpoint")
    if not isinstance(endpoint, str):
        return
    scheme, sep, host = endpoint.partition("://")
    usehttps = str(ann.get(S3 + "usehttps", "")).strip()
    if sep:
        clash = (scheme == "https" and usehttps == "0") or (scheme == "http" and usehttps == "1")
        yield Hit("metadata.annotations", f"s3-endpoint {endpoint} has a scheme" + (
            f" that contradicts s3-usehttps \"{usehttps}\"" if clash else ""),
            f"set s3-endpoint: {host.rstrip('.')} and s3-usehttps: \"{1 if scheme == 'https' else 0}\"")
    if (host if sep else endpoint).split(":")[0].endswith("."):
        yield Hit("metadata.annotations", f"s3-endpoint {endpoint} ends with a dot")
