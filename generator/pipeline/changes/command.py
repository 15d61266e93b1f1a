"""``infergen diff`` against a base catalog, and its ``--summary`` report."""

from __future__ import annotations

from pathlib import Path

from generator.catalog import load_catalog
from generator.pipeline.changes.base import base_catalog, render_catalog, render_scopes
from generator.pipeline.changes.compare import Report, build_report
from generator.pipeline.changes.markdown import markdown
from generator.pipeline.changes.text import text, to_json
from generator.pipeline.diff import DiffResult, compare, scopes_of
from generator.validate.manifests import Tree

FORMATS = ("text", "markdown", "json")


def sides(catalog_path: Path, root: Path, only: str | None, ref: str | None,
          file: Path | None, environment: str | None = None) -> tuple[str, Tree, Tree]:
    """(what the base is, the base rendered, the catalog now rendered).

    Without a base the tree on disk is the base, as for the plain ``infergen diff``.
    """
    catalog = load_catalog(catalog_path)  # the catalog now first: its errors are the likelier ones
    scopes = scopes_of(catalog, environment)
    if ref is None and file is None:
        label = f"{root / 'charts'}/ and {root / 'apps'}/ on disk"
        return label, render_scopes(root, only, scopes), render_catalog(catalog, only, scopes)
    base = base_catalog(catalog_path, ref, file, catalog.path)
    label = f"{ref}:{catalog_path.name}" if ref is not None else str(file)
    return label, render_catalog(base, only, scopes), render_catalog(catalog, only, scopes)


def resource_diff(catalog_path: Path, root: Path, only: str | None, ref: str | None,
                  file: Path | None, environment: str | None = None) -> DiffResult:
    """The plain per-resource diff, from the base to the catalog now."""
    _label, old, new = sides(catalog_path, root, only, ref, file, environment)
    return compare(old, new)


def summary(catalog_path: Path, root: Path, only: str | None, ref: str | None,
            file: Path | None, environment: str | None = None) -> Report:
    """Per model and environment, the semantic changes from the base to the catalog now."""
    label, old, new = sides(catalog_path, root, only, ref, file, environment)
    return build_report(label, old, new)


def render(report: Report, fmt: str) -> str:
    return {"text": text, "markdown": markdown, "json": to_json}[fmt](report)
