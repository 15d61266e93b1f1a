"""Volumes and volume mounts of a pod."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import k8s
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.pods import POD_KINDS

E = Severity.ERROR
CORE = "kubernetes/kubernetes@v1.34.1 pkg/apis/core/validation/validation.go"


@rule("volume-name", E, "pod volume name not a DNS-1123 label, or repeated",
      "name each volume with ≤ 63 of [a-z0-9-], unique within the pod",
      kinds=POD_KINDS,
      origin=f"{CORE} ValidateVolumes")
def volume_name(doc: Document, ctx: Context) -> Iterator[Hit]:
    tpl = ctx.index.templates.get(id(doc))
    seen: set[str] = set()
    for i, vol in enumerate(tpl.spec.get("volumes") or [] if tpl else []):
        name = vol.get("name") if isinstance(vol, dict) else None
        if isinstance(name, str) and tpl:
            errs = k8s.dns1123_label(name) + ([f"volume {name!r} is declared twice"] if name in seen else [])
            seen.add(name)
            if errs:
                yield Hit(f"{tpl.prefix}.volumes[{i}].name", "; ".join(errs))


@rule("volume-mount", E, "volumeMount naming no volume of the pod, a missing or repeated mountPath, or an "
      "absolute or '..' subPath",
      "add the volume to the pod's volumes (or fix the mount's name); give each mount its own absolute path",
      kinds=POD_KINDS,
      origin=f"{CORE} ValidateVolumeMounts, validateLocalDescendingPath (subPath)")
def volume_mount(doc: Document, ctx: Context) -> Iterator[Hit]:
    tpl = ctx.index.templates.get(id(doc))
    if tpl is None:
        return
    volumes = {v.get("name") for v in tpl.spec.get("volumes") or [] if isinstance(v, dict)}
    for path, c in tpl.containers:
        paths: set[str] = set()
        for i, mount in enumerate(c.get("volumeMounts") or []):
            at = f"{path}.volumeMounts[{i}]"
            if mount.get("name") not in volumes:
                yield Hit(f"{at}.name", f"volumeMount {mount.get('name')!r} names no volume of the pod")
            mount_path = str(mount.get("mountPath") or "")
            if not mount_path:
                yield Hit(f"{at}.mountPath", "mountPath is required")
            elif mount_path in paths:
                yield Hit(f"{at}.mountPath", f"mountPath {mount_path} is mounted twice in this container")
            paths.add(mount_path)
            sub = str(mount.get("subPath") or "")
            if sub.startswith("/") or ".." in sub.split("/"):
                yield Hit(f"{at}.subPath", f"subPath {sub!r} must be relative and must not contain '..'")
