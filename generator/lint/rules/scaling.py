"""Scaling and availability rules: HPAs, PDBs, removed APIs, shared volumes."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.config import version_key
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig

E, W = Severity.ERROR, Severity.WARNING

# apiVersion -> (removed in, replacement, kinds; None = every kind of that apiVersion)
REMOVED: dict[str, tuple[str, str, frozenset[str] | None]] = {
    "extensions/v1beta1": ("1.16", "apps/v1 or networking.k8s.io/v1", None),
    "apps/v1beta1": ("1.16", "apps/v1", None),
    "apps/v1beta2": ("1.16", "apps/v1", None),
    "networking.k8s.io/v1beta1": ("1.22", "networking.k8s.io/v1", frozenset({"Ingress", "IngressClass"})),
    "apiextensions.k8s.io/v1beta1": ("1.22", "apiextensions.k8s.io/v1", None),
    "admissionregistration.k8s.io/v1beta1": ("1.22", "admissionregistration.k8s.io/v1", None),
    "rbac.authorization.k8s.io/v1beta1": ("1.22", "rbac.authorization.k8s.io/v1", None),
    "scheduling.k8s.io/v1beta1": ("1.22", "scheduling.k8s.io/v1", None),
    "certificates.k8s.io/v1beta1": ("1.22", "certificates.k8s.io/v1", None),
    "coordination.k8s.io/v1beta1": ("1.22", "coordination.k8s.io/v1", None),
    "apiregistration.k8s.io/v1beta1": ("1.22", "apiregistration.k8s.io/v1", None),
    "batch/v1beta1": ("1.25", "batch/v1", frozenset({"CronJob"})),
    "discovery.k8s.io/v1beta1": ("1.25", "discovery.k8s.io/v1", None),
    "events.k8s.io/v1beta1": ("1.25", "events.k8s.io/v1", None),
    "autoscaling/v2beta1": ("1.25", "autoscaling/v2", None),
    "policy/v1beta1": ("1.25", "policy/v1", None),
    "node.k8s.io/v1beta1": ("1.25", "node.k8s.io/v1", None),
    "autoscaling/v2beta2": ("1.26", "autoscaling/v2", None),
    "flowcontrol.apiserver.k8s.io/v1beta1": ("1.26", "flowcontrol.apiserver.k8s.io/v1", None),
    "storage.k8s.io/v1beta1": ("1.27", "storage.k8s.io/v1", frozenset({"CSIStorageCapacity"})),
    "flowcontrol.apiserver.k8s.io/v1beta2": ("1.29", "flowcontrol.apiserver.k8s.io/v1", None),
    "flowcontrol.apiserver.k8s.io/v1beta3": ("1.32", "flowcontrol.apiserver.k8s.io/v1", None),
}


def removed(doc: Document, kube_version: str) -> tuple[str, str] | None:
    """(removed in, replacement) when the document's apiVersion is gone at ``kube_version``."""
    entry = REMOVED.get(doc.api_version)
    if entry is None or (entry[2] is not None and doc.kind not in entry[2]):
        return None
    return (entry[0], entry[1]) if version_key(kube_version) >= version_key(entry[0]) else None


@rule("removed-api", E, "apiVersion removed at the target Kubernetes version",
      "migrate to the replacement apiVersion")
def removed_api(doc: Document, ctx: Context) -> Iterator[Hit]:
    gone = removed(doc, ctx.config.kube_version)
    if gone:
        yield Hit("apiVersion", f"{doc.api_version} {doc.kind} was removed in Kubernetes {gone[0]} "
                  f"(target {ctx.config.kube_version})", f"use {gone[1]}")


@rule("hpa-fixed-replicas", W, "workload scaled by an HPA (or a KEDA ScaledObject's) also sets spec.replicas",
      "drop spec.replicas: every sync (Argo CD, kubectl apply) resets what the HPA chose",
      kinds={"Deployment", "StatefulSet", "ReplicaSet"})
def hpa_fixed(doc: Document, ctx: Context) -> Iterator[Hit]:
    key = (ctx.index.ns(doc), doc.kind, doc.name)
    by = "an HPA" if key in ctx.index.hpas else "a KEDA ScaledObject" if key in ctx.index.scaled_objects else None
    if by and "replicas" in (doc.obj.get("spec") or {}):
        yield Hit("spec.replicas", f"{doc.kind} {doc.name} is scaled by {by} but also sets spec.replicas")


@rule("hpa-min-max", E, "HPA minReplicas/maxReplicas are inconsistent",
      "use 1 <= minReplicas <= maxReplicas", kinds={"HorizontalPodAutoscaler"},
      origin="kubernetes/kubernetes pkg/apis/autoscaling/validation/validation.go "
      "validateHorizontalPodAutoscalerSpec (not verified at a tag); HPAScaleToZero alpha and off by default "
      "in pkg/features/kube_features.go at v1.34.1")
def hpa_min_max(doc: Document, ctx: Context) -> Iterator[Hit]:
    spec = doc.obj.get("spec") or {}
    low, high = spec.get("minReplicas", 1), spec.get("maxReplicas")
    if isinstance(low, int) and low < 1:
        yield Hit("spec.minReplicas", f"minReplicas {low} needs the HPAScaleToZero alpha feature gate")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        yield Hit("spec.minReplicas", f"minReplicas {low} > maxReplicas {high}")


def _scaled(value: Any, total: int) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        return math.ceil(total * int(value[:-1]) / 100)  # the disruption controller rounds up
    return None


@rule("pdb-blocks-eviction", E, "PodDisruptionBudget allows no voluntary eviction (node drains hang)",
      "lower minAvailable below the replica count, or set maxUnavailable >= 1",
      kinds={"PodDisruptionBudget"})
def pdb_blocks(doc: Document, ctx: Context) -> Iterator[Hit]:
    spec = doc.obj.get("spec") or {}
    if "maxUnavailable" in spec and str(spec["maxUnavailable"]) in ("0", "0%"):
        yield Hit("spec.maxUnavailable", "maxUnavailable 0 never allows an eviction")
        return
    sel = spec.get("selector")
    if "minAvailable" not in spec or not isinstance(sel, dict):
        return
    ranges = [r for t in ctx.index.select(ctx.index.ns(doc), sel) if (r := ctx.index.replica_range(t))]
    floor = sum(r[0] for r in ranges)
    need = _scaled(spec["minAvailable"], floor)
    if ranges and need is not None and need >= floor:
        yield Hit("spec.minAvailable", f"minAvailable {spec['minAvailable']} >= the {floor} pod(s) the "
                  "selected workloads may run with")


@rule("rwo-multi-replica", W, "ReadWriteOnce PVC mounted by a Deployment that can run more than one pod",
      "use a ReadWriteMany claim, a StatefulSet with volumeClaimTemplates, or one replica",
      kinds={"Deployment"})
def rwo_multi(doc: Document, ctx: Context) -> Iterator[Hit]:
    tpl = ctx.index.templates.get(id(doc))
    rng = ctx.index.replica_range(tpl) if tpl else None
    if not tpl or not rng or rng[1] <= 1:
        return
    for i, vol in enumerate(tpl.spec.get("volumes") or []):
        claim = dig(vol, "persistentVolumeClaim", "claimName")
        modes = ctx.index.claim_modes(tpl.namespace, str(claim), ctx.config.claim_modes) if claim else None
        if modes and all(m in ("ReadWriteOnce", "ReadWriteOncePod") for m in modes):
            yield Hit(f"{tpl.prefix}.volumes[{i}].persistentVolumeClaim.claimName",
                      f"PVC {claim} is {'/'.join(modes)} but the Deployment can run {rng[1]} replicas")
