"""Container resource and image rules."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts.image import problems as reference_problems
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.pods import POD_KINDS

E, W = Severity.ERROR, Severity.WARNING


def extended(resource: str) -> bool:
    """Extended resources (nvidia.com/gpu, nvidia.com/mig-1g.5gb, ...) are domain-prefixed."""
    return "/" in resource and not resource.split("/", 1)[0].endswith("kubernetes.io")


@rule("gpu-request-limit", E, "extended resource (GPU) request without an equal limit",
      "set resources.limits to the same count (extended resources cannot be overcommitted)",
      kinds=POD_KINDS, origin="kubernetes/kubernetes pkg/apis/core/validation/validation.go "
      "ValidateResourceRequirements (extended resources: request must equal limit) (v1.34.0)")
def gpu_request_limit(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        res = c.get("resources") or {}
        requests, limits = res.get("requests") or {}, res.get("limits") or {}
        for key, value in requests.items():
            if not extended(key):
                continue
            if key not in limits:
                yield Hit(f"{path}.resources.limits", f"{key} is requested ({value}) but has no limit",
                          f"add limits {key}: {value}")
            elif str(limits[key]) != str(value):
                yield Hit(f"{path}.resources.limits", f"{key} request {value} != limit {limits[key]}",
                          "set both to the same count (or drop the request; it defaults to the limit)")


@rule("memory-limit-missing", W, "container has no memory limit",
      "set resources.limits.memory (a runaway model otherwise takes the node's memory)")
def memory_limit(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        if not ((c.get("resources") or {}).get("limits") or {}).get("memory"):
            yield Hit(f"{path}.resources.limits", f"container {c.get('name', path.rsplit('.', 1)[-1])} "
                      "has no memory limit")


@rule("image-latest", W, "image uses :latest or no tag",
      "pin a version tag or, better, a digest (@sha256:...)")
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
