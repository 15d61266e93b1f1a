"""Every chart the repository's catalog.yaml and the golden catalogs generate, written to a temp dir."""

from __future__ import annotations

from pathlib import Path

from generator.catalog import load_catalog
from generator.output.write import write_tree
from generator.render.generate import generate
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "golden"
CATALOGS = (REPO / "catalog.yaml", *sorted(GOLDEN.glob("*/catalog.yaml")))


def generated_charts(root: Path) -> list[Path]:
    """Generate each catalog of :data:`CATALOGS` under ``root`` and return its chart directories."""
    charts: list[Path] = []
    for i, path in enumerate(CATALOGS):
        out = root / f"tree{i}"
        out.mkdir(parents=True)
        write_tree(out, generate(load_catalog(path, display="catalog.yaml")).files)
        charts.extend(sorted(p for p in (out / "charts").iterdir() if (p / "Chart.yaml").is_file()))
    return charts
