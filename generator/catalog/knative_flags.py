"""Which Knative ``config-features`` flags a model's pod spec relies on.

Knative's webhook rejects pod spec fields beyond a small default set unless the cluster's
``knative-serving/config-features`` ConfigMap enables them (all of these default to
disabled). The catalog checks turn a missing flag into an error, the charts' NOTES list
the flags they rely on; both read :func:`flag_uses`, so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.spec import Model

NODE_SELECTOR = "kubernetes.podspec-nodeselector"
TOLERATIONS = "kubernetes.podspec-tolerations"
RUNTIME_CLASS = "kubernetes.podspec-runtimeclassname"
AFFINITY = "kubernetes.podspec-affinity"
PVC = "kubernetes.podspec-persistent-volume-claim"
PVC_WRITE = "kubernetes.podspec-persistent-volume-write"
SECURITY_CONTEXT = "kubernetes.podspec-securitycontext"
INIT_CONTAINERS = "kubernetes.podspec-init-containers"  # never generated; listed for completeness
FIELD_REF = "kubernetes.podspec-fieldref"


@dataclass(frozen=True)
class FlagUse:
    """One generated field that needs ``flag``; ``path`` is the catalog field, relative to the model."""

    flag: str
    path: tuple[Any, ...]
    field: str


def flag_uses(model: Model, pvc_storage: bool = False) -> list[FlagUse]:
    """Every flag the pod spec of ``model`` needs (``pvc_storage``: KServe mounts a pvc:// claim)."""
    uses: list[FlagUse] = []
    gpu = model.gpu
    if model.node_selector:
        uses.append(FlagUse(NODE_SELECTOR, ("nodeSelector",), "nodeSelector"))
    if gpu and gpu.node_selector:
        uses.append(FlagUse(NODE_SELECTOR, ("gpu", "nodeSelector"), "nodeSelector"))
    if gpu and gpu.product:
        uses.append(FlagUse(NODE_SELECTOR, ("gpu", "product"), "nodeSelector"))
    if model.tolerations:
        uses.append(FlagUse(TOLERATIONS, ("tolerations",), "tolerations"))
    if gpu and gpu.tolerations:
        # the default GPU toleration counts too: gpu.tolerations: [] opts out of it
        uses.append(FlagUse(TOLERATIONS, ("gpu", "tolerations"), "tolerations"))
    if gpu and gpu.runtime_class_name:
        uses.append(FlagUse(RUNTIME_CLASS, ("gpu", "runtimeClassName"), "runtimeClassName"))
    if model.affinity:
        uses.append(FlagUse(AFFINITY, ("affinity",), "affinity"))
    for i, mount in enumerate(model.mounts):
        uses.append(FlagUse(PVC, ("mounts", i, "claim"), "persistentVolumeClaim volume"))
        if not mount.read_only:
            uses.append(FlagUse(PVC_WRITE, ("mounts", i, "readOnly"), "writable persistentVolumeClaim mount"))
    if pvc_storage:
        uses.append(FlagUse(PVC, ("kserve", "storageUri"), "pvc:// storage volume"))
    for var in model.env:
        if var.field_path:
            uses.append(FlagUse(FIELD_REF, ("env", var.name), "env valueFrom.fieldRef"))
    return uses


def missing(model: Model, pvc_storage: bool = False) -> list[FlagUse]:
    enabled = set(model.cluster.knative.flags)
    return [u for u in flag_uses(model, pvc_storage) if u.flag not in enabled]


def needed(model: Model, pvc_storage: bool = False) -> list[str]:
    """Flags the chart relies on, sorted, each once (the security context one when used)."""
    flags = {u.flag for u in flag_uses(model, pvc_storage)}
    if pod_security_allowed(model):
        flags.add(SECURITY_CONTEXT)
    return sorted(flags)


def pod_security_allowed(model: Model) -> bool:
    """Whether the pod-level securityContext may be generated (else it moves to the container)."""
    return SECURITY_CONTEXT in model.cluster.knative.flags


def patch_command(flag: str) -> str:
    return (f"kubectl patch configmap/config-features -n knative-serving --type merge "
            f"-p '{{\"data\":{{\"{flag}\":\"enabled\"}}}}'")
