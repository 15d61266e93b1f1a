"""Kubernetes object metadata: names, label and annotation keys and values, container names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import k8s
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig, group_of

E = Severity.ERROR
K8S = "kubernetes/kubernetes"
DNS1035_KINDS = {("", "Service"), ("serving.knative.dev", "Service"), ("serving.knative.dev", "Configuration")}
DNS1123_LABEL_KINDS = {("", "Namespace")}
# where a kind keeps label maps besides metadata.labels
LABEL_MAPS = ("spec.template.metadata.labels", "spec.selector.matchLabels", "spec.podSelector.matchLabels",
              "spec.jobTemplate.spec.template.metadata.labels", "spec.template.spec.nodeSelector",
              "spec.predictor.nodeSelector", "spec.predictor.labels")


def _label_maps(doc: Document) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "metadata.labels", dig(doc.obj, "metadata", "labels")
    for path in LABEL_MAPS:
        yield path, dig(doc.obj, *path.split("."))
    if group_of(doc.api_version) == "" and doc.kind == "Service":
        yield "spec.selector", dig(doc.obj, "spec", "selector")


@rule("label-syntax", E, "label key or value the API server rejects (value over 63 characters, bad characters)",
      "keep label values ≤ 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends (truncate or drop "
      "values built from catalog fields such as the image tag)",
      origin=f"{K8S} staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go ValidateLabels, "
             "ValidateLabelSelector; pkg/util/validation/validation.go IsQualifiedName, IsValidLabelValue; "
             "pkg/apis/core/validation/validation.go ValidatePodSpec (nodeSelector) (v1.34.0)")
def label_syntax(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Every label map infergen writes: object, pod template and selector labels, nodeSelector."""
    for path, labels in _label_maps(doc):
        for key, value in (labels or {}).items() if isinstance(labels, dict) else ():
            errs = k8s.qualified_name(str(key)) + k8s.label_value("" if value is None else str(value))
            if errs:
                yield Hit(f"{path}.{key}", "; ".join(errs))


@rule("annotation-key", E, "annotation key the API server rejects",
      "use a key of an optional DNS-subdomain prefix, '/', and a name of ≤ 63 [A-Za-z0-9-_.]",
      origin=f"{K8S} staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateAnnotations "
             "(v1.34.0)")
def annotation_key(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path in ("metadata.annotations", "spec.template.metadata.annotations"):
        anns = dig(doc.obj, *path.split("."))
        for key in anns if isinstance(anns, dict) else ():
            errs = k8s.qualified_name(str(key))
            if errs:
                yield Hit(f"{path}.{key}", "; ".join(errs))


@rule("object-name", E, "metadata.name the API server rejects for this kind",
      "Services (core and Knative) need a DNS-1035 label (≤ 63, starts with a letter); most kinds a "
      "DNS-1123 subdomain (≤ 253, lower case)",
      origin=f"{K8S} pkg/apis/core/validation/validation.go ValidateServiceName, ValidateNamespaceName, "
             "ValidateObjectMeta; pkg/apis/apps/validation/validation.go ValidateDeploymentName (v1.34.0)")
def object_name(doc: Document, ctx: Context) -> Iterator[Hit]:
    name = dig(doc.obj, "metadata", "name")
    if not isinstance(name, str) or not name or doc.kind == "InferenceService":
        return  # a missing name is the schema's finding; InferenceService: kserve-name
    key = (group_of(doc.api_version), doc.kind)
    if key in DNS1035_KINDS:
        errs = k8s.dns1035_label(name)
    elif key in DNS1123_LABEL_KINDS:
        errs = k8s.dns1123_label(name)
    else:
        errs = k8s.dns1123_subdomain(name)
    if errs:
        yield Hit("metadata.name", "; ".join(errs))


@rule("container-name", E, "container name that is not a DNS-1123 label, or repeated in one pod",
      "name each container with ≤ 63 of [a-z0-9-], unique within the pod",
      origin=f"{K8S} pkg/apis/core/validation/validation.go validateContainers, validateInitContainers "
             "(v1.34.0)")
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
