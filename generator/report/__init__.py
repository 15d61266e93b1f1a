"""``infergen report``: a one-page static HTML summary of the catalog (see :mod:`generator.report.html`).

This module computes the numbers: per model its serving mode, GPUs, scaling range and
exposure; per namespace the GPUs, CPU and memory requested at minimum and maximum scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import spec as s

_SUFFIX = {"": 1.0, "m": 1e-3, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
           "Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50, "Ei": 2.0**60}
_QUANTITY = re.compile(r"^\+?([0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|K|M|G|T|P|E)?$")


def quantity(value: str | None) -> float:
    """A Kubernetes quantity as a float (bytes for memory, cores for CPU); 0 when absent."""
    if value is None:
        return 0.0
    match = _QUANTITY.match(str(value).strip())
    if not match:
        return 0.0
    return float(match.group(1)) * _SUFFIX[match.group(2) or ""]


@dataclass(frozen=True)
class ModelRow:
    name: str
    namespace: str
    serving: str  # e.g. "deployment (StatefulSet)", "kserve (Standard)"
    gpus_per_pod: int
    gpu_resource: str
    min_pods: int
    max_pods: int
    autoscaler: str  # HPA, Knative, fixed
    cpu_per_pod: float  # cores requested
    memory_per_pod: float  # bytes requested
    exposure: tuple[str, ...]


@dataclass(frozen=True)
class NamespaceTotals:
    namespace: str
    models: int
    gpus_min: int
    gpus_max: int
    cpu_min: float
    cpu_max: float
    memory_min: float
    memory_max: float


@dataclass(frozen=True)
class Summary:
    catalog: str
    project: str
    models: tuple[ModelRow, ...]
    namespaces: tuple[NamespaceTotals, ...]

    @property
    def total(self) -> NamespaceTotals:
        return _totals("all namespaces", list(self.models))


def summarize(catalog: s.Catalog) -> Summary:
    """Rows and per-namespace totals for ``catalog``."""
    rows = tuple(_row(m) for m in catalog.models)
    namespaces = sorted({r.namespace for r in rows})
    totals = tuple(_totals(ns, [r for r in rows if r.namespace == ns]) for ns in namespaces)
    return Summary(catalog.path, catalog.project.name, rows, totals)


def _row(model: s.Model) -> ModelRow:
    requests = dict(model.resources.requests)
    limits = dict(model.resources.limits)
    serving: str = model.serving
    if serving == "deployment":
        serving += f" ({model.workload})"
    elif serving == "kserve":
        serving += f" ({model.kserve.deployment_mode if model.kserve else 'Standard'})"
    return ModelRow(
        name=model.name, namespace=model.namespace, serving=serving,
        gpus_per_pod=model.gpu.count if model.gpu else 0,
        gpu_resource=model.gpu.resource if model.gpu else "",
        min_pods=model.scaling.floor, max_pods=model.scaling.ceiling, autoscaler=_autoscaler(model),
        cpu_per_pod=quantity(requests.get("cpu") or limits.get("cpu")),
        memory_per_pod=quantity(requests.get("memory") or limits.get("memory")),
        exposure=exposure(model))


def _autoscaler(model: s.Model) -> str:
    if not model.scaling.autoscaled:
        return "fixed"
    if model.serving == "knative" or (model.kserve and model.kserve.deployment_mode == "Knative"):
        return "Knative"
    return "KEDA" if model.scaling.keda is not None else "HPA"


def exposure(model: s.Model) -> tuple[str, ...]:
    """How clients reach the model, most public first."""
    out: list[str] = []
    if model.ingress:
        scheme = "https" if model.ingress.tls else "http"
        cls = f" ({model.ingress.class_name})" if model.ingress.class_name else ""
        out.append(f"Ingress {scheme}://{model.ingress.host}{model.ingress.path}{cls}")
    if model.kong:
        parts = [p for p, on in (("key-auth", model.kong.key_auth), ("rate-limit", model.kong.rate_limit))
                 if on]
        out.append("Kong " + (", ".join(parts) if parts else "route"))
    node_ports = [f"{name}:{port}" for name, port in model.service.node_ports]
    node_ports += [f"{p.name}:{p.node_port}" for p in model.ports
                   if p.node_port and f"{p.name}:{p.node_port}" not in node_ports]
    if node_ports:
        out.append("NodePorts " + ", ".join(node_ports))
    ports = ", ".join(f"{p.name}:{p.port}" for p in model.ports)
    if model.serving == "knative":
        out.append("Knative route (cluster-local)")
    elif model.serving == "kserve":
        out.append("InferenceService predictor")
    else:
        kind = "Service " + model.service.type + (" + headless" if model.service.headless
                                                  or model.workload == "StatefulSet" else "")
        out.append(f"{kind} ({ports})" if ports else kind)
    return tuple(out)


def _totals(namespace: str, rows: list[ModelRow]) -> NamespaceTotals:
    return NamespaceTotals(
        namespace=namespace, models=len(rows),
        gpus_min=sum(r.gpus_per_pod * r.min_pods for r in rows),
        gpus_max=sum(r.gpus_per_pod * r.max_pods for r in rows),
        cpu_min=sum(r.cpu_per_pod * r.min_pods for r in rows),
        cpu_max=sum(r.cpu_per_pod * r.max_pods for r in rows),
        memory_min=sum(r.memory_per_pod * r.min_pods for r in rows),
        memory_max=sum(r.memory_per_pod * r.max_pods for r in rows))
