"""A workload has one autoscaler: a ScaledObject never shares its target with an HPA or another ScaledObject.

KEDA's webhook rejects a ScaledObject whose target another ScaledObject or a foreign HPA already
scales (kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go verifyHpas, verifyScaledObjects,
v2.20.2; scaleTargetRef defaults to apps/v1 Deployment, gvkr.go ParseGVKR). KServe's Standard mode
creates an HPA on ``<isvc>-predictor`` unless the InferenceService's autoscalerClass is external or
none, and its own ScaledObject for class keda (kserve/kserve pkg/controller/v1beta1/inferenceservice/
reconcilers/hpa/hpa_reconciler.go shouldCreateHPA, reconcilers/autoscaler/autoscaler_reconciler.go
createAutoscaler, v0.20.0).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import KSERVE_GROUP, dig, meta
from generator.lint.rules.keda import hpa_name

E = Severity.ERROR
Target = tuple[str, str, str, str]  # namespace, apiVersion, kind, name
OPT_OUT = "validations.keda.sh/hpa-ownership"
TRANSFER = "scaledobject.keda.sh/transfer-hpa-ownership"
KNATIVE_MODES = ("Serverless", "Knative")


def _target(doc: Document, ctx: Context) -> Target:
    ref = dig(doc.obj, "spec", "scaleTargetRef") or {}
    return (ctx.index.ns(doc), str(ref.get("apiVersion") or "apps/v1"), str(ref.get("kind") or "Deployment"),
            str(ref.get("name") or ""))


def _kserve_scalers(docs: list[Document], ctx: Context) -> dict[Target, str]:
    """Autoscalers KServe will create for the Standard-mode InferenceServices of the set."""
    out: dict[Target, str] = {}
    for doc in docs:
        if doc.kind != "InferenceService" or not doc.api_version.startswith(KSERVE_GROUP + "/"):
            continue
        anns = meta(doc.obj, "annotations")
        if anns.get("serving.kserve.io/deploymentMode") in KNATIVE_MODES:
            continue
        cls = anns.get("serving.kserve.io/autoscalerClass", "hpa")
        if cls in ("hpa", "keda"):
            what = "an HPA" if cls == "hpa" else "its own ScaledObject"
            out[(ctx.index.ns(doc), "apps/v1", "Deployment", f"{doc.name}-predictor")] = (
                f"InferenceService {doc.name} (autoscalerClass {cls}) makes KServe create {what}")
    return out


@rule("keda-hpa-conflict", E, "a ScaledObject's target is also scaled by an HPA or another ScaledObject",
      "keep one autoscaler per workload: drop the HPA (KEDA creates its own), or set the InferenceService's "
      "serving.kserve.io/autoscalerClass to external", scope="set",
      origin="kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go verifyHpas and verifyScaledObjects, v2.20.2; "
      "kserve/kserve reconcilers/hpa/hpa_reconciler.go shouldCreateHPA, v0.20.0")
def conflicts(docs: list[Document], ctx: Context) -> Iterator[Hit]:
    scaled: dict[Target, list[Document]] = defaultdict(list)
    for doc in docs:
        if doc.kind == "ScaledObject" and doc.api_version.startswith("keda.sh/"):
            scaled[_target(doc, ctx)].append(doc)
    if not scaled:
        return
    for target, objects in scaled.items():
        for later in objects[1:]:
            yield Hit("spec.scaleTargetRef.name", f"{target[2]} {target[3]} is already scaled by ScaledObject "
                      f"{objects[0].name}", doc=later)
    for doc in docs:
        if doc.kind != "HorizontalPodAutoscaler" or meta(doc.obj, "annotations").get(OPT_OUT) == "false":
            continue
        for so in scaled.get(_target(doc, ctx), []):
            adopted = meta(so.obj, "annotations").get(TRANSFER) == "true" and hpa_name(so) == doc.name
            if not adopted:
                yield Hit("spec.scaleTargetRef.name", f"the target {_target(doc, ctx)[3]} is "
                          f"already scaled by HorizontalPodAutoscaler {doc.name}", doc=so)
    for target, reason in _kserve_scalers(docs, ctx).items():
        for so in scaled.get(target, []):
            yield Hit("spec.scaleTargetRef.name", f"{reason} on Deployment {target[3]}", doc=so)
