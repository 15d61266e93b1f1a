"""``explain``'s hand-kept WHY table stays in step with the catalog and the chart templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.catalog import load_catalog, modes
from generator.catalog.schema import build_schema
from generator.pipeline.explain import BY_KIND, POD_FIELDS, WHY

TEMPLATES = Path(__file__).resolve().parents[2] / "generator" / "templates" / "chart" / "templates"
# model fields no resource is explained by, and why
NOT_EXPLAINED = {
    "labels": "on every resource's metadata",
    "annotations": "on every resource's metadata",
    "component": "a label on every resource",
    "partOf": "a label on every resource",
    "cluster": "picks the schemas and API names generation targets",
    "torchserve": "packages the model archive under serving/, not a chart resource",
    "environments": "per-environment overrides: explain --env explains the model as merged there",
}


def _model() -> dict[str, Any]:
    model: dict[str, Any] = build_schema()["$defs"]["model"]
    return model


def _exists(path: str) -> bool:
    node = _model()
    for part in path.split("."):
        node = node.get("items", node) if node.get("type") == "array" else node
        if part not in node.get("properties", {}):
            return False
        node = node["properties"][part]
    return True


def _fields() -> set[str]:
    """Fields explain names: its tables, and what each serving mode says of the example's models."""
    catalog = load_catalog(Path(__file__).resolve().parents[2] / "catalog.yaml")
    by_mode = {f for m in catalog.models for why in modes.of(m).explain(m).values() for f in why.fields}
    return {f for why in [*WHY.values(), *BY_KIND.values()] for f in why.fields} | set(POD_FIELDS) | by_mode


def test_every_explained_field_is_a_catalog_field():
    assert sorted(f for f in _fields() if not _exists(f)) == []


def test_every_model_field_is_explained_or_listed():
    top = {f.split(".")[0] for f in _fields()}
    assert set(_model()["properties"]) - top == set(NOT_EXPLAINED)


def test_every_explained_template_exists():
    missing = {t for t in WHY if not (TEMPLATES / f"{t.split('#')[0]}.jinja").is_file()}
    assert missing == set()
