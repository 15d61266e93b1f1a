"""KServe's own KEDA scaling: what its webhook rejects in ``spec.predictor.autoScaling`` for autoscalerClass keda."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig, meta
from generator.lint.rules.kserve import AUTOSCALER_CLASS, MODE, _isvc

E = Severity.ERROR
STANDARD_MODES = ("Standard", "RawDeployment")
SOURCES = {"Resource": "resource", "External": "external", "PodMetric": "podmetric"}
TARGET_FIELD = {"Utilization": "averageUtilization", "AverageValue": "averageValue", "Value": "value"}


def _target(target: Any, at: str) -> Iterator[Hit]:
    """validateScaleTarget: the field of the target's type must be set; utilization is a percentage."""
    if not isinstance(target, dict):
        return
    field = TARGET_FIELD.get(str(target.get("type")))
    if field and target.get(field) is None:
        yield Hit(f"{at}.type", f"target type {target['type']} needs target.{field}")
    pct = target.get("averageUtilization")
    if target.get("type") == "Utilization" and isinstance(pct, int) and not 1 <= pct <= 100:
        yield Hit(f"{at}.averageUtilization", f"averageUtilization {pct} is not in 1..100")


def _resource(source: dict[str, Any], at: str) -> Iterator[Hit]:
    name, kind = source.get("name"), dig(source, "target", "type")
    if name == "cpu" and kind != "Utilization":
        yield Hit(f"{at}.target.type", "a cpu target must be of type Utilization")
    elif name == "memory" and kind not in ("AverageValue", "Utilization"):
        yield Hit(f"{at}.target.type", "a memory target must be of type AverageValue or Utilization")
    elif name not in ("cpu", "memory"):
        yield Hit(f"{at}.name", f"resource {name!r} is not supported")


@rule("kserve-keda-metrics", E, "InferenceService autoScaling metrics KServe rejects for autoscalerClass keda",
      "External and PodMetric metrics need a query and target.value; cpu targets Utilization; no scaleMetric",
      kinds={"InferenceService"}, origin="kserve/kserve pkg/apis/serving/v1beta1/inference_service_validation.go "
      "validateAutoScalingCompExtension, validateScalingKedaCompExtension, validateScaleTarget (v0.20.0)")
def keda_metrics(doc: Document, ctx: Context) -> Iterator[Hit]:
    anns = meta(doc.obj, "annotations")
    if not _isvc(doc) or anns.get(AUTOSCALER_CLASS) != "keda" or anns.get(MODE, "Standard") not in STANDARD_MODES:
        return
    for component in ("predictor", "transformer", "explainer"):
        spec = dig(doc.obj, "spec", component)
        if not isinstance(spec, dict):
            continue
        if spec.get("scaleMetric") is not None:
            yield Hit(f"spec.{component}.scaleMetric", "scaleMetric is not supported for KEDA")
        for i, metric in enumerate(dig(spec, "autoScaling", "metrics") or []):
            at = f"spec.{component}.autoScaling.metrics[{i}]"
            key = SOURCES.get(str(metric.get("type"))) if isinstance(metric, dict) else None
            source = metric.get(key) if key else None
            if key is None or not isinstance(source, dict):
                yield Hit(f"{at}.type", f"metric type {metric.get('type')!r} needs its {key or 'source'} block"
                          if key else f"unknown KEDA metric type {metric.get('type')!r}")
                continue
            if key == "resource":
                yield from _resource(source, f"{at}.resource")
            else:
                if not dig(source, "metric", "query"):
                    yield Hit(f"{at}.{key}.metric.query", "the query must not be empty")
                if dig(source, "target", "value") is None:
                    yield Hit(f"{at}.{key}.target.value", "the target threshold value must be set")
            yield from _target(source.get("target"), f"{at}.{key}.target")
