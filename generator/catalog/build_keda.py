"""``scaling.keda`` data → :class:`generator.spec.Keda` (schema-valid input; shapes only)."""

from __future__ import annotations

from typing import Any

from generator import spec as s

# Prometheus fields that become trigger metadata, in the order KEDA documents them.
PROMETHEUS_KEYS = ("serverAddress", "query", "threshold", "activationThreshold")


def _trigger(d: dict[str, Any]) -> s.KedaTrigger:
    if d["type"] == "prometheus":
        metadata = {k: str(d[k]) for k in PROMETHEUS_KEYS if k in d}
    else:
        metadata = {str(k): str(v) for k, v in d["metadata"].items()}
    ref = d.get("authenticationRef")
    auth = s.KedaAuth(ref["name"], ref.get("kind", "TriggerAuthentication")) if ref else None
    return s.KedaTrigger(type=d["type"], metadata=tuple(metadata.items()), name=d.get("name"), auth=auth)


def keda(d: dict[str, Any]) -> s.Keda:
    """The spec of one ``scaling.keda`` block."""
    return s.Keda(triggers=tuple(_trigger(t) for t in d["triggers"]), polling_interval=d.get("pollingInterval"),
                  cooldown_period=d.get("cooldownPeriod"), initial_cooldown_period=d.get("initialCooldownPeriod"),
                  idle_replicas=d.get("idleReplicas"))
