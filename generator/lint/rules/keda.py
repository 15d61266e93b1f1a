"""KEDA ScaledObject rules: what KEDA's admission webhook rejects, ported from kedacore/keda at v2.20.2.

Sources: apis/keda/v1alpha1/scaledobject_types.go (CheckReplicaCountBoundsAreValid,
CheckFallbackValid, the CEL rule on ScaledObjectSpec), scaletriggers_types.go (ValidateTriggers)
and scaledobject_webhook.go (verifyName, verifyHpas, verifyScaledObjects). The conflicts
between autoscalers of one workload are in :mod:`.keda_conflicts`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig

E, W = Severity.ERROR, Severity.WARNING
ORIGIN = "kedacore/keda apis/keda/v1alpha1/{}, v2.20.2"
LABEL_MAX = 63  # the ScaledObject's name is a label value on the HPA KEDA creates
DEFAULT_MAX = 100  # defaultHPAMaxReplicas
RESOURCE_TRIGGERS = ("cpu", "memory")


def _spec(doc: Document) -> dict[str, Any]:
    spec = doc.obj.get("spec")
    return spec if isinstance(spec, dict) and doc.api_version.startswith("keda.sh/") else {}


def hpa_name(doc: Document) -> str:
    """The HPA KEDA creates for a ScaledObject (getHpaName)."""
    return str(dig(doc.obj, "spec", "advanced", "horizontalPodAutoscalerConfig", "name") or f"keda-hpa-{doc.name}")


@rule("keda-replica-bounds", E, "ScaledObject replica counts KEDA rejects",
      "keep minReplicaCount <= maxReplicaCount (default 100) and idleReplicaCount below minReplicaCount",
      kinds={"ScaledObject"}, origin=ORIGIN.format("scaledobject_types.go CheckReplicaCountBoundsAreValid and the "
                                                   "ScaledObjectSpec XValidation rule"))
def replica_bounds(doc: Document, ctx: Context) -> Iterator[Hit]:
    spec = _spec(doc)
    low, high, idle = spec.get("minReplicaCount"), spec.get("maxReplicaCount", DEFAULT_MAX), spec.get(
        "idleReplicaCount")
    if isinstance(low, int) and isinstance(high, int) and max(low, 1) > high:
        yield Hit("spec.minReplicaCount", f"minReplicaCount {low} > maxReplicaCount {high}")
    # without minReplicaCount KEDA compares with 0; with 0 it compares with the HPA's floor of 1
    floor = max(low, 1) if isinstance(low, int) else 0
    if isinstance(idle, int) and idle >= floor:
        yield Hit("spec.idleReplicaCount", f"idleReplicaCount {idle} must be less than minReplicaCount ({floor})")


@rule("keda-triggers", E, "ScaledObject triggers KEDA rejects",
      "give each named trigger a unique name; useCachedMetrics is not for cpu, memory or cron triggers",
      kinds={"ScaledObject"}, origin=ORIGIN.format("scaletriggers_types.go ValidateTriggers"))
def triggers(doc: Document, ctx: Context) -> Iterator[Hit]:
    seen: set[str] = set()
    for i, trigger in enumerate(_spec(doc).get("triggers") or []):
        if not isinstance(trigger, dict):
            continue
        if trigger.get("useCachedMetrics") and trigger.get("type") in (*RESOURCE_TRIGGERS, "cron"):
            yield Hit(f"spec.triggers[{i}].useCachedMetrics", f"useCachedMetrics is not supported for "
                      f"{trigger.get('type')} triggers")
        name = trigger.get("name")
        if name and name in seen:
            yield Hit(f"spec.triggers[{i}].name", f"trigger name {name!r} is used twice")
        seen.add(str(name))


@rule("keda-fallback", E, "ScaledObject fallback KEDA rejects",
      "add a trigger other than cpu/memory, or scalingModifiers with a formula, or remove spec.fallback",
      kinds={"ScaledObject"}, origin=ORIGIN.format("scaledobject_types.go CheckFallbackValid; scaledobject_webhook.go "
                                                   "verifyScaledObjects"))
def fallback(doc: Document, ctx: Context) -> Iterator[Hit]:
    spec = _spec(doc)
    fb = spec.get("fallback")
    if not isinstance(fb, dict):
        return
    formula = dig(spec, "advanced", "scalingModifiers", "formula")
    types = [t.get("type") for t in spec.get("triggers") or [] if isinstance(t, dict)]
    if not formula and not [t for t in types if t not in RESOURCE_TRIGGERS]:
        yield Hit("spec.fallback", "fallback needs a trigger other than cpu or memory (their metrics cannot fall back)")
    if fb.get("behavior") == "scalingModifiers" and not formula:
        yield Hit("spec.fallback.behavior", "fallback behavior scalingModifiers needs "
                  "advanced.scalingModifiers.formula")


@rule("keda-name-length", E, "ScaledObject or the HPA KEDA derives from it has a name over 63 characters",
      "shorten the ScaledObject's name, or set spec.advanced.horizontalPodAutoscalerConfig.name",
      kinds={"ScaledObject"}, origin=ORIGIN.format("scaledobject_webhook.go verifyName and getHpaName"))
def name_length(doc: Document, ctx: Context) -> Iterator[Hit]:
    if not _spec(doc):
        return
    if len(doc.name) > LABEL_MAX:
        yield Hit("metadata.name", f"name is {len(doc.name)} characters; KEDA uses it as a label value")
    elif len(hpa_name(doc)) > LABEL_MAX:
        yield Hit("metadata.name", f"the HPA name {hpa_name(doc)!r} is {len(hpa_name(doc))} characters")
