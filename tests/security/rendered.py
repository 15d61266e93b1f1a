"""Render every chart of a catalog with the helm engine, as Argo CD would, into plain manifests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator import helm
from generator.catalog import load_catalog
from generator.output.write import write_tree
from generator.render.generate import generate
from tests.reliability.trees import REPO


def example_catalog(tmp: Path) -> Path:
    data = yaml.safe_load((REPO / "catalog.yaml").read_text(encoding="utf-8"))
    data.pop("validation", None)
    path = tmp / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def render_catalog(path: Path, out: Path) -> dict[str, list[dict[str, Any]]]:
    """Generate ``path`` under its directory and render each chart into ``out/<chart>/*.yaml``."""
    catalog = load_catalog(path, "catalog.yaml")
    root = path.parent
    write_tree(root, generate(catalog).files)
    docs: dict[str, list[dict[str, Any]]] = {}
    for chart_dir in sorted(p for p in (root / "charts").iterdir() if p.is_dir()):  # not the stamp file
        model = catalog.model(chart_dir.name)
        namespace = model.namespace if model else chart_dir.name.removeprefix("storage-")
        release = helm.Release(chart_dir, chart_dir.name, namespace)
        target = out / chart_dir.name
        target.mkdir(parents=True)
        for template, text in helm.render(release).manifests.items():
            if not template.endswith((".yaml", ".yml")):
                continue
            parsed = [d for d in yaml.safe_load_all(text) if d]
            if parsed:
                (target / template.replace("/", "_")).write_text(text)
                docs.setdefault(chart_dir.name, []).extend(parsed)
    return docs
