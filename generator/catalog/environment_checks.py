"""Checks that only exist across environments: undeclared names, namespace length, shared namespaces."""

from __future__ import annotations

from generator import spec as s
from generator.catalog.build import Data
from generator.catalog.source import Source, format_path
from generator.findings import Finding


def undeclared(source: Source, declared: Data) -> list[Finding]:
    """A model's ``environments.<name>`` for an environment the catalog does not declare."""
    out = []
    for i, raw in enumerate(source.data["models"]):
        for name in raw.get("environments") or {}:
            if name not in declared:
                path = ["models", i, "environments", name]
                line, col = source.locate(path, value=False)
                out.append(Finding(file=source.file, line=line, column=col, path=format_path(tuple(path)),
                                   message=f"environment {name!r} is not declared",
                                   hint=f"declare it under environments: ({', '.join(declared) or 'none yet'})",
                                   rule="catalog"))
    return out


def shared_releases(source: Source, envs: list[s.Environment]) -> list[Finding]:
    """Two environments on one cluster must not install a model into the same namespace: their
    Applications would own the same resources and undo each other's syncs."""
    out = []
    for i, env in enumerate(envs):
        for other in envs[:i]:
            if env.cluster != other.cluster:
                continue
            for model, theirs in zip(env.catalog.models, other.catalog.models, strict=True):
                if model.namespace == theirs.namespace:
                    path = ["environments", env.name, "cluster"]
                    line, col = source.locate(path)
                    out.append(Finding(
                        file=source.file, line=line, column=col, path=format_path(tuple(path)), rule="catalog",
                        message=f"model {model.name} would be installed into namespace {model.namespace} of "
                                f"cluster {env.target} by both {other.name} and {env.name}",
                        hint="give one of them another cluster, or a namespace or namespaceSuffix"))
                    break
    return out


def namespaces_fit(source: Source, name: str, env: Data, catalog: s.Catalog) -> list[Finding]:
    """Suffixed namespaces must still be DNS labels of at most 63 characters."""
    too_long = sorted({m.namespace for m in catalog.models if len(m.namespace) > 63}
                      | {c.namespace for c in catalog.claims if len(c.namespace) > 63})
    if not too_long:
        return []
    key = "namespaceSuffix" if "namespaceSuffix" in env else "namespace"
    path = ["environments", name, key]
    line, col = source.locate(path)
    return [Finding(file=source.file, line=line, column=col, path=format_path(tuple(path)), rule="catalog",
                    message=f"namespace {ns!r} is longer than 63 characters", hint="use a shorter suffix")
            for ns in too_long]
