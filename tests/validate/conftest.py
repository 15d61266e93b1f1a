"""Helpers for the issue 4 tests: build a catalog tree, break it, run `infergen validate` / `lint`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from generator.catalog import load_catalog
from generator.cli import cli
from generator.errors import CatalogError
from generator.output.write import existing_files, owned, write_tree
from generator.render.generate import generate
from generator.render.stamp import STAMP, add_stamps
from tests.conftest import base_catalog, bench_path


def crd_dir() -> Path:
    """The independent upstream CRD copies in ../shared (cross-checks only); skips when absent."""
    return bench_path("yaml", what="the upstream CRD copies")


def catalog_text(content: dict[str, Any] | str) -> str:
    """YAML text of a catalog (custom kinds are checked against the schemas infergen bundles)."""
    return content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)


@dataclass
class Run:
    exit_code: int
    findings: list[dict[str, Any]]
    output: str


def run_validate(root: Path, *args: str) -> Run:
    result = CliRunner().invoke(cli, ["validate", "-c", str(root / "catalog.yaml"), "-o", "json", *args])
    # a catalog that cannot load is reported in the same document, with its location (exit 2)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    data = json.loads(result.stdout)
    return Run(result.exit_code, data["findings"], result.output)


def generate_into(root: Path, content: dict[str, Any] | str) -> None:
    """Write the catalog and generate charts/ and apps/ without validating (so they can be broken)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "catalog.yaml").write_text(catalog_text(content), encoding="utf-8")
    try:
        catalog = load_catalog(root / "catalog.yaml", display="catalog.yaml")
    except CatalogError:
        return  # catalog cases: validate reports the errors
    write_tree(root, generate(catalog).files)


def base(**model: Any) -> dict[str, Any]:
    return base_catalog(**model)


def restamp(root: Path) -> None:
    """Rewrite the generation stamps to match the (edited) tree, as if infergen had written it."""
    files = {rel: Path(path).read_text(encoding="utf-8") for rel, path in existing_files(root).items()
             if owned(path) and not rel.endswith(STAMP)}
    for rel, text in add_stamps(files).items():
        if rel.endswith(STAMP):
            (root / rel).write_text(text, encoding="utf-8")
