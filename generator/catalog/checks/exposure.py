"""Checks on how a model is reached: Services, NodePorts, Ingress, Kong, NetworkPolicy, monitoring."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import modes
from generator.catalog.checks import Issue, catalog_check, model_check
from generator.findings import Severity
from generator.spec import Catalog, Model

# TorchServe's management and gRPC management APIs can register models from URLs
# (CVE-2023-43654); they must never be reachable through a Service or an Ingress.
MANAGEMENT_PORTS = {8081: "TorchServe management", 7071: "TorchServe gRPC management"}


@model_check
def one_path_form(model: Model, _: Catalog) -> Iterator[Issue]:
    if model.ingress and model.ingress.paths and model.ingress.path != "/":
        yield Issue(("ingress", "path"), f"path {model.ingress.path} is ignored because paths is set",
                    "list every path under paths and drop path")


@model_check
def named_ports(model: Model, _: Catalog) -> Iterator[Issue]:
    names = {p.name for p in model.ports}
    choices = ", ".join(sorted(names)) or "(none declared)"
    for name, _node_port in model.service.node_ports:
        if name not in names:
            yield Issue(("service", "nodePorts", name), f"nodePort for unknown port {name!r}", f"ports: {choices}")
    if model.ingress and model.serving != "kserve" and model.ingress.port not in names:
        yield Issue(("ingress", "port"), f"ingress port {model.ingress.port!r} is not a declared port",
                    f"ports: {choices}")
    if model.monitoring.service_monitor and model.monitoring.port not in names:
        yield Issue(("monitoring", "port"), f"metrics port {model.monitoring.port!r} is not a declared port",
                    f"add a port named {model.monitoring.port!r} or set monitoring.port; ports: {choices}")
    for i, name in enumerate(model.network_policy.ports):
        if name not in names:
            yield Issue(("networkPolicy", "ports", i), f"port {name!r} is not a declared port", f"ports: {choices}")
    for i, port in enumerate(model.ports):
        if port.port in MANAGEMENT_PORTS:
            yield Issue(("ports", i, "port"), f"port {port.port} is the {MANAGEMENT_PORTS[port.port]} API; it would be "
                        "exposed on the Service", "bind it to 127.0.0.1 inside the pod and leave it out of ports")


@model_check
def service_shape(model: Model, _: Catalog) -> Iterator[Issue]:
    if not modes.of(model).owns_workload:
        svc = model.service
        for field, present in (("nodePorts", bool(svc.node_ports)), ("headless", svc.headless),
                               ("type", svc.type != "ClusterIP"),
                               ("loadBalancerSourceRanges", bool(svc.load_balancer_source_ranges)),
                               ("externalTrafficPolicy", svc.external_traffic_policy is not None)):
            if present:
                yield Issue(("service", field), f"service.{field} applies to serving: deployment only",
                            f"serving: {model.serving} creates its own Services")


@model_check
def kong(model: Model, _: Catalog) -> Iterator[Issue]:
    k = model.kong
    if k is None:
        return
    if k.consumers and not k.key_auth:
        yield Issue(("kong", "consumers"), "consumers without keyAuth: their keys would never be checked",
                    "set kong.keyAuth: true")
    if not k.key_auth and k.rate_limit is None and k.cors is None:
        yield Issue(("kong",), "the kong block enables no plugin", "set keyAuth, rateLimit or cors")
    if k.cors and k.cors.credentials and "*" in k.cors.origins:
        # Fetch standard, CORS protocol: a credentialed response may not carry Allow-Origin "*";
        # whether Kong's cors plugin echoes the request's origin instead depends on its version.
        yield Issue(("kong", "cors", "credentials"), "browsers refuse credentialed responses to origin '*'",
                    "list the origins explicitly (not every Kong version echoes the request's origin)",
                    severity=Severity.WARNING)
    if k.rate_limit and not any((k.rate_limit.second, k.rate_limit.minute, k.rate_limit.hour)):
        yield Issue(("kong", "rateLimit"), "rateLimit sets no limit", "set second, minute or hour")
    if model.ingress is None or (model.ingress.class_name or "kong") != "kong":
        yield Issue(("kong",), "Kong plugins apply only to traffic that passes the Kong gateway",
                    "add ingress: {className: kong, host: ...}")


@model_check
def network_policy(model: Model, _: Catalog) -> Iterator[Issue]:
    for i, peer in enumerate(model.network_policy.allow_from):
        if not peer.pod_labels and not peer.namespace_labels:
            yield Issue(("networkPolicy", "allowFrom", i), "an empty peer would allow traffic from everywhere",
                        "give podLabels and/or namespaceLabels")


@catalog_check
def unique_node_ports(catalog: Catalog) -> Iterator[Issue]:
    seen: dict[str, str] = {}
    for index, model in enumerate(catalog.models):
        for name, node_port in model.service.node_ports:
            if node_port in seen:
                yield Issue(("service", "nodePorts", name),
                            f"nodePort {node_port} is already used by {seen[node_port]}",
                            "nodePorts are cluster-wide: pick a free one", model=index)
            seen.setdefault(node_port, model.name)


@catalog_check
def unique_ingress_paths(catalog: Catalog) -> Iterator[Issue]:
    seen: dict[tuple[str, str], str] = {}
    for index, model in enumerate(catalog.models):
        if model.ingress is None:
            continue
        field = "paths" if model.ingress.paths else "path"
        for path in model.ingress.all_paths:
            key = (model.ingress.host, path)
            if key in seen:
                yield Issue(("ingress", field), f"{key[0]}{key[1]} is already routed to {seen[key]}",
                            "use another host or path", model=index)
            seen.setdefault(key, model.name)
