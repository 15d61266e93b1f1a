"""KServe canaries: ``canaryTrafficPercent`` where the deploymentMode reads it, ``spec.canary`` as
the v0.20.0 webhook accepts it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import KSERVE_GROUP, dig, meta
from generator.lint.rules.kserve import MODE

E = Severity.ERROR
STANDARD_MODES = ("Standard", "RawDeployment")


def isvc_mode(doc: Document) -> str | None:
    if not doc.api_version.startswith(KSERVE_GROUP + "/"):
        return None
    return str(meta(doc.obj, "annotations").get(MODE, ""))


@rule("kserve-canary", E, "a KServe canary the deploymentMode ignores or the webhook rejects: "
      "canaryTrafficPercent in Standard/RawDeployment mode (read by the Knative reconciler only), spec.canary "
      "outside Standard mode, canary traffic over 100 %, autoscaling fields or duplicate names on a canary",
      "Standard mode: spec.canary (KServe 0.20+); Knative mode: predictor.canaryTrafficPercent",
      kinds={"InferenceService"}, api=KSERVE_GROUP + "/",
      origin="kserve/kserve pkg/apis/serving/v1beta1/inference_service_validation.go validateCanarySpecs; "
      "pkg/controller/v1beta1/inferenceservice/reconcilers/knative/ksvc_reconciler.go (v0.20.0)")
def kserve_canary(doc: Document, ctx: Context) -> Iterator[Hit]:
    mode = isvc_mode(doc)
    if mode is None:
        return
    standard = mode in STANDARD_MODES
    if standard and dig(doc.obj, "spec", "predictor", "canaryTrafficPercent") is not None:
        yield Hit("spec.predictor.canaryTrafficPercent", f"deploymentMode {mode} ignores canaryTrafficPercent")
    canaries = dig(doc.obj, "spec", "canary")
    if not isinstance(canaries, list) or not canaries:
        return
    if not standard:
        yield Hit("spec.canary", f"spec.canary is for deploymentMode Standard, not {mode or 'the cluster default'}")
    yield from _canaries(doc, [c for c in canaries if isinstance(c, dict)])


def _canaries(doc: Document, canaries: list[dict[str, Any]]) -> Iterator[Hit]:
    stable = dig(doc.obj, "spec", "predictor", "name") or ""
    seen: set[str] = set()
    total = 0
    for i, canary in enumerate(canaries):
        at = f"spec.canary[{i}]"
        found = canary.get("predictor")
        pred: dict[str, Any] = found if isinstance(found, dict) else {}
        name = str(pred.get("name") or "")
        if not name or name in seen or name == stable:
            yield Hit(f"{at}.predictor.name", f"canary predictor name {name!r} is empty, repeated or the stable "
                      "predictor's")
        seen.add(name)
        total += canary.get("trafficPercent", 0) if isinstance(canary.get("trafficPercent"), int) else 0
        for key in ("maxReplicas", "scaleTarget", "scaleMetric", "autoScaling"):
            if key in pred:
                yield Hit(f"{at}.predictor.{key}", f"a canary runs fixed replicas: {key} is rejected")
    if total > 100:
        yield Hit("spec.canary", f"canary trafficPercent values sum to {total}, more than 100")
