"""``infergen report``: a one-page static HTML summary of the catalog (see :mod:`generator.report.html`).

This module computes the numbers: per model its serving mode, GPUs, scaling range and
exposure; per namespace the GPUs, CPU and memory requested at minimum and maximum scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import spec as s
from generator.catalog import modes
from generator.lint.facts.quantity import parse


def quantity(value: str | None) -> float:
    """A Kubernetes quantity as a float (bytes for memory, cores for CPU); 0 when absent."""
    return float(parse(value) or 0)  # the lint facts' port of apimachinery's ParseQuantity


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
    serving = modes.of(model).label(model)
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
    return modes.of(model).autoscaler(model)


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
    out.append(modes.of(model).exposure(model))
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
