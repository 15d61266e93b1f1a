"""HorizontalPodAutoscaler behavior and PodDisruptionBudget fields."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig

E = Severity.ERROR
PERCENT = re.compile(r"[0-9]+%")


@rule("hpa-behavior", E, "HPA scaling behavior or metric target out of the API server's bounds",
      "stabilizationWindowSeconds 0..3600; policy periodSeconds 1..1800 and value > 0; "
      "averageUtilization > 0", kinds={"HorizontalPodAutoscaler"},
      origin="kubernetes/kubernetes pkg/apis/autoscaling/validation/validation.go validateBehavior, "
             "validateScalingRules, validateScalingPolicy, validateMetricTarget (not verified at a tag); the "
             "bounds as documented in staging/src/k8s.io/api/autoscaling/v2/types.go HPAScalingRules, "
             "HPAScalingPolicy at v1.34.1")
def hpa_behavior(doc: Document, ctx: Context) -> Iterator[Hit]:
    for direction in ("scaleUp", "scaleDown"):
        rules = dig(doc.obj, "spec", "behavior", direction)
        if not isinstance(rules, dict):
            continue
        at = f"spec.behavior.{direction}"
        window = rules.get("stabilizationWindowSeconds")
        if isinstance(window, int) and not 0 <= window <= 3600:
            yield Hit(f"{at}.stabilizationWindowSeconds", f"stabilizationWindowSeconds {window} is outside 0..3600")
        for i, policy in enumerate(rules.get("policies") or []):
            period, value = policy.get("periodSeconds"), policy.get("value")
            if isinstance(period, int) and not 1 <= period <= 1800:
                yield Hit(f"{at}.policies[{i}].periodSeconds", f"periodSeconds {period} is outside 1..1800")
            if isinstance(value, int) and value <= 0:
                yield Hit(f"{at}.policies[{i}].value", f"value {value} must be positive")
    for i, metric in enumerate(dig(doc.obj, "spec", "metrics") or []):
        for source in ("resource", "containerResource", "pods", "object", "external"):
            util = dig(metric, source, "target", "averageUtilization")
            if isinstance(util, int) and util <= 0:
                yield Hit(f"spec.metrics[{i}].{source}.target.averageUtilization",
                          f"averageUtilization {util} must be positive")


@rule("pdb-fields", E, "PodDisruptionBudget with both minAvailable and maxUnavailable, or a bad value",
      "set exactly one of minAvailable or maxUnavailable, as an integer ≥ 0 or a percentage like 50%",
      kinds={"PodDisruptionBudget"},
      origin="kubernetes/kubernetes pkg/apis/policy/validation/validation.go ValidatePodDisruptionBudgetSpec; "
             "pkg/apis/apps/validation ValidatePositiveIntOrPercent, IsNotMoreThan100Percent (not verified at a "
             "tag); the two fields are mutually exclusive as documented in staging/src/k8s.io/api/policy/v1/"
             "types.go PodDisruptionBudgetSpec at v1.34.1")
def pdb_fields(doc: Document, ctx: Context) -> Iterator[Hit]:
    spec = doc.obj.get("spec") or {}
    if "minAvailable" in spec and "maxUnavailable" in spec:
        yield Hit("spec", "minAvailable and maxUnavailable cannot both be set")
    for key in ("minAvailable", "maxUnavailable"):
        value = spec.get(key)
        if value is None:
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            bad = value < 0
        else:
            bad = not (isinstance(value, str) and PERCENT.fullmatch(value) and int(value[:-1]) <= 100)
        if bad:
            yield Hit(f"spec.{key}", f"{key} {value!r} is not an integer ≥ 0 or a percentage ≤ 100%")
