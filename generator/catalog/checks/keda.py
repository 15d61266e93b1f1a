"""Checks for ``scaling.keda``: where a ScaledObject may own the replicas, and KEDA's own admission rules."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import modes
from generator.catalog.checks import Issue, model_check
from generator.catalog.keda_path import kserve_native
from generator.findings import Severity
from generator.spec import Catalog, Model

K = ("scaling", "keda")
HPA_FIELDS = (("cpuUtilization", "cpu_utilization"), ("memoryUtilization", "memory_utilization"),
              ("behavior", "behavior"))
LABEL_MAX = 63  # KEDA labels the HPA with the ScaledObject's name


@model_check
def target(model: Model, _: Catalog) -> Iterator[Issue]:
    """A ScaledObject needs a workload its serving mode lets KEDA scale, a range, and no second autoscaler."""
    sc = model.scaling
    if sc.keda is None:
        return
    if not modes.of(model).scales_with_keda(model):
        yield Issue(K, f"scaling.keda needs a Deployment to scale; serving {model.serving} "
                    f"({modes.of(model).autoscaler(model)} scales it) has none",
                    "remove scaling.keda, or use serving: deployment or kserve deploymentMode: Standard")
    if sc.replicas is not None or sc.max is None:
        yield Issue(("scaling", "replicas") if sc.replicas is not None else K,
                    "scaling.keda scales between scaling.min and scaling.max", "set scaling.min (0 scales to zero) and "
                    "scaling.max instead of replicas")
    for field, attr in HPA_FIELDS:
        if getattr(sc, attr) is not None:
            yield Issue(("scaling", field), f"{field} configures an HPA, but with scaling.keda the ScaledObject "
                        "owns the replicas (KEDA rejects a second autoscaler on the same Deployment)",
                        "remove it and express the load as a keda trigger")


def kserve(model: Model, _: Catalog) -> Iterator[Issue]:
    """KServe's side of ``scaling.keda`` (run by the kserve mode's checks)."""
    ks = model.kserve
    if model.scaling.keda is None or ks is None:
        return
    for field, value in (("scaleMetric", ks.scale_metric), ("scaleMetricType", ks.scale_metric_type),
                         ("scaleTarget", ks.scale_target)):
        if value is not None:  # kserve/kserve validateScalingKedaCompExtension, v0.20.0 (scaleMetric)
            yield Issue(("kserve", field), f"kserve.{field} drives KServe's HPA; with scaling.keda the "
                        "triggers decide", "remove it")
    if kserve_native(model) and len(f"keda-hpa-{model.name}-predictor") > LABEL_MAX:
        yield Issue(("name",), f"KServe names its ScaledObject {model.name}-predictor and KEDA its HPA "
                    f"keda-hpa-{model.name}-predictor, over {LABEL_MAX} characters (KEDA rejects it)",
                    f"use a name of at most {LABEL_MAX - len('keda-hpa--predictor')} characters")


@model_check
def admission(model: Model, _: Catalog) -> Iterator[Issue]:
    """kedacore/keda apis/keda/v1alpha1 at v2.20.2: CheckReplicaCountBoundsAreValid, ValidateTriggers and the
    pollingInterval/cooldownPeriod warnings of verifyScaledObjects (scaledobject_webhook.go)."""
    keda, sc = model.scaling.keda, model.scaling
    if keda is None:
        return
    low = sc.min if sc.min is not None else 1
    if keda.idle_replicas is not None and keda.idle_replicas >= max(low, 1):
        yield Issue((*K, "idleReplicas"), f"idleReplicas {keda.idle_replicas} must be below scaling.min ({low})",
                    "use idleReplicas: 0 with scaling.min >= 1, or drop idleReplicas and use min: 0")
    idle_zero = keda.idle_replicas == 0
    for field, value in (("pollingInterval", keda.polling_interval), ("cooldownPeriod", keda.cooldown_period)):
        if value is not None and low > 0 and not idle_zero:
            yield Issue((*K, field), f"{field} only matters when the workload can go idle (scaling.min 0 or "
                        "idleReplicas 0); KEDA warns and the HPA's own sync decides",
                        "remove it, or set scaling.min: 0",
                        severity=Severity.WARNING)
    seen: dict[str, int] = {}
    for i, trigger in enumerate(keda.triggers):
        if trigger.name is not None and trigger.name in seen:
            yield Issue((*K, "triggers", i, "name"), f"trigger name {trigger.name!r} is also used by "
                        f"triggers[{seen[trigger.name]}]", "trigger names must be unique")
        elif trigger.name is not None:
            seen[trigger.name] = i
