"""Cross-resource index, built once per lint run so rules never scan the whole input."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from generator.lint.documents import Document

WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}
CLUSTER_SCOPED = {
    "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
    "CustomResourceDefinition", "PriorityClass", "RuntimeClass", "IngressClass", "ClusterServingRuntime",
    "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "ClusterIssuer",
}
KNATIVE_GROUP = "serving.knative.dev"
KSERVE_GROUP = "serving.kserve.io"
LEGACY_PREDICTORS = ("pytorch", "tensorflow", "sklearn", "onnx", "triton", "xgboost", "lightgbm",
                     "huggingface", "paddle", "pmml")


def group_of(api_version: str) -> str:
    return api_version.rpartition("/")[0]


def meta(obj: dict[str, Any], key: str) -> dict[str, Any]:
    """``metadata.<key>`` as a dict (labels/annotations), {} when absent or malformed."""
    value = (obj.get("metadata") or {}).get(key) if isinstance(obj.get("metadata"), dict) else None
    return value if isinstance(value, dict) else {}


def dig(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


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
        for i, c in enumerate(spec.get(key) or []):
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


class Index:
    """Lookups over one document set; every document's namespace is resolved once."""

    def __init__(self, docs: list[Document], default_namespace: str) -> None:
        self.default_namespace = default_namespace
        self.namespace: dict[int, str] = {}
        self.templates: dict[int, PodTemplate] = {}
        self.by_ns: dict[str, list[PodTemplate]] = defaultdict(list)
        self.by_label: dict[tuple[str, str, str], list[PodTemplate]] = defaultdict(list)
        self.objects: dict[tuple[str, str, str, str], list[Document]] = defaultdict(list)
        self.hpas: dict[tuple[str, str, str], list[Document]] = defaultdict(list)
        for doc in docs:
            ns = self._ns(doc)
            self.namespace[id(doc)] = ns
            self.objects[(group_of(doc.api_version), doc.kind, ns, doc.name)].append(doc)
            tpl = pod_template(doc, ns)
            if tpl is not None:
                self.templates[id(doc)] = tpl
                self.by_ns[ns].append(tpl)
                for k, v in tpl.labels.items():
                    self.by_label[(ns, k, v)].append(tpl)
            if doc.kind == "HorizontalPodAutoscaler":
                ref = dig(doc.obj, "spec", "scaleTargetRef") or {}
                self.hpas[(ns, str(ref.get("kind")), str(ref.get("name")))].append(doc)

    def _ns(self, doc: Document) -> str:
        if doc.kind in CLUSTER_SCOPED:
            return ""
        ns = dig(doc.obj, "metadata", "namespace")
        return str(ns) if ns else self.default_namespace

    def ns(self, doc: Document) -> str:
        """The effective namespace of a document from this set."""
        return self.namespace.get(id(doc)) or self._ns(doc)

    def find(self, group: str, kind: str, ns: str, name: str) -> Document | None:
        found = self.objects.get((group, kind, ns, name))
        return found[0] if found else None

    def select(self, ns: str, selector: dict[str, Any]) -> list[PodTemplate]:
        """Pod templates in ``ns`` matched by a LabelSelector (``{}`` selects all)."""
        match_labels = selector.get("matchLabels") or {}
        if match_labels:
            k, v = next(iter(match_labels.items()))
            candidates = self.by_label.get((ns, str(k), str(v)), [])
        else:
            candidates = self.by_ns.get(ns, [])
        return [t for t in candidates if selector_matches(selector, t.labels)]

    def replica_range(self, tpl: PodTemplate) -> tuple[int, int] | None:
        """(fewest, most) pods of a Deployment/StatefulSet/ReplicaSet, HPA included."""
        doc = tpl.doc
        if doc.kind not in ("Deployment", "StatefulSet", "ReplicaSet"):
            return None
        hpas = self.hpas.get((tpl.namespace, doc.kind, doc.name))
        if hpas:
            spec = hpas[0].obj.get("spec") or {}
            low = spec.get("minReplicas", 1)
            return (low if isinstance(low, int) else 1), int(spec.get("maxReplicas") or low or 1)
        replicas = dig(doc.obj, "spec", "replicas")
        n = replicas if isinstance(replicas, int) else 1
        return n, n
