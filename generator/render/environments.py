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
from generator.render.environment_apps import VALUES, application, projects, root, storage, values_file
from generator.yamlout import dump

# NOTES.txt quotes the declared model (URLs, GPUs) for `helm install` users; Argo CD renders
# with `helm template`, which never prints it (argo-cd reposerver/repository/repository.go,
# helmTemplate, v3.5.0), so it stays as the base chart has it. The chart's README.md documents
# values.yaml's knobs and defaults, which values-<env>.yaml then overrides.
_PER_ENVIRONMENT = frozenset({VALUES, "templates/NOTES.txt", "README.md"})


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
            app = application(model, catalog, env, by_name[base.name])
            out[f"apps/{env.name}/{base.name}.yaml"] = apps.doc(catalog, app)
        out.update(storage(catalog, env))
        out[f"apps/{env.name}/project.yaml"] = projects(catalog, env, charts)
        out[f"apps/{env.name}/root.yaml"] = apps.doc(catalog, root(catalog, env))
    return out


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
