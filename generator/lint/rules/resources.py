"""Container resource and image rules."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import quantity
from generator.lint.facts.image import problems as reference_problems
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.pods import POD_KINDS

E, W = Severity.ERROR, Severity.WARNING


def extended(resource: str) -> bool:
    """Extended resources (nvidia.com/gpu, nvidia.com/mig-1g.5gb, ...) are domain-prefixed
    (helper.IsNativeResource: no '/', or a kubernetes.io/ prefix, is native)."""
    return "/" in resource and "kubernetes.io/" not in resource


def no_overcommit(resource: str) -> bool:
    """helper.IsOvercommitAllowed is false for extended resources and hugepages-*: their request
    must equal their limit, and a request needs a limit."""
    return extended(resource) or resource.startswith("hugepages-")


def _same(a: object, b: object) -> bool:
    qa, qb = quantity.parse(a), quantity.parse(b)
    return qa == qb if qa is not None and qb is not None else str(a) == str(b)


@rule("gpu-request-limit", E, "extended resource (GPU) or hugepages request without an equal limit",
      "set resources.limits to the same count (extended resources and hugepages cannot be overcommitted)",
      kinds=POD_KINDS, origin="kubernetes/kubernetes@v1.34.1 pkg/apis/core/validation/validation.go "
      "ValidateContainerResourceRequirements, validateResourceRequirements ('must be equal to ... limit', "
      "'Limit must be set for non overcommitable resources'); pkg/apis/core/helper/helpers.go "
      "IsOvercommitAllowed")
def gpu_request_limit(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        res = c.get("resources") or {}
        requests, limits = res.get("requests") or {}, res.get("limits") or {}
        for key, value in requests.items():
            if not no_overcommit(key):
                continue
            if key not in limits:
                yield Hit(f"{path}.resources.limits", f"{key} is requested ({value}) but has no limit",
                          f"add limits {key}: {value}")
            elif not _same(limits[key], value):
                yield Hit(f"{path}.resources.limits", f"{key} request {value} != limit {limits[key]}",
                          "set both to the same count (or drop the request; it defaults to the limit)")


@rule("memory-limit-missing", W, "container has no memory limit",
      "set resources.limits.memory (a runaway model otherwise takes the node's memory)", kinds=POD_KINDS)
def memory_limit(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        if not ((c.get("resources") or {}).get("limits") or {}).get("memory"):
            yield Hit(f"{path}.resources.limits", f"container {c.get('name', path.rsplit('.', 1)[-1])} "
                      "has no memory limit")


@rule("image-latest", W, "image uses :latest or no tag",
      "pin a version tag or, better, a digest (@sha256:...)", kinds=POD_KINDS)
def image_latest(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        image = c.get("image")
        if not isinstance(image, str) or "@" in image or reference_problems(image):
            continue  # image-reference reports malformed references
        last = image.rsplit("/", 1)[-1]
        if ":" not in last:
            yield Hit(f"{path}.image", f"image {image} has no tag (means :latest)")
        elif last.endswith(":latest"):
            yield Hit(f"{path}.image", f"image {image} uses :latest")
