"""Semantic facts about one model, read off its rendered resources (what the cluster gets).

A fact is a short display string, or a tuple of strings for sets (hosts, PVCs). Reading the
rendered manifests rather than the catalog keeps the report honest about defaults and
mode-specific rendering: a ``minReplicas`` the chart never emits does not show up as a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.pipeline.changes.pod import Facts, Value, get, pod_facts
from generator.validate.manifests import Resource

__all__ = ["Facts", "Value", "model_facts", "order"]

# Table order; facts of workloads other than the model's own get the workload name appended.
ORDER = ("serving", "destination", "image", "storage URI", "model format", "runtime", "GPU", "GPU product",
         "runtime class", "replicas", "min replicas", "max replicas", "traffic", "canary", "hosts",
         "CPU request", "CPU limit", "memory request", "memory limit", "PVCs", "disruption budget")


def model_facts(model: str, resources: Iterable[Resource]) -> Facts:
    """The facts of one model's resources (its Application included)."""
    out: Facts = {}
    for res in resources:
        reader = _READERS.get(res.key.kind)
        if reader is not None:
            suffix = "" if res.key.name == model else f" ({res.key.name})"
            reader(res.doc, out, suffix)
    return out


def _application(doc: dict[str, Any], out: Facts, _suffix: str) -> None:
    dest = get(doc, "spec", "destination")
    if dest:
        out["destination"] = f"{dest.get('namespace', '')} @ {dest.get('server') or dest.get('name', '')}"


def _workload(doc: dict[str, Any], out: Facts, suffix: str) -> None:
    """A Deployment or StatefulSet (``serving: deployment``, with its ``workload`` kind)."""
    out.setdefault("serving", "deployment" if doc.get("kind") == "Deployment" else f"deployment ({doc.get('kind')})")
    replicas = get(doc, "spec", "replicas")
    if replicas is not None:
        out[f"replicas{suffix}"] = str(replicas)
    pod_facts(get(doc, "spec", "template", "spec") or {}, out, suffix)


def _knative(doc: dict[str, Any], out: Facts, suffix: str) -> None:
    if _group(doc) != "serving.knative.dev":
        return  # a core Service: nothing semantic beyond the resource diff
    out["serving"] = "knative"
    notes = get(doc, "spec", "template", "metadata", "annotations") or {}
    for fact, key in (("min replicas", "min-scale"), ("max replicas", "max-scale")):
        if f"autoscaling.knative.dev/{key}" in notes:
            out[f"{fact}{suffix}"] = str(notes[f"autoscaling.knative.dev/{key}"])
    traffic = get(doc, "spec", "traffic") or []
    if traffic:
        out[f"traffic{suffix}"] = ", ".join(
            f"{t.get('revisionName') or ('latest' if t.get('latestRevision') else '?')}"
            f"{' (' + t['tag'] + ')' if t.get('tag') else ''} {t.get('percent', 0)} %" for t in traffic)
    pod_facts(get(doc, "spec", "template", "spec") or {}, out, suffix)


def _inference_service(doc: dict[str, Any], out: Facts, suffix: str) -> None:
    notes = get(doc, "metadata", "annotations") or {}
    out["serving"] = f"kserve ({notes.get('serving.kserve.io/deploymentMode', 'default mode')})"
    predictor = get(doc, "spec", "predictor") or {}
    model = predictor.get("model") or {}
    for fact, value in (("min replicas", predictor.get("minReplicas")), ("max replicas", predictor.get("maxReplicas")),
                        ("storage URI", model.get("storageUri") or predictor.get("storageUri")),
                        ("model format", get(model, "modelFormat", "name")), ("runtime", model.get("runtime"))):
        if value is not None:
            out[f"{fact}{suffix}"] = str(value)
    if predictor.get("canaryTrafficPercent") is not None:
        out[f"canary{suffix}"] = f"{predictor['canaryTrafficPercent']} %"
    # Standard mode (KServe 0.20+): spec.canary[] predictors, each with its trafficPercent
    canaries = [c for c in get(doc, "spec", "canary") or () if isinstance(c, dict)]
    if canaries:
        out[f"canary{suffix}"] = ", ".join(
            f"{get(c, 'predictor', 'name') or '?'} {c.get('trafficPercent', 0)} %"
            + (f" ({uri})" if (uri := get(c, "predictor", "model", "storageUri")) else "") for c in canaries)
    containers = list(predictor.get("containers") or ()) or ([model] if model else [])
    pod_facts({**predictor, "containers": containers}, out, suffix)


def _scaler(doc: dict[str, Any], out: Facts, suffix: str) -> None:
    """An HPA or a KEDA ScaledObject: the replica range it owns replaces the Deployment's count."""
    spec = doc.get("spec") or {}
    low = spec.get("minReplicas", spec.get("minReplicaCount"))
    high = spec.get("maxReplicas", spec.get("maxReplicaCount"))
    if low is not None:
        out[f"min replicas{suffix}"] = str(low)
    if high is not None:
        out[f"max replicas{suffix}"] = str(high)


def _hosts(doc: dict[str, Any], out: Facts, _suffix: str) -> None:
    spec = doc.get("spec") or {}
    found = [r.get("host") for r in spec.get("rules") or () if isinstance(r, dict)]
    found += list(spec.get("hostnames") or ())
    if doc.get("kind") == "DomainMapping":
        found.append(get(doc, "metadata", "name"))
    hosts = set(out.get("hosts", ())) | {str(h) for h in found if h}
    if hosts:
        out["hosts"] = tuple(sorted(hosts))
    if doc.get("kind") == "HTTPRoute":
        refs = [ref for rule in spec.get("rules") or () for ref in rule.get("backendRefs") or ()]
        if any("weight" in ref for ref in refs):
            out["traffic"] = ", ".join(f"{ref.get('name')} {ref.get('weight', 1)}" for ref in refs)


def _pdb(doc: dict[str, Any], out: Facts, suffix: str) -> None:
    spec = doc.get("spec") or {}
    for key in ("minAvailable", "maxUnavailable"):
        if key in spec:
            out[f"disruption budget{suffix}"] = f"{key} {spec[key]}"


def _group(doc: dict[str, Any]) -> str:
    return str(doc.get("apiVersion", "")).rpartition("/")[0]


_READERS = {"Application": _application, "Deployment": _workload, "StatefulSet": _workload, "Service": _knative,
            "InferenceService": _inference_service, "HorizontalPodAutoscaler": _scaler, "ScaledObject": _scaler,
            "Ingress": _hosts, "HTTPRoute": _hosts, "DomainMapping": _hosts, "PodDisruptionBudget": _pdb}


def order(fact: str) -> tuple[int, str]:
    """Sort key: the table order of the fact's base name, then the name."""
    base = fact.split(" (")[0]
    return (ORDER.index(base) if base in ORDER else len(ORDER), fact)
