"""Each environment's Argo CD objects: ``apps/<env>/<model>.yaml``, storage apps, AppProjects, root app.

They reuse the one-cluster documents of :mod:`generator.render.apps` and change what an
environment decides: name, project, destination cluster and namespace, value files.
"""

from __future__ import annotations

from typing import Any

from generator import spec as s
from generator.render import apps
from generator.render.chart import Chart
from generator.yamlout import dump

VALUES = "values.yaml"


def values_file(env: str) -> str:
    return f"values-{env}.yaml"


def app_name(name: str, env: s.Environment) -> str:
    return f"{name}-{env.name}"


def project_name(catalog: s.Catalog, env: s.Environment) -> str:
    return f"{catalog.project.name}-{env.name}"[:63]


def application(model: s.Model, catalog: s.Catalog, env: s.Environment, chart: Chart) -> dict[str, Any]:
    """``apps/<env>/<model>.yaml``: the model's chart with the environment's values, at its cluster."""
    app = apps.application_doc(model, env.catalog)
    app["metadata"]["name"] = app_name(model.name, env)
    app["metadata"]["labels"][s.ENVIRONMENT_LABEL] = env.name
    app["metadata"]["annotations"][apps.GENERATE_PATHS] = refresh_paths(chart, env)
    spec = app["spec"]
    spec["project"] = project_name(catalog, env)
    spec["source"]["helm"]["valueFiles"] = [VALUES, values_file(env.name)]
    spec["destination"] = {**env.destination(), "namespace": model.namespace}
    return app


def refresh_paths(chart: Chart, env: s.Environment) -> str:
    """Every top-level entry of the chart but the other environments' values files: a commit that
    touches only ``values-staging.yaml`` refreshes no production Application. Argo CD matches each
    ``;``-separated path as the file itself or a directory above it (argo-cd v3.5.0
    util/app/path/path.go, GetSourceRefreshPaths and AppFilesHaveChanged)."""
    entries = {rel.split("/", 1)[0] for rel in chart.files} | {values_file(env.name)}
    return ";".join(f"/charts/{chart.name}/{entry}" for entry in sorted(entries))


def storage(catalog: s.Catalog, env: s.Environment) -> dict[str, str]:
    """Each storage chart installed into the environment's namespace (claims do not vary)."""
    out = {}
    pairs = {(b.namespace, e.namespace) for b, e in zip(catalog.claims, env.catalog.claims, strict=True) if b.create}
    for base_ns, env_ns in sorted(pairs):
        name = apps.storage_chart_name(base_ns)
        app = apps.storage_application_doc(base_ns, catalog, "")
        app["metadata"]["name"] = app_name(name, env)
        app["metadata"]["labels"][s.ENVIRONMENT_LABEL] = env.name
        app["spec"]["project"] = project_name(catalog, env)
        app["spec"]["destination"] = {**env.destination(), "namespace": env_ns}
        out[f"apps/{env.name}/{name}.yaml"] = apps.doc(catalog, app)
    return out


def destinations(env: s.Environment) -> list[tuple[str, str]]:
    """(cluster, namespace) the environment's Applications deploy to."""
    namespaces = {m.namespace for m in env.catalog.models} | {c.namespace for c in env.catalog.claims if c.create}
    return [(env.target, ns) for ns in sorted(namespaces)]


def projects(catalog: s.Catalog, env: s.Environment, charts: list[Chart]) -> str:
    """The environment's AppProject (its cluster and namespaces only) and its root app's."""
    models, root_project = apps.project_docs(catalog, charts, set())
    key = "name" if env.by_name else "server"
    models["metadata"]["name"] = project_name(catalog, env)
    models["spec"]["description"] = (f"Models served from {catalog.path} in environment {env.name}; only its "
                                     "cluster, namespaces and the kinds the charts use.")
    models["spec"]["destinations"] = [{key: cluster, "namespace": ns} for cluster, ns in destinations(env)]
    root_project["metadata"]["name"] = _root_project(catalog, env)
    return apps.doc(catalog, models) + "---\n" + dump(root_project)


def _root_project(catalog: s.Catalog, env: s.Environment) -> str:
    return f"{catalog.project.name}-{env.name}-root"[:63]


def root(catalog: s.Catalog, env: s.Environment) -> dict[str, Any]:
    """``apps/<env>/root.yaml``: syncs the environment's Applications. Bootstrap it once with kubectl apply."""
    app = apps.root_application_doc(catalog)
    app["metadata"]["name"] = app_name(catalog.project.root_app, env)
    app["metadata"]["labels"][s.ENVIRONMENT_LABEL] = env.name
    app["metadata"]["annotations"][apps.GENERATE_PATHS] = f"/apps/{env.name}"
    app["spec"]["project"] = _root_project(catalog, env)
    app["spec"]["source"]["path"] = f"apps/{env.name}"
    app["spec"]["source"]["directory"]["exclude"] = "root.yaml"
    return app
