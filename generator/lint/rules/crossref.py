"""Cross-resource rules for Services, container ports and Ingress backends.

The rules on other references (HPA targets, selectors, volumes) are in ``crossref_objects``;
its module name keeps their registration, and so report order, after these.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig, group_of, meta
from generator.lint.rules.pods import POD_KINDS, PodTemplate

E = Severity.ERROR
EXTERNAL = "infergen.io/external"  # annotation: comma list of name, Kind/name or Kind/namespace/name


def external(doc: Document, ctx: Context, *names: str) -> bool:
    """Whether one of ``names`` is declared to exist outside the input: ``--external`` or the
    document's own annotation (tested one by one: ``--external`` may list hundreds of names)."""
    if any(name in ctx.config.external for name in names):
        return True
    declared = {x.strip() for x in str(meta(doc.obj, "annotations").get(EXTERNAL, "")).split(",")}
    return any(name in declared for name in names)


def _labels(sel: dict[str, Any]) -> str:
    return ",".join(f"{k}={v}" for k, v in sel.items())


def _core_service(doc: Document) -> dict[str, Any] | None:
    spec = doc.obj.get("spec")
    return spec if group_of(doc.api_version) == "" and isinstance(spec, dict) else None


def _service_pods(doc: Document, ctx: Context) -> tuple[dict[str, Any], list[PodTemplate]] | None:
    spec = _core_service(doc)
    sel = spec.get("selector") if spec else None
    if not spec or not isinstance(sel, dict) or not sel or spec.get("type") == "ExternalName":
        return None
    return spec, ctx.index.select_labels(ctx.index.ns(doc), sel)


@rule("service-selector-no-match", E, "Service selector matches no pod template in the input",
      "make spec.selector a subset of the pod template labels of the workload it fronts", kinds={"/Service"})
def service_selector(doc: Document, ctx: Context) -> Iterator[Hit]:
    found = _service_pods(doc, ctx)
    if found is not None and not found[1]:
        yield Hit("spec.selector", f"selector {_labels(found[0]['selector'])} matches no pod template "
                  f"in namespace {ctx.index.ns(doc)}")


def _ports(tpls: list[PodTemplate]) -> tuple[set[str], set[int]]:
    names: set[str] = set()
    numbers: set[int] = set()
    for tpl in tpls:
        for path, c in tpl.containers:
            if ".initContainers[" not in path:
                _add_ports(c, names, numbers)
    return names, numbers


def _add_ports(container: dict[str, Any], names: set[str], numbers: set[int]) -> None:
    for p in container.get("ports") or []:
        names.add(str(p.get("name")))
        numbers.add(p.get("containerPort"))


def port_missing(port: Any, names: set[str], numbers: set[int]) -> bool:
    """Named ports must exist; numbers only when the pods declare ports at all."""
    if isinstance(port, str) and not port.isdigit():
        return port not in names
    return bool(numbers) and int(port) not in numbers


@rule("service-target-port", E, "Service targetPort is not a port of the selected containers",
      "set targetPort to a containerPort number or name declared by the selected pods", kinds={"/Service"})
def service_target_port(doc: Document, ctx: Context) -> Iterator[Hit]:
    found = _service_pods(doc, ctx)
    if not found or not found[1]:
        return
    names, numbers = _ports(found[1])
    for i, port in enumerate(found[0].get("ports") or []):
        target = port.get("targetPort", port.get("port"))
        if target is not None and port_missing(target, names, numbers):
            yield Hit(f"spec.ports[{i}].targetPort", f"targetPort {target} is not declared by the selected "
                      f"containers (ports: {', '.join(sorted(n for n in names if n != 'None')) or 'none'})")


@rule("probe-port", E, "probe port is not a port of its container",
      "point the probe at a declared containerPort (by name or number)", kinds=POD_KINDS)
def probe_port(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        names: set[str] = set()
        numbers: set[int] = set()
        _add_ports(c, names, numbers)
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            spec = c.get(probe)
            if not isinstance(spec, dict):
                continue
            for handler in ("httpGet", "tcpSocket", "grpc"):
                action = spec.get(handler)
                port = action.get("port") if isinstance(action, dict) else None
                if port is not None and port_missing(port, names, numbers):
                    yield Hit(f"{path}.{probe}.{handler}.port", f"{probe} port {port} is not a port of "
                              f"container {c.get('name')}")


def backends(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, service backend) for every Ingress backend that points at a Service."""
    default = dig(spec, "defaultBackend", "service")
    if isinstance(default, dict):
        yield "spec.defaultBackend.service", default
    for i, r in enumerate(spec.get("rules") or []):
        for j, p in enumerate(dig(r, "http", "paths") or []):
            svc = dig(p, "backend", "service")
            if isinstance(svc, dict):
                yield f"spec.rules[{i}].http.paths[{j}].backend.service", svc


@rule("ingress-backend", E, "Ingress backend Service or port is not in the input nor declared external",
      "create the Service, fix backend.service.name/port, or declare it external (infergen.io/external)",
      kinds={"Ingress"})
def ingress_backend(doc: Document, ctx: Context) -> Iterator[Hit]:
    ns = ctx.index.ns(doc)
    for path, svc in backends(doc.obj.get("spec") or {}):
        name = str(svc.get("name"))
        target = ctx.index.find("", "Service", ns, name)
        if target is None and external(doc, ctx, name, f"Service/{name}", f"Service/{ns}/{name}"):
            continue  # created by an operator (e.g. KServe's <name>-predictor)
        if target is None:
            yield Hit(f"{path}.name", f"Service {ns}/{svc.get('name')} is not in the input")
            continue
        port = svc.get("port") or {}
        ports = dig(target.obj, "spec", "ports") or []
        if ("number" in port and all(p.get("port") != port["number"] for p in ports)) or (
                "name" in port and all(p.get("name") != port["name"] for p in ports)):
            yield Hit(f"{path}.port", f"Service {svc.get('name')} has no port "
                      f"{port.get('number', port.get('name'))}")
