"""Model → the chart's ``values.yaml`` data: every knob a person may override with Helm.

Kubernetes-shaped fragments (env, probes, resources, security contexts, volumes) are
built here once, so every serving mode's templates render them with ``toYaml``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from generator import spec as s
from generator.catalog import modes
from generator.lint.facts import torchserve as runtime
from generator.render.network import ingress_annotations, kong_values, network_ingress

TEST_IMAGE = "curlimages/curl:8.11.1"


def env(model: s.Model) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for var in model.env:
        if var.secret:
            out.append({"name": var.name, "valueFrom": {"secretKeyRef": {"name": var.secret.name,
                                                                         "key": var.secret.key}}})
        elif var.config_map:
            out.append({"name": var.name, "valueFrom": {"configMapKeyRef": {"name": var.config_map.name,
                                                                            "key": var.config_map.key}}})
        elif var.field_path:
            out.append({"name": var.name, "valueFrom": {"fieldRef": {"fieldPath": var.field_path}}})
        else:
            out.append({"name": var.name, "value": var.value})
    return out


def probe(model: s.Model, p: s.Probe | None, named_ports: bool = True) -> dict[str, Any] | None:
    if p is None:
        return None
    port: Any = p.port
    if not named_ports:
        # Knative and KServe route to the single declared port; naming it is not allowed there.
        found = model.port(p.port) if isinstance(p.port, str) else None
        port = found.port if found else p.port
    action: dict[str, Any] = {"path": p.path, "port": port} if p.path else {"port": port}
    out: dict[str, Any] = {"httpGet" if p.path else "tcpSocket": action}
    for key, value in (("initialDelaySeconds", p.initial_delay_seconds), ("periodSeconds", p.period_seconds),
                       ("timeoutSeconds", p.timeout_seconds), ("failureThreshold", p.failure_threshold),
                       ("successThreshold", p.success_threshold)):
        if value is not None:
            out[key] = value
    return out


def resources(model: s.Model) -> dict[str, Any]:
    """Requests and limits; GPUs go in both with the same count, as the device plugin requires."""
    requests: dict[str, Any] = dict(model.resources.requests)
    limits: dict[str, Any] = dict(model.resources.limits)
    if "memory" in requests and "memory" not in limits:
        limits["memory"] = requests["memory"]  # no memory limit means an OOM can take the node down
    if model.gpu:
        requests[model.gpu.resource] = model.gpu.count
        limits[model.gpu.resource] = model.gpu.count
    out: dict[str, Any] = {}
    if requests:
        out["requests"] = dict(sorted(requests.items()))
    if limits:
        out["limits"] = dict(sorted(limits.items()))
    return out


def pod_security(model: s.Model) -> dict[str, Any]:
    sec = model.security
    out: dict[str, Any] = {"runAsNonRoot": not sec.allow_root}
    if not sec.allow_root:
        out["runAsUser"] = sec.run_as_user
        out["runAsGroup"] = sec.run_as_group
    if sec.fs_group is not None:
        out["fsGroup"] = sec.fs_group
        out["fsGroupChangePolicy"] = "OnRootMismatch"
    out["seccompProfile"] = {"type": "RuntimeDefault"}
    return out


def container_security(model: s.Model) -> dict[str, Any]:
    sec = model.security
    caps: dict[str, Any] = {"drop": ["ALL"]}
    if sec.capabilities_add:
        caps["add"] = list(sec.capabilities_add)
    return {"allowPrivilegeEscalation": sec.allow_privilege_escalation, "capabilities": caps,
            "privileged": False, "readOnlyRootFilesystem": sec.read_only_root_filesystem,
            "runAsNonRoot": not sec.allow_root, "seccompProfile": {"type": "RuntimeDefault"}}


def volumes(model: s.Model, catalog: s.Catalog) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(volumes, volumeMounts): shared claims plus emptyDirs for the paths the server writes."""
    vols: list[dict[str, Any]] = []
    mounts: list[dict[str, Any]] = []
    for mount in model.mounts:
        name = volume_name("claim", mount.claim)
        if all(v["name"] != name for v in vols):
            vols.append({"name": name, "persistentVolumeClaim": {"claimName": mount.claim,
                                                                 "readOnly": mount.read_only}})
        entry: dict[str, Any] = {"name": name, "mountPath": mount.mount_path, "readOnly": mount.read_only}
        if mount.sub_path:
            entry["subPath"] = mount.sub_path
        mounts.append(entry)
    for cm in model.config_maps:
        if cm.mount_path:
            name = volume_name("config", cm.name)
            vols.append({"name": name, "configMap": {"name": cm.name}})
            mounts.append({"name": name, "mountPath": cm.mount_path, "readOnly": True})
    if model.security.read_only_root_filesystem:
        sizes = runtime.writable_sizes(model)
        for i, path in enumerate(model.security.writable_paths):
            vols.append({"name": f"writable-{i}", "emptyDir": {"sizeLimit": sizes.get(path, "1Gi")}})
            mounts.append({"name": f"writable-{i}", "mountPath": path})
    return vols, mounts


def scheduling(model: s.Model) -> dict[str, Any]:
    """nodeSelector, tolerations, runtimeClassName and affinity, GPU settings merged in."""
    selector = dict(model.node_selector)
    tolerations = list(model.tolerations)
    runtime = None
    if model.gpu:
        selector.update(model.gpu.node_selector)
        if model.gpu.product:
            selector[s.GPU_PRODUCT_LABEL] = model.gpu.product
        tolerations.extend(t for t in model.gpu.tolerations if t not in tolerations)
        runtime = model.gpu.runtime_class_name
    return {"nodeSelector": dict(sorted(selector.items())), "tolerations": [_toleration(t) for t in tolerations],
            "runtimeClassName": runtime, "affinity": model.affinity or {}}


def _toleration(t: s.Toleration) -> dict[str, Any]:
    out: dict[str, Any] = {"key": t.key, "operator": t.operator}
    if t.value is not None:
        out["value"] = t.value
    if t.effect is not None:
        out["effect"] = t.effect
    if t.toleration_seconds is not None:
        out["tolerationSeconds"] = t.toleration_seconds
    return out


def _rules(r: s.ScalingRules | None) -> dict[str, Any] | None:
    if r is None:
        return None
    out: dict[str, Any] = {}
    if r.stabilization_window_seconds is not None:
        out["stabilizationWindowSeconds"] = r.stabilization_window_seconds
    if r.select_policy:
        out["selectPolicy"] = r.select_policy
    if r.policies:
        out["policies"] = [{"type": p.type, "value": p.value, "periodSeconds": p.period_seconds} for p in r.policies]
    return out


def behavior(sc: s.Scaling) -> dict[str, Any]:
    if sc.behavior is None:
        return {}
    out = {"scaleUp": _rules(sc.behavior.scale_up), "scaleDown": _rules(sc.behavior.scale_down)}
    return {k: v for k, v in out.items() if v is not None}


def common_values(model: s.Model, catalog: s.Catalog) -> dict[str, Any]:
    """Values every serving mode shares; mode-specific keys are added by the caller."""
    vols, mounts = volumes(model, catalog)
    sched = scheduling(model)
    out: dict[str, Any] = {
        "nameOverride": "",
        "fullnameOverride": "",
        "component": model.component,
        "partOf": model.part_of,
        "commonLabels": dict(model.labels),
        "commonAnnotations": dict(model.annotations),
    }
    if model.image is not None:
        out["image"] = {"repository": model.image.repository, "tag": model.image.tag or "",
                        "digest": model.image.digest or "", "pullPolicy": model.image.pull_policy}
    # every pod template reads it, KServe's runtime pods included: declared always so an install can --set it
    out["imagePullSecrets"] = [{"name": n} for n in model.image.pull_secrets] if model.image else []
    if model.image is not None:
        out["command"] = list(model.command)
        out["args"] = list(model.args)
    own = modes.of(model).owns_workload  # Knative and KServe route to the one port, by number
    out.update({
        "ports": [{"name": p.name, "containerPort": p.port, "protocol": p.protocol} for p in model.ports],
        "env": env(model),
        "readinessProbe": probe(model, model.probes.readiness, own) or {},
        "livenessProbe": probe(model, model.probes.liveness, own) or {},
        "startupProbe": probe(model, model.probes.startup, own) or {},
        "resources": resources(model),
        "podAnnotations": dict(model.pod_annotations),
        "podSecurityContext": pod_security(model),
        "securityContext": container_security(model),
        "serviceAccount": {"create": model.service_account.create, "name": model.service_account.name or "",
                           "automountToken": model.service_account.automount_token,
                           "annotations": dict(model.service_account.annotations)},
        "nodeSelector": sched["nodeSelector"],
        "tolerations": sched["tolerations"],
        "runtimeClassName": sched["runtimeClassName"] or "",
        "affinity": sched["affinity"],
        "volumes": vols,
        "volumeMounts": mounts,
        "terminationGracePeriodSeconds": 60 if model.gpu else 30,
    })
    if model.network_policy.enabled:
        out["networkPolicy"] = {"ingress": network_ingress(model)}
    if model.ingress is not None:
        ing = model.ingress
        out["ingress"] = {"className": ing.class_name or "", "host": ing.host, "paths": list(ing.all_paths),
                          "pathType": ing.path_type, "annotations": ingress_annotations(model),
                          "tls": {"secretName": ing.tls.secret_name, "hosts": list(ing.tls.hosts or (ing.host,))}
                          if ing.tls else {}}
    if model.config_maps:
        out["configMaps"] = [{"name": cm.name, "data": dict(cm.data)} for cm in model.config_maps]
        out["envFrom"] = [{"configMapRef": {"name": cm.name}} for cm in model.config_maps if cm.env_from]
    if model.kong is not None:
        out["kong"] = kong_values(model.kong)
    if model.monitoring.service_monitor:
        mon = model.monitoring
        out["serviceMonitor"] = {"port": mon.port, "path": mon.path, "interval": mon.interval,
                                 "labels": dict(mon.labels)}
    return out


def volume_name(kind: str, name: str) -> str:
    """``<kind>-<name>`` as a DNS label; a name too long for 63 gets a digest so two never collide."""
    full = f"{kind}-{name}"
    if len(full) <= 63:
        return full
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{full[:54].rstrip('-.')}-{digest}"
