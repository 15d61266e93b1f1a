"""Render a whole generated tree (``charts/`` + ``apps/``) into resources, as Argo CD would apply them.

Releases come from the Applications in ``apps/``: chart path, release name, value files and
destination namespace, so a tree is rendered exactly as committed (even a stale one). The
Applications themselves are resources too (the root app applies them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import helm, yamlout
from generator.lint.yamlio import YamlSyntaxError, iter_documents


@dataclass(frozen=True, order=True)
class Key:
    """A resource's identity: Kind, namespace ('' for cluster-scoped), name, and API group.

    The group is shown only for add-on kinds whose name clashes with a core kind
    (a Knative ``Service.serving.knative.dev``).
    """

    kind: str
    namespace: str
    name: str
    group: str = ""

    @property
    def kind_label(self) -> str:
        return f"{self.kind}.{self.group}" if self.group and self.kind in CORE_KINDS else self.kind

    def __str__(self) -> str:
        if not self.namespace:
            return f"{self.kind_label}/{self.name}"
        return f"{self.kind_label}/{self.namespace}/{self.name}"


CORE_KINDS = frozenset({"Service", "Pod", "Deployment", "ConfigMap", "Secret", "Ingress"})


@dataclass(frozen=True)
class Resource:
    key: Key
    doc: dict[str, Any]
    source: str  # template path such as charts/demo/templates/service.yaml, or apps/demo.yaml
    release: str  # the Application that owns it ('' for the Applications themselves)


@dataclass(frozen=True)
class Tree:
    resources: dict[Key, Resource]
    errors: tuple[str, ...]  # charts that could not be rendered, one message each


def render_tree(root: Path, only: str | None = None, environment: str | None = None) -> Tree:
    """Every resource under ``root`` (or of the one release ``only``), keyed by :class:`Key`.

    ``environment`` renders the Applications of ``apps/<environment>/`` instead of ``apps/``:
    each environment is a cluster of its own, where the same Kind/namespace/name may recur.
    """
    resources: dict[Key, Resource] = {}
    errors: list[str] = []
    apps = root / "apps" / environment if environment else root / "apps"
    for app_path in sorted(apps.glob("*.yaml")) if apps.is_dir() else []:
        rel_app = app_path.relative_to(root).as_posix()
        try:
            docs = _load(app_path.read_text(encoding="utf-8"))
        except YamlSyntaxError as exc:
            errors.append(f"{rel_app}: {exc}")
            continue
        for doc in docs:
            if only is None:
                _add(resources, doc, rel_app, "", "argocd")
            release = _release(root, doc)
            if release is None or (only is not None and release.name != only):
                continue
            try:
                rendered = helm.render(release)
            except Exception as exc:  # Helm errors, unreadable charts: report and go on
                errors.append(f"{release.chart.relative_to(root).as_posix()}: {exc}")
                continue
            for template, text in rendered.manifests.items():
                if not template.endswith((".yaml", ".yml")) or not text.strip():
                    continue
                source = f"charts/{template}"
                try:
                    for item in _load(text):
                        _add(resources, item, source, release.name, release.namespace)
                except YamlSyntaxError as exc:
                    errors.append(f"{source}: {exc}")
    return Tree(dict(sorted(resources.items())), tuple(errors))


def _release(root: Path, app: dict[str, Any]) -> helm.Release | None:
    """The Helm release an Argo CD Application installs from this repo, if it is one."""
    if app.get("kind") != "Application":
        return None
    spec = app.get("spec") or {}
    source = spec.get("source") or {}
    path = source.get("path")
    if not isinstance(path, str) or not path.startswith("charts/"):
        return None  # the root app points at apps/
    chart = root / path
    if not (chart / "Chart.yaml").is_file():
        return None
    values = source.get("helm") or {}
    name = values.get("releaseName") or (app.get("metadata") or {}).get("name", chart.name)
    namespace = (spec.get("destination") or {}).get("namespace") or "default"
    return helm.Release(chart, str(name), str(namespace), tuple(values.get("valueFiles") or ("values.yaml",)))


def _add(out: dict[Key, Resource], doc: dict[str, Any], source: str, release: str, namespace: str) -> None:
    meta = doc.get("metadata") or {}
    api = str(doc.get("apiVersion", ""))
    group = api.rpartition("/")[0] if "/" in api else ""
    builtin = not group or "." not in group or group.endswith(".k8s.io")
    key = Key(str(doc.get("kind", "?")), str(meta.get("namespace") or namespace), str(meta.get("name", "?")),
              "" if builtin else group)
    out[key] = Resource(key, doc, source, release)


def _load(text: str) -> list[dict[str, Any]]:
    return [doc for doc, _line, _node in iter_documents(text) if isinstance(doc, dict)]


def dump(doc: dict[str, Any]) -> str:
    """Stable YAML for diffs: keys sorted at every level, block style."""
    return yamlout.dump(_sorted(doc))


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _sorted(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value
