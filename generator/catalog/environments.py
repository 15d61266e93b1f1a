"""``environments:`` → one :class:`spec.Environment` per target, each a checked copy of the catalog.

A model in environment E is built from, later layers winning: ``defaults``, the model,
``environments.E.overrides``, the environment's own settings (namespace, maxReplicas,
gpuProduct, hostPrefix), then the model's ``environments.E`` block. Every environment's
catalog passes the same checks as the base one; errors point at the layer that set the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from generator import spec as s
from generator.catalog.build import Data, build_model, merge
from generator.catalog.checks import run_checks
from generator.catalog.environment_checks import namespaces_fit, shared_releases, undeclared
from generator.catalog.environment_locate import Locator, locate_in
from generator.catalog.source import Source
from generator.declare.field import load
from generator.errors import CatalogError, InputError
from generator.findings import Finding, Severity

Complete = Callable[[s.Model, s.Project], s.Model]


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
    data = merge(data, raw.get("environments", {}).get(name, {}))
    data["labels"] = {**(data.get("labels") or {}), s.ENVIRONMENT_LABEL: name}
    return data


def namespace(base: str, env: Data) -> str:
    """A namespace as environment ``env`` names it: its one namespace, or the base plus its suffix."""
    if "namespace" in env:
        return str(env["namespace"])
    return base + str(env.get("namespaceSuffix", ""))


def build_environments(source: Source, catalog: s.Catalog, complete: Complete,
                       locate_base: Locator) -> s.Catalog:
    """``catalog`` with its environments; :class:`CatalogError` for every error in any of them."""
    declared: dict[str, Data] = source.data.get("environments") or {}
    errors = undeclared(source, declared)
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
            finding = locate_in(source, issue, name, env, locate_base)
            if finding.severity is Severity.ERROR:
                errors.append(finding)
            elif (finding.path, issue.message) not in known:
                warnings.append(finding)
        errors.extend(namespaces_fit(source, name, env, env_catalog))
        line, col = source.locate(["environments", name], value=False)
        blocks = tuple(s.Location(source.file, *source.locate(["models", i, "environments", name], value=False))
                       if name in (raw.get("environments") or {}) else None
                       for i, raw in enumerate(source.data["models"]))
        envs.append(load(s.Environment, env, name=name, catalog=env_catalog,
                         location=s.Location(source.file, line, col), blocks=blocks))
    errors.extend(shared_releases(source, envs))
    if errors:
        raise CatalogError(sorted(set(errors)))
    return dataclasses.replace(catalog, environments=tuple(envs),
                               warnings=tuple(sorted({*catalog.warnings, *warnings})))


def require_environment(catalog: s.Catalog, name: str | None) -> s.Environment | None:
    """The environment ``--env name`` picks (None for no ``--env``); bad usage (exit 2) for a name
    the catalog does not declare."""
    if name is None:
        return None
    env = next((e for e in catalog.environments if e.name == name), None)
    if env is None:
        declared = ", ".join(e.name for e in catalog.environments) or "no environments"
        raise InputError(f"--env {name}: the catalog declares {declared}")
    return env
