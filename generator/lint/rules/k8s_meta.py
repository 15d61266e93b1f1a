"""Kubernetes object metadata: names, label and annotation keys and values, container names."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import k8s
from generator.lint.facts.k8s import remember
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig, group_of, meta
from generator.lint.rules.pods import POD_KINDS

E = Severity.ERROR
K8S = "kubernetes/kubernetes"
DNS1035_KINDS = {("", "Service"), ("serving.knative.dev", "Service"), ("serving.knative.dev", "Configuration")}
DNS1123_LABEL_KINDS = {("", "Namespace")}


def _label_maps(doc: Document) -> list[tuple[str, Any]]:
    """(path, map) of every label map of ``doc``; a map may be None or malformed (a list, not a generator:
    this runs for every document)."""
    obj = doc.obj
    meta = obj.get("metadata")
    out = [("metadata.labels", meta.get("labels"))] if isinstance(meta, dict) else []
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return out
    selector = spec.get("selector")
    if isinstance(selector, dict):
        if "matchLabels" in selector:
            out.append(("spec.selector.matchLabels", selector["matchLabels"]))
        elif doc.kind == "Service":
            out.append(("spec.selector", selector))
    if "template" in spec:
        node = spec["template"]
        out.append(("spec.template.metadata.labels", dig(node, "metadata", "labels")))
        out.append(("spec.template.spec.nodeSelector", dig(node, "spec", "nodeSelector")))
    if "jobTemplate" in spec:
        labels = dig(spec["jobTemplate"], "spec", "template", "metadata", "labels")
        out.append(("spec.jobTemplate.spec.template.metadata.labels", labels))
    if "podSelector" in spec:
        out.append(("spec.podSelector.matchLabels", dig(spec["podSelector"], "matchLabels")))
    if "predictor" in spec:
        out.append(("spec.predictor.nodeSelector", dig(spec["predictor"], "nodeSelector")))
        out.append(("spec.predictor.labels", dig(spec["predictor"], "labels")))
    return out


@lru_cache(maxsize=1024)
def _key(key: str) -> tuple[str, ...]:
    return tuple(k8s.qualified_name(key))


def _label(key: Any, value: Any) -> list[str]:
    """Label key and value problems (keys and values of other types are checked as text)."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    key_errs = _key(key if isinstance(key, str) else str(key))
    if not key_errs:
        remember(GOOD_KEYS, key)
    if len(text) <= k8s.LABEL_MAX and (not text or k8s.QUALIFIED_NAME.fullmatch(text)):
        remember(GOOD_VALUES, value)
        return list(key_errs)
    return [*key_errs, *k8s.label_value(text)]


# Label keys and values already found valid: the same few keys and app names recur across documents.
GOOD_KEYS: set[str] = set()
GOOD_VALUES: set[str] = set()


def _known(labels: dict[Any, Any]) -> bool:
    """Every key and value of ``labels`` already found valid (two set operations in C)."""
    try:
        return GOOD_KEYS.issuperset(labels) and GOOD_VALUES.issuperset(labels.values())
    except TypeError:  # an unhashable value: the caller checks label by label
        return False


@rule("label-syntax", E, "label key or value the API server rejects (value over 63 characters, bad characters)",
      "keep label values ≤ 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends (truncate or drop "
      "values built from catalog fields such as the image tag)",
      origin=f"{K8S}@v1.34.1 staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go "
             "ValidateLabels, ValidateLabelSelector; staging/src/k8s.io/apimachinery/pkg/util/validation/"
             "validation.go IsQualifiedName, IsValidLabelValue; pkg/apis/core/validation/validation.go "
             "ValidatePodSpec (nodeSelector), validateService (selector)")
def label_syntax(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Every label map infergen writes: object, pod template and selector labels, nodeSelector."""
    for path, labels in _label_maps(doc):
        if not isinstance(labels, dict) or _known(labels):
            continue
        for key, value in labels.items():
            if key in GOOD_KEYS and isinstance(value, str) and value in GOOD_VALUES:
                continue
            errs = _label(key, value)
            if errs:
                yield Hit(f"{path}.{key}", "; ".join(errs))


@rule("annotation-key", E, "annotation key the API server rejects",
      "use a key of an optional DNS-subdomain prefix, '/', and a name of ≤ 63 [A-Za-z0-9-_.]",
      origin=f"{K8S}@v1.34.1 staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go "
             "ValidateAnnotations (keys are checked lower-cased)")
def annotation_key(doc: Document, ctx: Context) -> Iterator[Hit]:
    anns = meta(doc.obj, "annotations")
    spec = doc.obj.get("spec")
    template = spec.get("template") if isinstance(spec, dict) else None
    inner = meta(template, "annotations") if isinstance(template, dict) else {}
    for path, found in (("metadata.annotations", anns), ("spec.template.metadata.annotations", inner)):
        for key in found:
            if key in GOOD_ANNOTATION_KEYS:
                continue
            errs = k8s.qualified_name(str(key).lower())  # ValidateAnnotations lower-cases the key
            if errs:
                yield Hit(f"{path}.{key}", "; ".join(errs))
            else:
                remember(GOOD_ANNOTATION_KEYS, key)


GOOD_ANNOTATION_KEYS: set[str] = set()


@lru_cache(maxsize=8192)
def _name(api_version: str, kind: str, name: str) -> list[str]:
    group = group_of(api_version)
    if (group, kind) in DNS1035_KINDS:
        return k8s.dns1035_label(name)
    if (group, kind) in DNS1123_LABEL_KINDS:
        return k8s.dns1123_label(name)
    return k8s.dns1123_subdomain(name)


@rule("object-name", E, "metadata.name the API server rejects for this kind",
      "Services (core and Knative) need a DNS-1035 label (≤ 63, starts with a letter); most kinds a "
      "DNS-1123 subdomain (≤ 253, lower case)",
      origin=f"{K8S}@v1.34.1 pkg/apis/core/validation/validation.go ValidateServiceName "
             "(NameIsDNS1035Label), ValidateNamespaceName, ValidateObjectMeta; pkg/apis/apps/validation/"
             "validation.go ValidateDeploymentName (not verified at a tag)")
def object_name(doc: Document, ctx: Context) -> Iterator[Hit]:
    metadata, kind = doc.obj.get("metadata"), doc.obj.get("kind")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if not isinstance(name, str) or not name or not isinstance(kind, str) or kind == "InferenceService":
        return  # a missing name is the schema's finding; InferenceService: kserve-name
    if name in GOOD_NAMES:
        return
    errs = _name(str(doc.obj.get("apiVersion") or ""), kind, name)
    if errs:
        yield Hit("metadata.name", "; ".join(errs))
    elif len(name) <= k8s.LABEL_MAX and k8s.DNS1035_LABEL.fullmatch(name):
        remember(GOOD_NAMES, name)  # the strictest of the three grammars: valid for every kind


GOOD_NAMES: set[str] = set()


@rule("container-name", E, "container name that is not a DNS-1123 label, or repeated in one pod",
      "name each container with ≤ 63 of [a-z0-9-], unique within the pod",
      kinds=POD_KINDS,
      origin=f"{K8S}@v1.34.1 pkg/apis/core/validation/validation.go validateContainerCommon "
             "(ValidateDNS1123Label), validateContainers, validateInitContainers (unique across both)")
def container_name(doc: Document, ctx: Context) -> Iterator[Hit]:
    seen: set[str] = set()
    for path, c in ctx.index.containers(doc):
        name = c.get("name")
        if not isinstance(name, str) or "ontainers[" not in path:
            continue  # KServe names its predictor (model) container itself
        errs = k8s.dns1123_label(name)
        if name in seen:
            errs.append(f"{name!r} is used by another container of the pod")
        seen.add(name)
        if errs:
            yield Hit(f"{path}.name", "; ".join(errs))
