"""Knative autoscaling annotations: every bound and combination ValidateAnnotations checks.

Origin: knative/serving pkg/apis/autoscaling/annotation_validation.go at knative-v1.23.0
(validateClass, validateMinMaxScale, validateMaxScaleWithinLimit, validateFloats,
validateWindow, validateLastPodRetention, validateScaleDownDelay, validateMetric,
validateAlgorithm, validateInitialScale).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.lint.facts.knative import (
    HPA,
    KPA,
    WINDOW_MAX,
    WINDOW_MIN,
    _float,
    _get,
    _int,
    duration,
)


def problems(anns: dict[str, str], allow_zero_initial: bool = False,
             max_scale_limit: int = 0, default_class: str = KPA) -> Iterator[tuple[str, str]]:
    """(annotation key, message) for each annotation the webhook rejects."""
    cls = _get(anns, "class")
    if cls and cls[1].endswith(".knative.dev") and cls[1] not in (KPA, HPA):
        yield cls[0], f"class {cls[1]!r} is neither {KPA} nor {HPA}"
    yield from _scale(anns, max_scale_limit)
    yield from _floats(anns)
    yield from _durations(anns)
    klass = cls[1] if cls else default_class
    metric = _get(anns, "metric")
    if metric and ((klass == KPA and metric[1] not in ("concurrency", "rps")) or (klass == HPA and not metric[1])):
        yield metric[0], f"metric {metric[1]!r} is not supported by class {klass}"
    algo = _get(anns, "metric-aggregation-algorithm")
    if algo and klass == KPA and algo[1] and algo[1] not in ("linear", "weighted-exponential", "weightedExponential"):
        yield algo[0], f"metric-aggregation-algorithm {algo[1]!r} is not linear or weighted-exponential"
    init = _get(anns, "initial-scale")
    if init:
        n = _int(init[1])
        if n is None or n < 0:
            yield init[0], f"initial-scale {init[1]!r} is not an integer >= 0"
        elif n == 0 and not allow_zero_initial:
            yield init[0], "initial-scale 0 is not allowed by the cluster (allow-zero-initial-scale)"


def _scale(anns: dict[str, str], limit: int) -> Iterator[tuple[str, str]]:
    values = {}
    for name in ("min-scale", "max-scale"):
        found = _get(anns, name)
        n = _int(found[1]) if found else 0
        if found and (n is None or n < 0):
            yield found[0], f"{name} {found[1]!r} is not an integer >= 0"
        values[name] = n or 0
    low, high = values["min-scale"], values["max-scale"]
    max_key = _get(anns, "max-scale")
    if high and high < low:
        yield (max_key or ("", ""))[0], f"max-scale={high} is less than min-scale={low}"
    if max_key and limit and (high > limit or high == 0):
        yield max_key[0], f"max-scale={high} is outside 1..{limit} (max-scale-limit)"
    act = _get(anns, "activation-scale")
    if act:
        n = _int(act[1])
        if n is None:
            yield act[0], f"activation-scale {act[1]!r} is not an integer"
        elif low > n:
            yield act[0], f"min-scale={low} is greater than activation-scale={n}"
        elif high and high < n:
            yield act[0], f"max-scale={high} is less than activation-scale={n}"
        elif n < 2:
            yield act[0], f"activation-scale={n} must be greater than 1"


def _floats(anns: dict[str, str]) -> Iterator[tuple[str, str]]:
    bounds = {"panic-window-percentage": (1.0, 100.0), "panic-threshold-percentage": (110.0, 1000.0),
              "target-utilization-percentage": (1.0, 100.0), "target": (0.01, None)}
    for name, (low, high) in bounds.items():
        found = _get(anns, name)
        if not found:
            continue
        v = _float(found[1])
        if v is None or v < low or (high is not None and v > high):
            yield found[0], f"{name} {found[1]!r} is outside {low:g}..{'' if high is None else f'{high:g}'}"
    tbc = _get(anns, "target-burst-capacity")
    if tbc:
        v = _float(tbc[1])
        if v is None or (v < 0 and v != -1):
            yield tbc[0], f"target-burst-capacity {tbc[1]!r} must be >= 0 or -1"


def _durations(anns: dict[str, str]) -> Iterator[tuple[str, str]]:
    window = _get(anns, "window")
    if window:
        d = duration(window[1])
        if d is None or not WINDOW_MIN <= d <= WINDOW_MAX or d != int(d):
            yield window[0], f"window {window[1]!r} must be whole seconds within 6s..1h"
    for name, whole in (("scale-to-zero-pod-retention-period", False), ("scale-down-delay", True)):
        found = _get(anns, name)
        if found:
            d = duration(found[1])
            if d is None or not 0 <= d <= WINDOW_MAX or (whole and d != round(d)):
                yield found[0], f"{name} {found[1]!r} must be a duration within 0s..1h" + (
                    " in whole seconds" if whole else "")
