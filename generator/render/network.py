"""Chart values for network exposure: NetworkPolicy peers and rules, Ingress annotations, Kong."""

from __future__ import annotations

from typing import Any

from generator import spec as s
from generator.catalog import modes
from generator.catalog.exposure import external_clients, published_ports


def peers(model: s.Model) -> list[dict[str, Any]]:
    """NetworkPolicy ``from`` peers the catalog allows."""
    out: list[dict[str, Any]] = []
    for p in model.network_policy.allow_from:
        peer: dict[str, Any] = {}
        if p.pod_labels:
            peer["podSelector"] = {"matchLabels": dict(p.pod_labels)}
        if p.namespace_labels:
            peer["namespaceSelector"] = {"matchLabels": dict(p.namespace_labels)}
        out.append(peer)
    if model.network_policy.allow_same_namespace:
        out.append({"podSelector": {}})
    return out


def _protocol(model: s.Model, name: str) -> str:
    port = model.port(name)
    return port.protocol if port else "TCP"


def network_ingress(model: s.Model) -> list[dict[str, Any]]:
    """NetworkPolicy ingress rules: the catalog's peers on its ports, clients outside the cluster
    on the published ports, plus the helm test pod."""
    names = model.network_policy.ports or tuple(p.name for p in model.ports)
    ports = [{"port": n, "protocol": _protocol(model, n)} for n in names]
    rules: list[dict[str, Any]] = []
    if model.network_policy.allow_from or model.network_policy.allow_same_namespace:
        rule: dict[str, Any] = {"from": peers(model)}
        if ports:
            rule["ports"] = ports
        rules.append(rule)
    cidrs = external_clients(model)
    if cidrs:
        rules.append({"from": [{"ipBlock": {"cidr": c}} for c in cidrs],
                      "ports": [{"port": n, "protocol": _protocol(model, n)} for n in published_ports(model)]})
    health = model.probes.readiness.port if model.probes.readiness else None
    if health is not None and modes.of(model).owns_workload:  # only there the chart has a helm test
        rules.append({"from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/instance": model.name,
                                                                "infergen.io/role": "helm-test"}}}],
                      "ports": [{"port": health, "protocol": "TCP"}]})
    if model.monitoring.service_monitor:
        rules.append({"from": [{"namespaceSelector": {}}], "ports": [{"port": model.monitoring.port,
                                                                      "protocol": "TCP"}]})
    return rules


def kong_plugins(model: s.Model) -> list[str]:
    """Names of the KongPlugins the chart creates for ``model``."""
    if model.kong is None:
        return []
    names = []
    if model.kong.cors:
        names.append(f"{model.name}-cors")
    if model.kong.key_auth:
        names.append(f"{model.name}-key-auth")
    if model.kong.rate_limit:
        names.append(f"{model.name}-rate-limit")
    return names


def ingress_annotations(model: s.Model) -> dict[str, str]:
    """The catalog's Ingress annotations plus the one attaching the Kong plugins, sorted."""
    out = dict(model.ingress.annotations) if model.ingress else {}
    plugins = kong_plugins(model)
    if plugins:
        out["konghq.com/plugins"] = ",".join(plugins)
    return dict(sorted(out.items()))


def kong_values(k: s.Kong) -> dict[str, Any]:
    """The chart's ``kong`` values: consumers, key-auth and rate-limit settings."""
    out: dict[str, Any] = {"consumers": [{"username": c.username, "credentialSecret": c.credential_secret}
                                         for c in k.consumers]}
    if k.key_auth:
        out["keyAuth"] = {"keyNames": list(k.key_names), "hideCredentials": k.hide_credentials}
    if k.rate_limit:
        rl = {"second": k.rate_limit.second, "minute": k.rate_limit.minute, "hour": k.rate_limit.hour}
        out["rateLimit"] = {**{k2: v for k2, v in rl.items() if v is not None}, "policy": k.rate_limit.policy,
                            "limit_by": "consumer" if k.key_auth else "ip"}
    if k.cors:
        out["cors"] = cors_config(k.cors)
    return out


def cors_config(c: s.Cors) -> dict[str, Any]:
    """The cors plugin's ``config`` (field names of Kong's cors plugin schema)."""
    out: dict[str, Any] = {"origins": list(c.origins)}
    if c.methods:
        out["methods"] = list(c.methods)
    if c.headers:
        out["headers"] = list(c.headers)
    if c.exposed_headers:
        out["exposed_headers"] = list(c.exposed_headers)
    out["credentials"] = c.credentials
    if c.max_age is not None:
        out["max_age"] = c.max_age
    out["preflight_continue"] = c.preflight_continue
    return out
