"""Checks on ports published outside the cluster (nodePorts, NodePort and LoadBalancer Services):
who can still reach them through the NetworkPolicy, and whether they skip the model's gateway."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from generator.catalog.checks import Issue, model_check
from generator.catalog.exposure import external_clients, published_ports
from generator.findings import Severity
from generator.spec import Catalog, Model

W = Severity.WARNING


@model_check
def service_fields(model: Model, _: Catalog) -> Iterator[Issue]:
    svc = model.service
    # kubernetes pkg/apis/core/validation/validation.go (v1.33), ValidateService: source ranges
    # only on type LoadBalancer; externalTrafficPolicy only on NodePort and LoadBalancer.
    if svc.load_balancer_source_ranges and svc.type != "LoadBalancer":
        yield Issue(("service", "loadBalancerSourceRanges"), "loadBalancerSourceRanges needs type LoadBalancer",
                    "set service.type: LoadBalancer, or use networkPolicy.externalClients")
    if svc.external_traffic_policy and not svc.published:
        yield Issue(("service", "externalTrafficPolicy"), "externalTrafficPolicy applies to published ports only",
                    "set service.type NodePort/LoadBalancer or service.nodePorts")
    if model.network_policy.external_clients and not published_ports(model):
        yield Issue(("networkPolicy", "externalClients"), "externalClients are admitted on published ports, "
                    "and this model publishes none", "set service.nodePorts or service.type")


@model_check
def cidrs(model: Model, _: Catalog) -> Iterator[Issue]:
    # kubernetes pkg/apis/core/validation (ValidateService: loadBalancerSourceRanges) and
    # pkg/apis/networking/validation (ValidateIPBlock) parse each entry as an IP network: a
    # value the schema's pattern lets through (999.1.2.3/8, 10.0.0.0/99) is rejected there.
    fields = (("service", "loadBalancerSourceRanges", model.service.load_balancer_source_ranges),
              ("networkPolicy", "externalClients", model.network_policy.external_clients))
    for block, key, values in fields:
        for i, value in enumerate(values):
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError as exc:
                yield Issue((block, key, i), f"{value!r} is not an IP network: {exc}",
                            "write an IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/8")


@model_check
def reachable_from_outside(model: Model, _: Catalog) -> Iterator[Issue]:
    if not published_ports(model) or not model.network_policy.enabled:
        return
    if not external_clients(model):
        yield Issue(("networkPolicy",), "ports are published outside the cluster, but the NetworkPolicy admits "
                    "no client outside it: CNIs that enforce policies drop them",
                    "list the clients' CIDRs in networkPolicy.externalClients", severity=W)
    elif model.service.external_traffic_policy != "Local":
        # kube-proxy masquerades NodePort/LoadBalancer traffic to a node address under the
        # Cluster policy (kubernetes.io/docs/tutorials/services/source-ip/), so client CIDRs
        # in an ipBlock never match.
        yield Issue(("service", "externalTrafficPolicy"), "with externalTrafficPolicy Cluster the pods see a "
                    "node's address, not the client's, so networkPolicy.externalClients do not match",
                    "set service.externalTrafficPolicy: Local", severity=W)


@model_check
def gateway_bypass(model: Model, _: Catalog) -> Iterator[Issue]:
    if model.kong is None or not published_ports(model) or model.service.gateway_bypass:
        return
    plugins = [name for name, on in (("key-auth", model.kong.key_auth), ("rate-limiting", model.kong.rate_limit),
                                     ("cors", model.kong.cors)) if on]
    yield Issue(("service",), f"published ports {', '.join(published_ports(model))} reach the pods without "
                f"Kong, so its {', '.join(plugins)} do not apply there",
                "drop the published ports, or set service.gatewayBypass: true to accept it", severity=W)
