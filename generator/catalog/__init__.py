"""Catalog loading: read → schema check → defaults merge → build spec → semantic checks."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from generator import spec as s
from generator.catalog import modes
from generator.catalog.build import build_model, merge
from generator.catalog.checks import Issue, run_checks
from generator.catalog.environment_locate import locate_in, override_path
from generator.catalog.environments import build_environments
from generator.catalog.schema_check import check_schema
from generator.catalog.source import Source, format_path, read_source
from generator.declare.field import load
from generator.errors import CatalogError
from generator.findings import Finding, Severity

__all__ = ["CatalogError", "load_catalog"]


def load_catalog(path: Path | str, display: str | None = None, base_dir: Path | None = None) -> s.Catalog:
    """Load and check a catalog; raise :class:`CatalogError` listing every error found.

    ``base_dir`` resolves the catalog's relative paths when ``path`` is a temporary copy
    (a catalog read from a git revision by ``infergen diff --base``).
    """
    path = Path(path)
    source = read_source(path, display or _display(path))
    findings = check_schema(source)
    if findings:
        raise CatalogError(findings)
    catalog = dataclasses.replace(_build(source), validation=_validation(source, base_dir or path.parent))
    located = [_locate(source, issue) for issue in run_checks(catalog)]
    errors = [f for f in located if f.severity is Severity.ERROR]
    if errors:
        raise CatalogError(errors)
    catalog = dataclasses.replace(catalog, warnings=tuple(sorted(located)))
    if source.data.get("environments") or any("environments" in m for m in source.data["models"]):
        catalog = build_environments(source, catalog, _complete, _locate)
    return catalog


def _validation(source: Source, base: Path) -> s.Validation:
    data = source.data.get("validation", {})
    crds = []
    for i, crd in enumerate(data.get("crds", ())):
        resolved = base / crd
        if not resolved.exists():
            line, col = source.locate(["validation", "crds", i])
            raise CatalogError([Finding(file=source.file, line=line, column=col, path=f"validation.crds[{i}]",
                                        message=f"{crd} does not exist (resolved to {resolved})",
                                        hint="paths are relative to the catalog file")])
        crds.append(str(resolved))
    locations = tuple(loc if "://" in loc or loc.startswith("/") else str(base / loc)
                      for loc in data.get("schemaLocations", ()))
    validation: s.Validation = load(s.Validation, data, crds=tuple(crds), schema_locations=locations)
    return validation


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def _build(source: Source) -> s.Catalog:
    data = source.data
    project: s.Project = load(s.Project, data["argocd"])
    defaults = data.get("defaults", {})
    models = []
    spans = source.model_spans()
    positions = None if spans is None else [(line, col) for line, col, _end in spans]
    if positions is None:
        positions = [source.locate(["models", i], value=True) for i in range(len(data["models"]))]
    for raw, (line, col) in zip(data["models"], positions, strict=True):
        model = build_model(merge(defaults, raw), s.Location(source.file, line, col))
        models.append(_complete(model, project))
    claims = tuple(load(s.Claim, c) for c in data.get("claims", ()))
    return s.Catalog(path=source.file, project=project, models=tuple(models), claims=claims)


def _complete(model: s.Model, project: s.Project) -> s.Model:
    """Fill values that depend on other sections (mode blocks, revision, part-of)."""
    changes: dict[str, Any] = {}
    model = modes.with_default_settings(model)
    if not model.argocd.target_revision:
        changes["argocd"] = dataclasses.replace(model.argocd, target_revision=project.target_revision)
    if model.part_of is None:
        changes["part_of"] = project.name
    return dataclasses.replace(model, **changes) if changes else model


def _locate(source: Source, issue: Issue) -> Finding:
    """Point at the model's own setting, else the defaults it inherited, else the model entry."""
    if issue.model is None:
        path: list[Any] = list(issue.path)
        line, col = source.locate(path)
    else:
        path = ["models", issue.model, *issue.path]
        model_data = source.data["models"][issue.model]
        if _has(model_data, issue.path[:1]) or not _has(source.data.get("defaults", {}), issue.path[:1]):
            line, col = source.locate(path)
        else:
            line, col = source.locate(["defaults", *issue.path])
    return Finding(file=source.file, line=line, column=col, path=format_path(tuple(path)), message=issue.message,
                   hint=issue.hint, severity=issue.severity,
                   rule="catalog" if issue.severity is Severity.ERROR else "catalog-warning")


def locate_issue(source: Source, issue: Issue) -> Finding:
    """:class:`Issue` → located catalog :class:`Finding` (for checks run after loading)."""
    return _locate(source, issue)


def locate_environment_issue(source: Source, issue: Issue, environment: str) -> Finding | None:
    """:class:`Issue` found in ``environment`` → a Finding at the override that set its field;
    None when the environment changed nothing there (the base catalog's field is to blame)."""
    env = (source.data.get("environments") or {}).get(environment, {})
    if override_path(source, issue, environment, env) is None:
        return None
    return locate_in(source, issue, environment, env, _locate)


def _has(data: Any, path: tuple[Any, ...]) -> bool:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return False
    return True
