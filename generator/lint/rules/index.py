"""Cross-resource index, built once per lint run so rules never scan the whole input."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.lint.documents import Document
from generator.lint.rules.fields import dig, group_of
from generator.lint.rules.pods import TEMPLATE_KINDS, PodTemplate, pod_template, selector_matches

CLUSTER_SCOPED = {
    "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
    "CustomResourceDefinition", "PriorityClass", "RuntimeClass", "IngressClass", "ClusterServingRuntime",
    "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "ClusterIssuer",
}


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
        self.scaled_objects: dict[tuple[str, str, str], list[Document]] = defaultdict(list)  # KEDA
        self.netpols: dict[str, list[Document]] = defaultdict(list)
        # select() results by selector object (kept alive here, so an id is never reused): a PDB's
        # selector is matched by three rules, a Service's by two
        self._selected: dict[tuple[str, int], tuple[Any, list[PodTemplate]]] = {}
        self._wrapped: dict[int, tuple[Any, dict[str, Any]]] = {}
        groups: dict[str, str] = {}
        for doc in docs:
            kind, api_version = doc.kind, doc.api_version
            ns = self._ns(doc)
            self.namespace[id(doc)] = ns
            group = groups.get(api_version)
            if group is None:
                group = groups[api_version] = group_of(api_version)
            self.objects[(group, kind, ns, doc.name)].append(doc)
            if kind in TEMPLATE_KINDS:
                tpl = pod_template(doc, ns)
                if tpl is not None:
                    self.templates[id(doc)] = tpl
                    self.by_ns[ns].append(tpl)
                    for k, v in tpl.labels.items():
                        self.by_label[(ns, k, v)].append(tpl)
            elif kind == "NetworkPolicy":
                self.netpols[ns].append(doc)
            elif kind == "HorizontalPodAutoscaler":
                ref = _mapping(dig(doc.obj, "spec", "scaleTargetRef"))
                self.hpas[(ns, str(ref.get("kind")), str(ref.get("name")))].append(doc)
            if doc.kind == "ScaledObject" and doc.api_version.startswith("keda.sh/"):
                ref = _mapping(dig(doc.obj, "spec", "scaleTargetRef"))  # kind defaults to Deployment
                self.scaled_objects[(ns, str(ref.get("kind") or "Deployment"), str(ref.get("name")))].append(doc)

    def _ns(self, doc: Document) -> str:
        if doc.kind in CLUSTER_SCOPED:
            return ""
        meta = doc.obj.get("metadata")
        ns = meta.get("namespace") if isinstance(meta, dict) else None
        return str(ns) if ns else self.default_namespace

    def ns(self, doc: Document) -> str:
        """The effective namespace of a document from this set."""
        return self.namespace.get(id(doc)) or self._ns(doc)

    def containers(self, doc: Document) -> list[tuple[str, dict[str, Any]]]:
        """(path, container) of every container ``doc``'s pods run; [] for documents without pods."""
        tpl = self.templates.get(id(doc))
        return tpl.containers if tpl else []

    def policies(self, ns: str) -> list[Document]:
        """NetworkPolicies of namespace ``ns``."""
        return self.netpols.get(ns, [])

    def claim_modes(self, ns: str, claim: str, known: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
        """Access modes of PVC ``ns/claim``: from the input, else from the configured outside claims."""
        pvc = self.find("", "PersistentVolumeClaim", ns, claim)
        modes = dig(pvc.obj, "spec", "accessModes") if pvc else dict(known).get(f"{ns}/{claim}")
        return [str(m) for m in modes] if isinstance(modes, list | tuple) else []

    def find(self, group: str, kind: str, ns: str, name: str) -> Document | None:
        found = self.objects.get((group, kind, ns, name))
        return found[0] if found else None

    def select(self, ns: str, selector: dict[str, Any]) -> list[PodTemplate]:
        """Pod templates in ``ns`` matched by a LabelSelector (``{}`` selects all); callers must not
        change the list (it is shared by every rule that matches the same selector)."""
        seen = self._selected.get((ns, id(selector)))
        if seen is not None and seen[0] is selector:
            return seen[1]
        match_labels = selector.get("matchLabels") or {}
        if match_labels:
            k, v = next(iter(match_labels.items()))
            candidates = self.by_label.get((ns, str(k), str(v)), [])
        else:
            candidates = self.by_ns.get(ns, [])
        found = [t for t in candidates if selector_matches(selector, t.labels)]
        self._selected[(ns, id(selector))] = (selector, found)
        return found

    def select_labels(self, ns: str, labels: dict[str, Any]) -> list[PodTemplate]:
        """select() for a plain label map (a Service's selector: ``{"matchLabels": labels}``)."""
        wrapped = self._wrapped.get(id(labels))
        if wrapped is None or wrapped[0] is not labels:
            wrapped = self._wrapped[id(labels)] = (labels, {"matchLabels": labels})
        return self.select(ns, wrapped[1])

    def replica_range(self, tpl: PodTemplate) -> tuple[int, int] | None:
        """(fewest, most) pods of a Deployment/StatefulSet/ReplicaSet, HPA or KEDA ScaledObject included."""
        doc = tpl.doc
        if doc.kind not in ("Deployment", "StatefulSet", "ReplicaSet"):
            return None
        scaled = self.scaled_objects.get((tpl.namespace, doc.kind, doc.name))
        if scaled:  # KEDA's defaults: minReplicaCount 0, maxReplicaCount 100
            spec = scaled[0].obj.get("spec") or {}
            low, high = spec.get("minReplicaCount", 0), spec.get("maxReplicaCount", 100)
            return (low if isinstance(low, int) else 0), (high if isinstance(high, int) else 100)
        hpas = self.hpas.get((tpl.namespace, doc.kind, doc.name))
        if hpas:
            spec = hpas[0].obj.get("spec") or {}
            low = spec.get("minReplicas", 1)
            return (low if isinstance(low, int) else 1), int(spec.get("maxReplicas") or low or 1)
        replicas = dig(doc.obj, "spec", "replicas")
        n = replicas if isinstance(replicas, int) else 1
        return n, n


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping; a misshapen field (its schema finding says so) reads as empty."""
    return value if isinstance(value, dict) else {}
