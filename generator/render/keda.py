"""``scaling.keda`` → the chart's ``keda:`` values and the ScaledObject template, or KServe's own KEDA fields.

A ScaledObject replaces the HPA (KEDA creates ``keda-hpa-<name>`` itself and its admission
webhook rejects a second HPA on the same target: kedacore/keda apis/keda/v1alpha1/
scaledobject_webhook.go verifyHpas, v2.20.2), so a model with ``scaling.keda`` never gets
templates/hpa.yaml. Which object KServe models get: :mod:`generator.catalog.keda_path`.
"""

from __future__ import annotations

from typing import Any

from generator import spec as s
from generator.catalog.keda_path import kserve_native

TEMPLATE = "templates/scaledobject.yaml.jinja"
ANNOTATION = "serving.kserve.io/autoscalerClass"


def trigger(t: s.KedaTrigger) -> dict[str, Any]:
    """One ScaledObject trigger."""
    out: dict[str, Any] = {"type": t.type}
    if t.name:
        out["name"] = t.name
    out["metadata"] = dict(t.scaler_metadata)
    if t.authentication_ref is not None:
        out["authenticationRef"] = {"name": t.authentication_ref.name, "kind": t.authentication_ref.kind}
    return out


def values(model: s.Model) -> dict[str, Any]:
    """The ``keda:`` values block the ScaledObject template reads."""
    keda, sc = model.scaling.keda, model.scaling
    assert keda is not None
    out: dict[str, Any] = {"minReplicaCount": sc.min if sc.min is not None else 1, "maxReplicaCount": sc.max}
    for key, value in (("pollingInterval", keda.polling_interval), ("cooldownPeriod", keda.cooldown_period),
                       ("initialCooldownPeriod", keda.initial_cooldown_period),
                       ("idleReplicaCount", keda.idle_replicas)):
        if value is not None:
            out[key] = value
    out["triggers"] = [trigger(t) for t in keda.triggers]
    return out


def kserve_metrics(model: s.Model) -> list[dict[str, Any]]:
    """``spec.predictor.autoScaling.metrics`` from which KServe builds its ScaledObject (prometheus only)."""
    keda = model.scaling.keda
    assert keda is not None
    out: list[dict[str, Any]] = []
    for t in keda.triggers:
        external: dict[str, Any] = {"metric": {"backend": "prometheus", "serverAddress": t.server_address,
                                               "query": t.query},
                                    "target": {"type": "Value", "value": t.threshold}}
        if t.authentication_ref is not None:
            external["authenticationRef"] = {"authenticationRef": {"name": t.authentication_ref.name}}
        out.append({"type": "External", "external": external})
    return out


def kserve(model: s.Model, values_: dict[str, Any], templates: list[str]) -> None:
    """Fill a KServe model's values (and template list) for KEDA."""
    if model.scaling.keda is None:
        return
    if kserve_native(model):
        values_["kserve"]["autoscalerClass"] = "keda"
        values_["predictor"]["autoScaling"] = {"metrics": kserve_metrics(model)}
    else:
        values_["kserve"]["autoscalerClass"] = "external"  # KServe creates no HPA; the chart's ScaledObject scales
        for key in ("minReplicas", "maxReplicas"):
            values_["predictor"].pop(key, None)
        values_["keda"] = values(model)
        templates.append(TEMPLATE)


def notes(model: s.Model) -> tuple[str, ...]:
    """What NOTES.txt says about KEDA scaling."""
    keda, sc = model.scaling.keda, model.scaling
    if keda is None:
        return ()
    kinds = ", ".join(sorted({t.type for t in keda.triggers}))
    zero = " (scales to zero when no trigger is active)" if sc.min == 0 else ""
    out = [f"KEDA scales {sc.min if sc.min is not None else 1}..{sc.max} pods on {kinds}{zero}; "
           f"kubectl -n {model.namespace} get scaledobject shows it."]
    if model.serving == "kserve":
        out.append("KServe creates the ScaledObject (autoscalerClass keda)." if kserve_native(model) else
                   "The chart's ScaledObject scales the <name>-predictor Deployment; autoscalerClass external keeps "
                   "KServe from creating an HPA.")
    return tuple(out)
