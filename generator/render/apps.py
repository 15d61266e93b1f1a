"""Catalog + rendered charts → Argo CD Applications, the AppProjects and the app-of-apps root."""

from __future__ import annotations

import re
from typing import Any

from generator import spec as s
from generator.catalog import modes
from generator.render.chart import HEADER, Chart
from generator.yamlout import dump

FINALIZER = "resources-finalizer.argocd.argoproj.io"
# Refresh (and regenerate manifests for) an Application only when a commit touches its chart,
# not on every commit to the repository (argo-cd docs/operator-manual/high_availability.md,
# "Manifest Paths Annotation"; absolute paths are relative to the repository root).
GENERATE_PATHS = "argocd.argoproj.io/manifest-generate-paths"
_KIND = re.compile(r"^apiVersion: (\S+)\nkind: (\S+)$", re.MULTILINE)
CLUSTER_KINDS = ({"group": "", "kind": "Namespace"},)  # CreateNamespace=true needs only this


def doc(catalog: s.Catalog, body: dict[str, Any]) -> str:
    return f"# {HEADER.format(catalog=catalog.path)}\n" + dump(body)


def _labels(catalog: s.Catalog) -> dict[str, str]:
    return {"app.kubernetes.io/managed-by": "infergen", "app.kubernetes.io/part-of": catalog.project.name}


def application(model: s.Model, catalog: s.Catalog) -> str:
    """``apps/<model>.yaml``."""
    return doc(catalog, application_doc(model, catalog))


def application_doc(model: s.Model, catalog: s.Catalog) -> dict[str, Any]:
    """The model's Application as data (environments adjust name, project, values and destination)."""
    options = ["CreateNamespace=true", "RespectIgnoreDifferences=true", "PruneLast=true"]
    options.extend(extra_sync_options(model))
    if model.argocd.replace:
        options.append("Replace=true")
    app: dict[str, Any] = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": {"name": model.name, "namespace": catalog.project.namespace, "labels": _labels(catalog),
                     "annotations": {"argocd.argoproj.io/sync-wave": "0",
                                     GENERATE_PATHS: f"/charts/{model.name}"},
                     "finalizers": [FINALIZER]},
        "spec": {
            "project": catalog.project.name,
            "source": {"repoURL": catalog.project.repo_url, "targetRevision": model.argocd.target_revision,
                       "path": f"charts/{model.name}",
                       "helm": {"releaseName": model.name, "valueFiles": ["values.yaml"]}},
            "destination": {"server": model.argocd.server, "namespace": model.namespace},
            "syncPolicy": {
                "automated": {"prune": model.argocd.prune, "selfHeal": model.argocd.self_heal},
                "syncOptions": options,
                "retry": {"limit": 5, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "5m"}},
            },
            "revisionHistoryLimit": 10,
        },
    }
    ignore = ignore_differences(model)
    if ignore:
        app["spec"]["ignoreDifferences"] = ignore
    return app


def extra_sync_options(model: s.Model) -> list[str]:
    """What the serving mode adds, e.g. SkipDryRunOnMissingResource for custom kinds (Knative, KServe)."""
    return modes.of(model).sync_options(model)


def ignore_differences(model: s.Model) -> list[dict[str, Any]]:
    """Fields another controller owns, per kind; without them Argo CD and it would fight forever.

    Only fields the chart sets and a controller then changes belong here. Fields that admission
    webhooks only add (Knative's revision defaults, knative/serving pkg/apis/serving/v1/
    revision_defaults.go at knative-v1.23.0; KServe's InferenceService defaulter; allocated
    nodePorts and clusterIPs) never show as drift: Argo CD's diff ignores live fields the
    desired manifest does not set, and ignoring them would hide real drift.
    """
    return modes.of(model).ignore_differences(model)


def storage_application(namespace: str, catalog: s.Catalog, server: str) -> str:
    """The Application of ``charts/storage-<namespace>``: claims outlive any one model."""
    return doc(catalog, storage_application_doc(namespace, catalog, server))


def storage_application_doc(namespace: str, catalog: s.Catalog, server: str) -> dict[str, Any]:
    name = storage_chart_name(namespace)
    app: dict[str, Any] = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": {"name": name, "namespace": catalog.project.namespace, "labels": _labels(catalog),
                     "annotations": {"argocd.argoproj.io/sync-wave": "-1", GENERATE_PATHS: f"/charts/{name}"}},
        "spec": {
            "project": catalog.project.name,
            "source": {"repoURL": catalog.project.repo_url, "targetRevision": catalog.project.target_revision,
                       "path": f"charts/{name}", "helm": {"releaseName": name, "valueFiles": ["values.yaml"]}},
            "destination": {"server": server, "namespace": namespace},
            "syncPolicy": {"automated": {"prune": False, "selfHeal": True},
                           "syncOptions": ["CreateNamespace=true"],
                           "retry": {"limit": 5, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "5m"}}},
        },
    }
    return app


storage_chart_name = s.storage_chart_name


def chart_kinds(chart: Chart) -> set[tuple[str, str]]:
    """(group, kind) of every resource the chart can create, read off its templates."""
    kinds = set()
    for path, text in chart.files.items():
        if path.startswith("templates/tests/") or not path.startswith("templates/"):
            continue
        for api_version, kind in _KIND.findall(text):
            kinds.add((api_version.rpartition("/")[0], kind))
    return kinds


def projects(catalog: s.Catalog, charts: list[Chart], destinations: set[tuple[str, str]]) -> str:
    """``apps/project.yaml``: the models' AppProject and the root app's, both least privilege."""
    models, root = project_docs(catalog, charts, destinations)
    header = f"# {HEADER.format(catalog=catalog.path)}\n"
    return header + dump(models) + "---\n" + dump(root)


def project_docs(catalog: s.Catalog, charts: list[Chart],
                 destinations: set[tuple[str, str]]) -> tuple[dict[str, Any], dict[str, Any]]:
    kinds = sorted(set().union(*(chart_kinds(c) for c in charts)) if charts else set())
    models = {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "AppProject",
        "metadata": {"name": catalog.project.name, "namespace": catalog.project.namespace,
                     "labels": _labels(catalog), "finalizers": [FINALIZER]},
        "spec": {
            "description": f"Models served from {catalog.path}; only the kinds and namespaces it uses.",
            "sourceRepos": [catalog.project.repo_url],
            "destinations": [{"server": server, "namespace": ns} for server, ns in sorted(destinations)],
            "clusterResourceWhitelist": list(CLUSTER_KINDS),
            "namespaceResourceWhitelist": [{"group": g, "kind": k} for g, k in kinds],
            "orphanedResources": {"warn": True},
        },
    }
    root = {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "AppProject",
        "metadata": {"name": root_project(catalog), "namespace": catalog.project.namespace,
                     "labels": _labels(catalog), "finalizers": [FINALIZER]},
        "spec": {
            "description": "The app-of-apps: may only manage Argo CD Applications and AppProjects.",
            "sourceRepos": [catalog.project.repo_url],
            "destinations": [{"server": catalog.project.server, "namespace": catalog.project.namespace}],
            "clusterResourceWhitelist": [],
            "namespaceResourceWhitelist": [{"group": "argoproj.io", "kind": "Application"},
                                           {"group": "argoproj.io", "kind": "AppProject"}],
        },
    }
    return models, root


def root_project(catalog: s.Catalog) -> str:
    return f"{catalog.project.name}-root"[:63]


def root_application(catalog: s.Catalog) -> str:
    """``apps/root.yaml``: syncs every other file of ``apps/``. Bootstrap it once with kubectl apply."""
    return doc(catalog, root_application_doc(catalog))


def root_application_doc(catalog: s.Catalog) -> dict[str, Any]:
    app: dict[str, Any] = {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
        "metadata": {"name": catalog.project.root_app, "namespace": catalog.project.namespace,
                     "labels": _labels(catalog), "annotations": {GENERATE_PATHS: "/apps"},
                     "finalizers": [FINALIZER]},
        "spec": {
            "project": root_project(catalog),
            "source": {"repoURL": catalog.project.repo_url, "targetRevision": catalog.project.target_revision,
                       "path": "apps",
                       # argocd-health.yaml patches argocd-cm, which the root project may not touch
                       "directory": {"recurse": False, "exclude": "{root.yaml,argocd-health.yaml}"}},
            "destination": {"server": catalog.project.server, "namespace": catalog.project.namespace},
            "syncPolicy": {"automated": {"prune": True, "selfHeal": True},
                           "retry": {"limit": 5, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "5m"}}},
        },
    }
    return app
