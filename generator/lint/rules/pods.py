"""Pod templates: where a workload keeps its pod spec, and LabelSelector matching."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.lint.documents import Document
from generator.lint.rules.fields import KNATIVE_GROUP, KSERVE_GROUP, dig, group_of, meta

WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}
# kinds whose documents may carry a pod template (container rules only run on these)
POD_KINDS = frozenset({*WORKLOADS, "Pod", "CronJob", "serving.knative.dev/Service", "Configuration",
                       "InferenceService"})
# every kind pod_template() may find a pod spec in (whatever the group)
TEMPLATE_KINDS = frozenset({*WORKLOADS, "Pod", "CronJob", "Service", "Configuration", "InferenceService"})
LEGACY_PREDICTORS = ("pytorch", "tensorflow", "sklearn", "onnx", "triton", "xgboost", "lightgbm",
                     "huggingface", "paddle", "pmml")


@dataclass
class PodTemplate:
    """Pods that a document will create: their spec, labels and where the spec lives."""

    doc: Document
    namespace: str
    prefix: str  # field path of the pod spec inside the document
    spec: dict[str, Any]
    labels: dict[str, str]
    containers: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (path, container)


def _containers(prefix: str, spec: dict[str, Any], extra: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    out = []
    for key in ("initContainers", "containers"):
        listed = spec.get(key)
        for i, c in enumerate(listed if isinstance(listed, list) else ()):
            if isinstance(c, dict):
                out.append((f"{prefix}.{key}[{i}]", c))
    for key in extra:
        if isinstance(spec.get(key), dict):
            out.append((f"{prefix}.{key}", spec[key]))
    return out


def pod_template(doc: Document, namespace: str) -> PodTemplate | None:
    """Where ``doc`` keeps its pod spec, with the labels its pods will carry."""
    obj, kind, group = doc.obj, doc.kind, group_of(doc.api_version)
    name = doc.name
    if kind == "Pod" and group == "":
        spec, labels, prefix = obj.get("spec"), meta(obj, "labels"), "spec"
    elif kind in WORKLOADS and group in ("apps", "batch", ""):
        spec, prefix = dig(obj, "spec", "template", "spec"), "spec.template.spec"
        labels = dig(obj, "spec", "template", "metadata", "labels")
    elif kind == "CronJob" and group == "batch":
        base = dig(obj, "spec", "jobTemplate", "spec", "template")
        spec, labels = dig(base, "spec"), dig(base, "metadata", "labels")
        prefix = "spec.jobTemplate.spec.template.spec"
    elif kind in ("Service", "Configuration") and group == KNATIVE_GROUP:
        spec, prefix = dig(obj, "spec", "template", "spec"), "spec.template.spec"
        labels = {**(dig(obj, "spec", "template", "metadata", "labels") or {}),
                  f"serving.knative.dev/{kind.lower()}": name}
    elif kind == "InferenceService" and group == KSERVE_GROUP:
        spec, prefix = dig(obj, "spec", "predictor"), "spec.predictor"
        labels = {**meta(obj, "labels"), **(dig(spec, "labels") or {}),
                  "serving.kserve.io/inferenceservice": name, "component": "predictor"}
        if isinstance(spec, dict):
            return PodTemplate(doc, namespace, prefix, spec, {str(k): str(v) for k, v in labels.items()},
                               _containers(prefix, spec, ("model", *LEGACY_PREDICTORS)))
    else:
        return None
    if not isinstance(spec, dict):
        return None
    labels = labels if isinstance(labels, dict) else {}
    return PodTemplate(doc, namespace, prefix, spec, {str(k): str(v) for k, v in labels.items()},
                       _containers(prefix, spec))


def selector_matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """Kubernetes LabelSelector semantics (matchLabels AND matchExpressions)."""
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != str(v):
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key"), expr.get("operator"), [str(v) for v in expr.get("values") or []]
        present = key in labels
        if (op == "In" and (not present or labels[key] not in values)) or (
            op == "NotIn" and present and labels[key] in values) or (
            op == "Exists" and not present) or (op == "DoesNotExist" and present):
            return False
    return True
