"""The catalog's enums, patterns and ranges, carried into each chart's values.schema.json.

A value overridden at install time (``helm install --set image.pullPolicy=Sometimes``) is then
refused by Helm itself, with the same bounds the catalog puts on the field it came from.
Helm compiles ``pattern`` with Go's regexp (RE2): patterns with look-around are left out.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.catalog import modes
from generator.catalog.schema import model_properties
from generator.declare.parts import DNS_LABEL

# values path ("[]" steps into list items) → catalog field path under a model
_FROM_CATALOG: dict[str, tuple[str, ...]] = {
    "component": ("component",), "partOf": ("partOf",),
    "commonLabels": ("labels",), "commonAnnotations": ("annotations",), "podAnnotations": ("podAnnotations",),
    "image.repository": ("image", "repository"), "image.tag": ("image", "tag"),
    "image.digest": ("image", "digest"), "image.pullPolicy": ("image", "pullPolicy"),
    "imagePullSecrets[].name": ("image", "pullSecrets", "items"),
    "ports[].name": ("ports", "items", "name"), "ports[].containerPort": ("ports", "items", "port"),
    "ports[].protocol": ("ports", "items", "protocol"),
    "serviceAccount.name": ("serviceAccount", "name"), "serviceAccount.annotations": ("serviceAccount", "annotations"),
    "nodeSelector": ("nodeSelector",), "runtimeClassName": ("gpu", "runtimeClassName"),
    "replicaCount": ("scaling", "replicas"),
    "autoscaling.minReplicas": ("scaling", "min"), "autoscaling.maxReplicas": ("scaling", "max"),
    "autoscaling.targetCPUUtilizationPercentage": ("scaling", "cpuUtilization"),
    "autoscaling.targetMemoryUtilizationPercentage": ("scaling", "memoryUtilization"),
    "keda.minReplicaCount": ("scaling", "min"), "keda.maxReplicaCount": ("scaling", "max"),
    "keda.pollingInterval": ("scaling", "keda", "pollingInterval"),
    "keda.cooldownPeriod": ("scaling", "keda", "cooldownPeriod"),
    "keda.initialCooldownPeriod": ("scaling", "keda", "initialCooldownPeriod"),
    "keda.idleReplicaCount": ("scaling", "keda", "idleReplicas"),
    "service.type": ("service", "type"), "service.externalTrafficPolicy": ("service", "externalTrafficPolicy"),
    "service.annotations": ("service", "annotations"),
    "service.loadBalancerSourceRanges[]": ("service", "loadBalancerSourceRanges", "items"),
    "service.ports[].name": ("ports", "items", "name"), "service.ports[].port": ("ports", "items", "port"),
    "service.ports[].protocol": ("ports", "items", "protocol"),
    "service.ports[].nodePort": ("service", "nodePorts", "additionalProperties"),
    "ingress.host": ("ingress", "host"), "ingress.pathType": ("ingress", "pathType"),
    "ingress.paths[]": ("ingress", "paths", "items"),
    "ingress.annotations": ("ingress", "annotations"),
    "serviceMonitor.port": ("monitoring", "port"), "serviceMonitor.interval": ("monitoring", "interval"),
    "serviceMonitor.path": ("monitoring", "path"),
    "serviceMonitor.labels": ("monitoring", "labels"),
    "knative.timeoutSeconds": ("knative", "timeoutSeconds"),
    "knative.containerConcurrency": ("knative", "containerConcurrency"),
    "knative.responseStartTimeoutSeconds": ("knative", "responseStartTimeoutSeconds"),
    "knative.idleTimeoutSeconds": ("knative", "idleTimeoutSeconds"),
    "predictor.minReplicas": ("scaling", "min"), "predictor.maxReplicas": ("scaling", "max"),
    "predictor.scaleMetric": ("kserve", "scaleMetric"), "predictor.scaleMetricType": ("kserve", "scaleMetricType"),
    "predictor.scaleTarget": ("kserve", "scaleTarget"),
    "predictor.containerConcurrency": ("kserve", "containerConcurrency"),
    "predictor.timeout": ("kserve", "timeout"), "predictor.canaryTrafficPercent": ("kserve", "canaryTrafficPercent"),
    "predictor.deploymentStrategy.type": ("kserve", "deploymentStrategy"),
    "model.modelFormat.name": ("kserve", "modelFormat"), "model.runtime": ("kserve", "runtime"),
    "model.protocolVersion": ("kserve", "protocolVersion"), "model.storageUri": ("kserve", "storageUri"),
    "model.runtimeVersion": ("torchserve", "runtimeVersion"),
    "s3.secretName": ("kserve", "s3", "secretName"),
    # rollout (render/rollout.py): the canary's share, pods, image, storage and gateway
    "rollout.percent": ("rollout", "percent"), "rollout.replicas": ("rollout", "replicas"),
    "rollout.image.repository": ("rollout", "canary", "image", "repository"),
    "rollout.image.tag": ("rollout", "canary", "image", "tag"),
    "rollout.image.digest": ("rollout", "canary", "image", "digest"),
    "rollout.image.pullPolicy": ("rollout", "canary", "image", "pullPolicy"),
    "rollout.storageUri": ("rollout", "canary", "storageUri"),
    "rollout.gateway.name": ("rollout", "gateway", "name"),
    "rollout.gateway.namespace": ("rollout", "gateway", "namespace"),
    "rollout.gateway.sectionName": ("rollout", "gateway", "sectionName"),
}
# Values the templates read as "unset" when empty; the catalog field itself has no empty form.
_EMPTY_OK = frozenset({"image.tag", "image.digest", "serviceAccount.name", "runtimeClassName", "rollout.image.tag",
                       "rollout.image.digest", "rollout.gateway.namespace", "rollout.gateway.sectionName"})
# 0 turns the HPA metric off in values; the catalog omits the field instead.
_ZERO_OK = frozenset({"autoscaling.targetCPUUtilizationPercentage", "autoscaling.targetMemoryUtilizationPercentage"})
_OWN: dict[str, dict[str, Any]] = {
    # the chart's own names: a DNS label or empty, at most 63 (fullname is truncated to it anyway)
    "nameOverride": {"pattern": f"^$|{DNS_LABEL}", "maxLength": 63},
    "fullnameOverride": {"pattern": f"^$|{DNS_LABEL}", "maxLength": 63},
    "terminationGracePeriodSeconds": {"minimum": 0},
    # KServe 0.15 and earlier name the modes RawDeployment and Serverless (see modes/kserve.LEGACY_MODES)
    "kserve.deploymentMode": {"enum": ["Standard", "Knative", "RawDeployment", "Serverless"]},
    # serving.kserve.io/autoscalerClass values the chart writes for scaling.keda (render/keda.py)
    "kserve.autoscalerClass": {"enum": ["keda", "external"]},
}
# Where the catalog's pattern needs look-around: a weaker one Go compiles (the catalog checks the rest).
_RE2_FALLBACK = {"ports[].name": DNS_LABEL, "service.ports[].name": DNS_LABEL, "ingress.paths[]": "^/",
                 "serviceMonitor.path": "^/", "model.storageUri": "^(pvc|s3)://[^/]"}
_KEEP = ("type", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength", "propertyNames",
         "additionalProperties")
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")


_BY_GENERATION: dict[int, dict[str, dict[str, Any]]] = {}


def catalog_field(path: tuple[str, ...], properties: dict[str, Any] | None = None) -> dict[str, Any]:
    """The catalog schema of a model field; "items" and "additionalProperties" step into lists and maps."""
    node: dict[str, Any] = (properties or model_properties())[path[0]]
    for part in path[1:]:
        node = node[part] if part in ("items", "additionalProperties") else node["properties"][part]
    return node


def constraints() -> dict[str, dict[str, Any]]:
    """values path → the JSON Schema keywords that bound it."""
    properties = model_properties()
    out = {path: _portable(catalog_field(field, properties)) for path, field in _FROM_CATALOG.items()}
    for path, pattern in _RE2_FALLBACK.items():
        out[path].setdefault("pattern", pattern)
    for path in _EMPTY_OK:
        rule = out[path]
        rule.pop("minLength", None)
        if "pattern" in rule:
            rule["pattern"] = f"^$|{rule['pattern']}"
    for path in _ZERO_OK:
        out[path]["minimum"] = 0
    return {**out, **copy.deepcopy(_OWN)}


def _portable(schema: dict[str, Any]) -> dict[str, Any]:
    out = {k: copy.deepcopy(v) for k, v in schema.items() if k in _KEEP}
    if any(a in out.get("pattern", "") for a in _LOOKAROUND):
        del out["pattern"]
    for key in ("propertyNames", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = _portable(out[key])
    return out


def apply(schema: dict[str, Any], values: dict[str, Any]) -> None:
    """Add :func:`constraints` to the inferred ``schema`` of ``values``, for the keys these values have."""
    # the same for every chart until a serving mode registers (its block is part of the catalog schema)
    generation = modes.generation()
    rules = _BY_GENERATION.get(generation)
    if rules is None:
        rules = _BY_GENERATION[generation] = constraints()
    for path, rule in rules.items():
        node = _node(schema, values, path.split("."))
        if node is not None:  # the type inferred from the chart's own value wins
            node.update({k: copy.deepcopy(v) for k, v in rule.items() if k != "type" or "type" not in node})


def _node(schema: dict[str, Any], values: Any, parts: list[str]) -> dict[str, Any] | None:
    # Bounds go on keys the values have; under list items and open objects (predictor, ingress)
    # also on keys they lack, since an install may add them there.
    node, free = schema, False
    for i, part in enumerate(parts):
        key = part.removesuffix("[]")
        if not free:
            if isinstance(values, dict) and key in values:
                values = values[key]
            elif node.get("type") == "object" and node.get("additionalProperties") is not False:
                free = True
            else:
                return None
        node = node.setdefault("properties", {}).setdefault(key, {})
        if part.endswith("[]"):
            if not free and not isinstance(values, list):
                return None
            node, free = node.setdefault("items", {}), True
            if i < len(parts) - 1:
                node.setdefault("type", "object")
    return node
