"""Environments → ``charts/<model>/values-<env>.yaml`` and ``apps/<env>/``.

Every environment installs the model's one chart: ``values.yaml`` holds the model as the
catalog declares it, ``values-<env>.yaml`` only what the environment changes. Argo CD reads
``spec.source.helm.valueFiles`` relative to ``spec.source.path`` (the chart directory) and
passes them in order to ``helm template --values``, later files winning (argo-cd v3.5.0
reposerver/repository/repository.go helmTemplate and getResolvedValueFiles; util/helm/cmd.go). An environment may
change values, never which files the chart has: that would make the chart differ per
environment, so generate refuses it and says which setting did it.
"""

from __future__ import annotations

from typing import Any

from generator import spec as s
from generator.errors import CatalogError
from generator.findings import Finding
from generator.lint.yamlio import load_one
from generator.render import apps
from generator.render.chart import HEADER, Chart, render_chart
from generator.yamlout import dump

VALUES = "values.yaml"
# NOTES.txt quotes the declared model (URLs, GPUs) for `helm install` users; Argo CD renders
# with `helm template`, which never prints it (argo-cd reposerver/repository/repository.go,
# helmTemplate, v3.5.0), so it stays as the base chart has it.
_PER_ENVIRONMENT = frozenset({VALUES, "templates/NOTES.txt"})


def values_file(env: str) -> str:
    return f"values-{env}.yaml"


def overlay(base: Any, wanted: Any) -> dict[str, Any]:
    """The smallest values file that Helm merges over ``base`` into ``wanted``.

    Helm merges maps key by key, replaces lists and scalars, and deletes a key set to null
    (helm pkg/chartutil/coalesce.go, coalesceValues, v3.19.0).
    """
    out: dict[str, Any] = {}
    for key, value in wanted.items():
        old = base.get(key, _MISSING)
        if isinstance(old, dict) and isinstance(value, dict) and old:
            sub = overlay(old, value)
            if sub:
                out[key] = sub
        elif old != value or type(old) is not type(value):
            out[key] = value
    for key in base:
        if key not in wanted:
            out[key] = None
    return out


_MISSING = object()


def files(catalog: s.Catalog, charts: list[Chart]) -> dict[str, str]:
    """Every environment's values files and ``apps/<env>/`` tree (``charts`` are the base charts)."""
    by_name = {c.name: c for c in charts}
    out: dict[str, str] = {}
    for env in catalog.environments:
        for i, (base, model) in enumerate(zip(catalog.models, env.catalog.models, strict=True)):
            chart = render_chart(model, env.catalog)
            _same_files(by_name[base.name], chart, env, i)
            out[f"charts/{base.name}/{values_file(env.name)}"] = _values(catalog, env, by_name[base.name], chart)
            out[f"apps/{env.name}/{base.name}.yaml"] = apps.doc(catalog, application(model, catalog, env))
        out.update(_storage(catalog, env))
        out[f"apps/{env.name}/project.yaml"] = _projects(catalog, env, charts)
        out[f"apps/{env.name}/root.yaml"] = apps.doc(catalog, _root(catalog, env))
    return out


def app_name(name: str, env: s.Environment) -> str:
    return f"{name}-{env.name}"


def project_name(catalog: s.Catalog, env: s.Environment) -> str:
    return f"{catalog.project.name}-{env.name}"[:63]


def _values(catalog: s.Catalog, env: s.Environment, base: Chart, chart: Chart) -> str:
    changes = overlay(load_one(base.files[VALUES]) or {}, load_one(chart.files[VALUES]) or {})
    header = (f"# {HEADER.format(catalog=catalog.path)}\n# Environment {env.name}: what differs from values.yaml. "
              f"Argo CD merges it over values.yaml\n# (apps/{env.name}/); null removes a key.\n")
    return header + dump(changes)


def _same_files(base: Chart, chart: Chart, env: s.Environment, index: int) -> None:
    """Refuse an environment that would change the chart's templates rather than its values."""
    differ = sorted(p for p in {*base.files, *chart.files} - _PER_ENVIRONMENT
                    if base.files.get(p) != chart.files.get(p))
    if not differ:
        return
    block = env.blocks[index] if index < len(env.blocks) else None
    where, path = ((block, f"models[{index}].environments.{env.name}") if block is not None
                   else (env.location, f"environments.{env.name}"))
    raise CatalogError([Finding(
        file=where.file if where else "", line=where.line if where else 0, column=where.column if where else 0,
        path=path, rule="catalog",
        message=f"model {base.name}: environment {env.name} changes the chart's files, not only its values "
                f"({', '.join(differ[:4])})",
        hint="an environment may change values (replicas within the same kind of scaling, resources, hosts, "
             "GPU product); keep the rest as in the model")])


def application(model: s.Model, catalog: s.Catalog, env: s.Environment) -> dict[str, Any]:
    """``apps/<env>/<model>.yaml``: the model's chart with the environment's values, at its cluster."""
    app = apps.application_doc(model, env.catalog)
    app["metadata"]["name"] = app_name(model.name, env)
    spec = app["spec"]
    spec["project"] = project_name(catalog, env)
    spec["source"]["helm"]["valueFiles"] = [VALUES, values_file(env.name)]
    spec["destination"] = {**env.destination(), "namespace": model.namespace}
    return app


def _storage(catalog: s.Catalog, env: s.Environment) -> dict[str, str]:
    """Each storage chart installed into the environment's namespace (claims do not vary)."""
    out = {}
    pairs = {(b.namespace, e.namespace) for b, e in zip(catalog.claims, env.catalog.claims, strict=True) if b.create}
    for base_ns, env_ns in sorted(pairs):
        name = apps.storage_chart_name(base_ns)
        app = apps.storage_application_doc(base_ns, catalog, "")
        app["metadata"]["name"] = app_name(name, env)
        app["spec"]["project"] = project_name(catalog, env)
        app["spec"]["destination"] = {**env.destination(), "namespace": env_ns}
        out[f"apps/{env.name}/{name}.yaml"] = apps.doc(catalog, app)
    return out


def destinations(env: s.Environment) -> list[tuple[str, str]]:
    """(cluster, namespace) the environment's Applications deploy to."""
    namespaces = {m.namespace for m in env.catalog.models} | {c.namespace for c in env.catalog.claims if c.create}
    return [(env.cluster, ns) for ns in sorted(namespaces)]


def _projects(catalog: s.Catalog, env: s.Environment, charts: list[Chart]) -> str:
    """The environment's AppProject (its cluster and namespaces only) and its root app's."""
    models, root = apps.project_docs(catalog, charts, set())
    key = "name" if env.cluster_name else "server"
    models["metadata"]["name"] = project_name(catalog, env)
    models["spec"]["description"] = (f"Models served from {catalog.path} in environment {env.name}; only its "
                                     "cluster, namespaces and the kinds the charts use.")
    models["spec"]["destinations"] = [{key: cluster, "namespace": ns} for cluster, ns in destinations(env)]
    root["metadata"]["name"] = _root_project(catalog, env)
    return apps.doc(catalog, models) + "---\n" + dump(root)


def _root_project(catalog: s.Catalog, env: s.Environment) -> str:
    return f"{catalog.project.name}-{env.name}-root"[:63]


def _root(catalog: s.Catalog, env: s.Environment) -> dict[str, Any]:
    """``apps/<env>/root.yaml``: syncs the environment's Applications. Bootstrap it once with kubectl apply."""
    app = apps.root_application_doc(catalog)
    app["metadata"]["name"] = app_name(catalog.project.root_app, env)
    app["metadata"]["annotations"][apps.GENERATE_PATHS] = f"/apps/{env.name}"
    app["spec"]["project"] = _root_project(catalog, env)
    app["spec"]["source"]["path"] = f"apps/{env.name}"
    app["spec"]["source"]["directory"]["exclude"] = "root.yaml"
    return app
