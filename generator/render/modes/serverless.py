"""Pod-spec rules shared by Knative Services and KServe's Knative mode (which creates one).

Knative's webhook accepts only part of a pod spec: no terminationGracePeriodSeconds, no
``privileged``, and a pod-level securityContext only behind ``kubernetes.podspec-securitycontext``.
"""

from __future__ import annotations

from typing import Any

from generator import spec as s
from generator.catalog import knative_flags
from generator.render.network import peers

# queue-proxy, the sidecar every request passes: 8012 http, 8013 h2c, 9090/9091 metrics that the
# autoscaler scrapes. The model's own port is reached over localhost only, so a NetworkPolicy
# never needs to name it.
QUEUE_PORTS = (8012, 8013, 9090, 9091)


def restrict_pod(model: s.Model, values: dict[str, Any]) -> None:
    """Make the common values acceptable to Knative, in place.

    Without the security-context flag the pod securityContext is dropped and what Knative
    allows on the container (runAsNonRoot, runAsUser, runAsGroup, seccompProfile, capabilities,
    allowPrivilegeEscalation, readOnlyRootFilesystem) carries the same restrictions there; only
    fsGroup is lost, so a mounted volume keeps its own ownership. A default catalog works on a
    default Knative install that way.
    """
    values.pop("terminationGracePeriodSeconds", None)  # Knative derives it from timeoutSeconds
    container = values["securityContext"]
    container.pop("privileged", None)
    if knative_flags.pod_security_allowed(model):
        values["podSecurityContext"].pop("fsGroupChangePolicy", None)  # not in Knative's allowed set
        return
    pod = values.pop("podSecurityContext")
    for key in ("runAsUser", "runAsGroup"):
        if key in pod:
            container[key] = pod[key]
    values["securityContext"] = dict(sorted(container.items()))


def ports(model: s.Model) -> list[dict[str, Any]]:
    """The one container port; Knative reads the protocol from its name (h2c or http1, nothing else)."""
    return [{"name": "h2c" if (p.app_protocol or "").lower() in ("grpc", "h2c") else "http1",
             "containerPort": p.port, "protocol": p.protocol} for p in model.ports[:1]]


def data_plane_ingress(model: s.Model) -> list[dict[str, Any]]:
    """NetworkPolicy rules: Knative's data plane and the catalog's peers, on queue-proxy ports."""
    ports = [{"port": p, "protocol": "TCP"} for p in QUEUE_PORTS]
    plane = [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": ns}}}
             for ns in model.cluster.knative.data_plane_namespaces]
    rules: list[dict[str, Any]] = [{"from": plane, "ports": ports}]
    extra = peers(model)
    if extra:
        rules.append({"from": extra, "ports": ports})
    return rules


def flag_notes(model: s.Model, pvc_storage: bool = False) -> list[str]:
    """NOTES lines naming the config-features flags the chart relies on."""
    notes = []
    flags = knative_flags.needed(model, pvc_storage)
    if flags:
        notes.append("Knative config-features flags this chart relies on (knative-serving/config-features): "
                     + ", ".join(flags) + ".")
    if not knative_flags.pod_security_allowed(model):
        notes.append(f"{knative_flags.SECURITY_CONTEXT} is not enabled: the pod securityContext is left out and "
                     "runAsNonRoot/runAsUser/runAsGroup/seccompProfile are set on the container instead (no fsGroup).")
    return notes
