"""serving: deployment → Deployment or StatefulSet, Services, HPA, PDB, Ingress, Kong, policies."""

from __future__ import annotations

from typing import Any

from generator import spec as s
from generator.catalog import modes
from generator.render import keda, rollout
from generator.render import values as v
from generator.render.network import kong_plugins
from generator.render.plan import ModePlan


def plan(model: s.Model, catalog: s.Catalog) -> ModePlan:
    """Values and templates of a Deployment/StatefulSet model."""
    values = v.common_values(model, catalog)
    sc = model.scaling
    if sc.keda is not None:  # a ScaledObject instead of the HPA (render/keda.py)
        values["keda"] = keda.values(model)
    elif sc.autoscaled:
        values["autoscaling"] = {"minReplicas": sc.min if sc.min is not None else 1, "maxReplicas": sc.max,
                                 "targetCPUUtilizationPercentage": sc.cpu_utilization or 0,
                                 "targetMemoryUtilizationPercentage": sc.memory_utilization or 0,
                                 "behavior": v.behavior(sc)}
    else:
        values["replicaCount"] = sc.replicas if sc.replicas is not None else 1
    values["service"] = {"type": model.service.type, "annotations": _service_annotations(model),
                         "ports": [_service_port(p) for p in model.ports]}
    if model.service.published and model.service.external_traffic_policy:
        values["service"]["externalTrafficPolicy"] = model.service.external_traffic_policy
    if model.service.type == "LoadBalancer" and model.service.load_balancer_source_ranges:
        values["service"]["loadBalancerSourceRanges"] = list(model.service.load_balancer_source_ranges)
    if model.disruption is not None:
        pdb: dict[str, Any] = {}
        if model.disruption.min_available is not None:
            pdb["minAvailable"] = model.disruption.min_available
        else:
            pdb["maxUnavailable"] = model.disruption.max_unavailable
        values["podDisruptionBudget"] = pdb
    if model.probes.readiness is not None:
        values["test"] = {"image": v.TEST_IMAGE}
    templates = ["templates/_deployment.tpl.jinja", "templates/workload.yaml.jinja", "templates/service.yaml.jinja"]
    if model.config_maps:
        templates.append("templates/configmap.yaml.jinja")
    if model.service_account.create:
        templates.append("templates/serviceaccount.yaml.jinja")
    optional = {
        "templates/hpa.yaml.jinja": sc.autoscaled and sc.keda is None,
        keda.TEMPLATE: sc.keda is not None,
        "templates/pdb.yaml.jinja": model.disruption is not None,
        "templates/ingress.yaml.jinja": model.ingress is not None,
        "templates/kong.yaml.jinja": model.kong is not None,
        "templates/networkpolicy.yaml.jinja": model.network_policy.enabled,
        "templates/servicemonitor.yaml.jinja": model.monitoring.service_monitor,
        "templates/tests/test-health.yaml.jinja": model.probes.readiness is not None,
    }
    templates.extend(t for t, wanted in optional.items() if wanted)
    return ModePlan(values=values, templates=tuple(templates), context=_context(model),
                    notes=_notes(model), status_kinds=_kinds(model))


def _service_port(p: s.Port) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "port": p.port, "protocol": p.protocol}
    if p.app_protocol:
        out["appProtocol"] = p.app_protocol
    if p.node_port:
        out["nodePort"] = p.node_port
    return out


def _service_annotations(model: s.Model) -> dict[str, str]:
    out = dict(model.service.annotations)
    plugins = kong_plugins(model)
    if plugins:
        out["konghq.com/plugins"] = ",".join(plugins)
    return dict(sorted(out.items()))


def _context(model: s.Model) -> dict[str, Any]:
    readiness = model.probes.readiness
    if readiness is None:
        return {}
    port = model.port(readiness.port) if isinstance(readiness.port, str) else None
    return {"test_port": port.port if port else readiness.port, "test_path": readiness.path or "/"}


def _notes(model: s.Model) -> tuple[str, ...]:
    notes: list[str] = []
    if model.ingress:
        scheme = "https" if model.ingress.tls else "http"
        notes.extend(f"URL: {scheme}://{model.ingress.host}{path}" for path in model.ingress.all_paths)
    for name, node_port in model.service.node_ports:
        notes.append(f"NodePort {node_port} → port {name} on every node.")
    if model.service.type == "LoadBalancer":
        notes.append("LoadBalancer: kubectl get svc shows the external address once the cloud assigns it.")
    if model.service.external_traffic_policy == "Local":
        notes.append("externalTrafficPolicy Local: only nodes running a pod answer on the published ports.")
    if model.kong and model.service.published:
        notes.append("Published ports reach the pods directly: Kong's plugins apply only through the Ingress.")
    if model.gpu:
        notes.append(f"Each pod requests {model.gpu.count} {model.gpu.resource}; pods stay Pending until a node "
                     "with a free GPU matches the nodeSelector and tolerations.")
    if model.kong and model.kong.key_auth:
        notes.append("Requests need an API key (Kong key-auth); keys live in the consumers' Secrets.")
    notes.extend(keda.notes(model))
    return tuple(notes)


def _kinds(model: s.Model) -> str:
    kinds = [model.workload.lower(), "service", "pods"]
    if model.scaling.autoscaled:
        kinds.insert(1, "scaledobject" if model.scaling.keda is not None else "hpa")
    return ",".join(kinds)


class DeploymentMode(modes.ServingMode):
    """The model's own Deployment or StatefulSet, scaled by an HPA."""

    name = "deployment"
    canary_rollouts = True
    summary = "Deployment or StatefulSet, Services, HPA (autoscaling/v2), PodDisruptionBudget"
    owns_workload = True

    def plan(self, model: s.Model, catalog: s.Catalog) -> ModePlan:
        return rollout.deployment(model, plan(model, catalog))

    def title(self, model: s.Model) -> str:
        return model.workload

    def label(self, model: s.Model) -> str:
        return f"deployment ({model.workload})"

    def autoscaler(self, model: s.Model) -> str:
        return "KEDA" if model.scaling.keda is not None else "HPA"

    def scales_with_keda(self, model: s.Model) -> bool:
        return True

    def exposure(self, model: s.Model) -> str:
        ports = ", ".join(f"{p.name}:{p.port}" for p in model.ports)
        headless = model.service.headless or model.workload == "StatefulSet"
        kind = "Service " + model.service.type + (" + headless" if headless else "")
        return f"{kind} ({ports})" if ports else kind

    def ignore_differences(self, model: s.Model) -> list[dict[str, Any]]:
        if not model.scaling.autoscaled:
            return []
        # The HPA (KEDA's too) writes the workload's scale subresource (kube-controller-manager's
        # horizontal-pod-autoscaler); the chart omits spec.replicas, a replicas-to-min/max
        # switch would otherwise leave the old count as drift.
        return [{"group": "apps", "kind": model.workload, "name": model.name, "namespace": model.namespace,
                 "jsonPointers": ["/spec/replicas"]}]


MODE = modes.register(DeploymentMode())
