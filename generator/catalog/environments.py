"""``environments:`` → one :class:`spec.Environment` per target, each a checked copy of the catalog.

A model in environment E is built from, later layers winning: ``defaults``, the model,
``environments.E.overrides``, the environment's own settings (namespace, maxReplicas,
gpuProduct, hostPrefix), then the model's ``environments.E`` block. Every environment's
catalog passes the same checks as the base one; errors point at the layer that set the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from generator import spec as s
from generator.catalog.build import Data, build_model, merge
from generator.catalog.checks import Issue, run_checks
from generator.catalog.locate import locate
from generator.catalog.source import Source, format_path
from generator.errors import CatalogError
from generator.findings import Finding, Severity

Locator = Callable[[Source, Issue], Finding]
Complete = Callable[[s.Model, s.Project], s.Model]
# env setting → the model fields it changes, so an error in those fields can point at it
_SUGAR = {"maxReplicas": "scaling", "gpuProduct": "gpu", "hostPrefix": "ingress"}


def model_data(defaults: Data, raw: Data, name: str, env: Data) -> Data:
    """The merged mapping of one model in environment ``name`` (see the module docstring)."""
    data = merge(merge(defaults, raw), env.get("overrides", {}))
    data["namespace"] = namespace(str(data.get("namespace", "default")), env)
    cap = env.get("maxReplicas")
    if cap is not None and isinstance(data.get("scaling"), dict):
        data["scaling"] = {k: min(v, cap) if k in ("replicas", "min", "max") else v
                           for k, v in data["scaling"].items()}
    if "gpuProduct" in env and isinstance(data.get("gpu"), dict):
        data["gpu"] = {**data["gpu"], "product": env["gpuProduct"]}
    prefix = env.get("hostPrefix")
    ingress = data.get("ingress")
    if prefix and isinstance(ingress, dict) and "host" in ingress:
        ingress = {**ingress, "host": prefix + ingress["host"]}
        if isinstance(ingress.get("tls"), dict) and "hosts" in ingress["tls"]:
            ingress["tls"] = {**ingress["tls"], "hosts": [prefix + h for h in ingress["tls"]["hosts"]]}
        data["ingress"] = ingress
    return merge(data, raw.get("environments", {}).get(name, {}))


def namespace(base: str, env: Data) -> str:
    """A namespace as environment ``env`` names it: its one namespace, or the base plus its suffix."""
    if "namespace" in env:
        return str(env["namespace"])
    return base + str(env.get("namespaceSuffix", ""))


def build_environments(source: Source, catalog: s.Catalog, complete: Complete,
                       locate_base: Locator) -> s.Catalog:
    """``catalog`` with its environments; :class:`CatalogError` for every error in any of them."""
    declared: dict[str, Data] = source.data.get("environments") or {}
    errors = _undeclared(source, declared)
    if errors:
        raise CatalogError(errors)
    defaults = source.data.get("defaults", {})
    envs: list[s.Environment] = []
    warnings: list[Finding] = []
    known = {(w.path, w.message) for w in catalog.warnings}
    for name, env in declared.items():
        models = tuple(complete(build_model(model_data(defaults, raw, name, env), base.location), catalog.project)
                       for raw, base in zip(source.data["models"], catalog.models, strict=True))
        claims = tuple(dataclasses.replace(c, namespace=namespace(c.namespace, env)) for c in catalog.claims)
        env_catalog = dataclasses.replace(catalog, models=models, claims=claims, warnings=())
        for issue in run_checks(env_catalog):
            finding = _locate(source, issue, name, env, locate_base)
            if finding.severity is Severity.ERROR:
                errors.append(finding)
            elif (finding.path, issue.message) not in known:
                warnings.append(finding)
        errors.extend(_namespaces(source, name, env, env_catalog))
        line, col = locate(source.tree, ["environments", name], value=False)
        cluster = env["cluster"]
        blocks = tuple(s.Location(source.file, *locate(source.tree, ["models", i, "environments", name], value=False))
                       if name in (raw.get("environments") or {}) else None
                       for i, raw in enumerate(source.data["models"]))
        envs.append(s.Environment(name=name, catalog=env_catalog, server=cluster.get("server"),
                                  cluster_name=cluster.get("name"), location=s.Location(source.file, line, col),
                                  blocks=blocks))
    if errors:
        raise CatalogError(sorted(set(errors)))
    return dataclasses.replace(catalog, environments=tuple(envs),
                               warnings=tuple(sorted({*catalog.warnings, *warnings})))


def _undeclared(source: Source, declared: Data) -> list[Finding]:
    """A model's ``environments.<name>`` for an environment the catalog does not declare."""
    out = []
    for i, raw in enumerate(source.data["models"]):
        for name in raw.get("environments") or {}:
            if name not in declared:
                path = ["models", i, "environments", name]
                line, col = locate(source.tree, path, value=False)
                out.append(Finding(file=source.file, line=line, column=col, path=format_path(tuple(path)),
                                   message=f"environment {name!r} is not declared",
                                   hint=f"declare it under environments: ({', '.join(declared) or 'none yet'})",
                                   rule="catalog"))
    return out


def _namespaces(source: Source, name: str, env: Data, catalog: s.Catalog) -> list[Finding]:
    """Suffixed namespaces must still be DNS labels of at most 63 characters."""
    too_long = sorted({m.namespace for m in catalog.models if len(m.namespace) > 63}
                      | {c.namespace for c in catalog.claims if len(c.namespace) > 63})
    if not too_long:
        return []
    key = "namespaceSuffix" if "namespaceSuffix" in env else "namespace"
    path = ["environments", name, key]
    line, col = locate(source.tree, path)
    return [Finding(file=source.file, line=line, column=col, path=format_path(tuple(path)), rule="catalog",
                    message=f"namespace {ns!r} is longer than 63 characters", hint="use a shorter suffix")
            for ns in too_long]


def _has(data: Any, path: tuple[Any, ...]) -> bool:
    for part in path:
        if not (isinstance(data, dict) and part in data):
            return False
        data = data[part]
    return True


def _locate(source: Source, issue: Issue, name: str, env: Data, locate_base: Locator) -> Finding:
    """Point at the layer that set the field: the model's block, the overrides, the setting, else the base."""
    where: list[Any] | None = None
    if issue.model is not None and issue.path:
        own = (source.data["models"][issue.model].get("environments") or {}).get(name, {})
        sugar = [k for k, field in _SUGAR.items() if field == issue.path[0] and k in env]
        if issue.path[0] == "namespace":
            sugar = [k for k in ("namespace", "namespaceSuffix") if k in env]
        for block, prefix in ((own, ["models", issue.model, "environments", name]),
                              (env.get("overrides", {}), ["environments", name, "overrides"])):
            if _has(block, issue.path) or _has(block, issue.path[:1]):
                where = [*prefix, *issue.path]
                break
        if where is None and sugar:
            where = ["environments", name, sugar[0]]
    message = f"in environment {name}: {issue.message}"
    if where is None:
        return dataclasses.replace(locate_base(source, issue), message=message)
    line, col = locate(source.tree, where)
    return Finding(file=source.file, line=line, column=col, path=format_path(tuple(where)), message=message,
                   hint=issue.hint, severity=issue.severity,
                   rule="catalog" if issue.severity is Severity.ERROR else "catalog-warning")
