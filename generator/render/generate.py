"""Catalog → the complete generated tree (``charts/`` and ``apps/``) as bytes in memory."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator import spec as s
from generator.render import apps, argocd_health, environments
from generator.render.cache import ChartCache, inputs_digest, settings_digest
from generator.render.chart import Chart, render_chart, render_storage_chart
from generator.render.stamp import add_stamps


@dataclass(frozen=True)
class Output:
    """Every generated file, keyed by its path relative to the output root."""

    files: dict[str, str]
    charts: tuple[Chart, ...]


def generate(catalog: s.Catalog, cache: ChartCache | None = None) -> Output:
    """Render every chart and Application of ``catalog``; ``cache`` skips unchanged charts."""
    charts: list[Chart] = []
    files: dict[str, str] = {}
    destinations: set[tuple[str, str]] = set()
    if catalog.environments:
        cache = None  # the cache keeps one Application per chart; environments have several
    settings = settings_digest(catalog) if cache is not None else ""
    for model in catalog.models:
        chart, app = _model(model, catalog, cache, settings)
        charts.append(chart)
        if not catalog.environments:
            files[f"apps/{model.name}.yaml"] = app
        destinations.add((model.argocd.server, model.namespace))
    by_namespace: dict[str, list[s.Claim]] = defaultdict(list)
    for claim in catalog.claims:
        if claim.create:
            by_namespace[claim.namespace].append(claim)
    for namespace, claims in sorted(by_namespace.items()):
        name = apps.storage_chart_name(namespace)
        charts.append(render_storage_chart(name, claims, catalog))
        server = next((m.argocd.server for m in catalog.models if m.namespace == namespace),
                      catalog.project.server)
        if not catalog.environments:
            files[f"apps/{name}.yaml"] = apps.storage_application(namespace, catalog, server)
        destinations.add((server, namespace))
    for chart in charts:
        for path, text in chart.files.items():
            files[f"charts/{chart.name}/{path}"] = text
    if cache is not None:
        for chart in charts[len(catalog.models):]:
            cache.record(chart.name, "", chart.files)
    if catalog.environments:
        files.update(environments.files(catalog, charts))
    else:
        files["apps/project.yaml"] = apps.projects(catalog, charts, destinations)
        files["apps/root.yaml"] = apps.root_application(catalog)
    files[argocd_health.FILE] = argocd_health.health_config_map(catalog)
    return Output(add_stamps(files), tuple(charts))


def _model(model: s.Model, catalog: s.Catalog, cache: ChartCache | None, settings: str) -> tuple[Chart, str]:
    """The model's chart and Application: from disk when the cache proves them current."""
    if cache is None:
        return render_chart(model, catalog), apps.application(model, catalog)
    inputs = inputs_digest(model, settings)
    found = cache.lookup(model.name, inputs)
    if found is not None:
        chart, app = Chart(model.name, found[0]), found[1]
    else:
        chart, app = render_chart(model, catalog), apps.application(model, catalog)
    cache.record(model.name, inputs, chart.files, app)
    return chart, app
