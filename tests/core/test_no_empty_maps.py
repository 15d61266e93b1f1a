"""No rendered document carries an empty key (`annotations:` with nothing under it reads as null)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import helm
from tests.core.chart_trees import generated_charts

_MAPS = ("annotations", "labels")


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    found = generated_charts(tmp_path_factory.mktemp("trees"))
    assert len(found) >= 12
    return found


def rendered(chart: Path, override: str | None = None) -> list[dict[str, Any]]:
    files: tuple[str, ...] = ("values.yaml",)
    if override is not None:
        (chart / "override.yaml").write_text(override, encoding="utf-8")
        files += ("override.yaml",)
    out: list[dict[str, Any]] = []
    for template, text in helm.render(helm.Release(chart, chart.name, "ml", files)).manifests.items():
        if template.endswith(".yaml"):
            out.extend(d for d in yaml.safe_load_all(text) if d)
    return out


def empty_keys(node: Any, path: str = "") -> list[str]:
    """Paths holding null, or an empty annotations/labels map."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if value is None or (key in _MAPS and value == {}):
                found.append(here)
            found.extend(empty_keys(value, here))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            found.extend(empty_keys(item, f"{path}[{i}]"))
    return found


def test_the_walk_finds_an_empty_key() -> None:
    assert empty_keys({"metadata": {"annotations": None, "labels": {"a": "b"}}}) == [".metadata.annotations"]
    assert empty_keys({"spec": [{"x": {"labels": {}}}]}) == [".spec[0].x.labels"]


def test_no_rendered_document_has_an_empty_key(charts: list[Path]) -> None:
    seen = 0
    for chart in charts:
        for doc in rendered(chart):
            seen += 1
            assert empty_keys(doc) == [], f"{chart.name}: {doc['kind']} {doc['metadata']['name']}"
    assert seen > 50


def test_common_annotations_still_reach_every_resource(charts: list[Path]) -> None:
    for chart in charts:
        values = yaml.safe_load((chart / "values.yaml").read_text())
        sections = [k for k in ("service", "ingress") if isinstance(values.get(k), dict)]
        override = "commonAnnotations:\n  team.example.com/owner: search\n" + "".join(
            f"{k}:\n  annotations:\n    {k}.example.com/extra: \"1\"\n" for k in sections)
        for doc in rendered(chart, override):
            annotations = doc["metadata"]["annotations"]
            assert annotations.get("team.example.com/owner") == "search", (chart.name, doc["kind"], annotations)
            if doc["kind"] == "Service" and doc["metadata"]["labels"].get("infergen.io/service-role") == "primary":
                assert annotations["service.example.com/extra"] == "1"
            if doc["kind"] == "Ingress":
                assert annotations["ingress.example.com/extra"] == "1"
