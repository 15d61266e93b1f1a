"""What a model publishes outside the cluster: derived from the spec, read by checks and by rendering."""

from __future__ import annotations

from generator import spec as s
from generator.catalog import modes


def published_ports(model: s.Model) -> tuple[str, ...]:
    """Names of the ports clients outside the cluster reach: every Service port of a NodePort or
    LoadBalancer Service, else those with a fixed nodePort (the extra ``-nodeport`` Service)."""
    if not modes.of(model).owns_workload:  # KServe and Knative create their own Services
        return ()
    if model.service.type != "ClusterIP":
        return tuple(p.name for p in model.ports)
    return tuple(name for name, _ in model.service.node_ports)


def external_clients(model: s.Model) -> tuple[str, ...]:
    """CIDRs admitted on the published ports: explicit, else the load balancer's source ranges."""
    if not published_ports(model):
        return ()
    return model.network_policy.external_clients or (
        model.service.load_balancer_source_ranges if model.service.type == "LoadBalancer" else ())
