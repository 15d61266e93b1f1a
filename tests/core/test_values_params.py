"""Every values.yaml knob has a `## @param` line (Bitnami readme-generator style), and each chart's
README.md parameters table is exactly those parameters with their defaults."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.core.chart_trees import generated_charts

_PARAM = re.compile(r"^(?P<indent> *)## @param (?P<path>\S+)(?: (?P<doc>.+))?$")
_KEY = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z0-9_.\"-]+):")
_ROW = re.compile(r"^\| `(?P<path>[^`]+)` \| (?P<doc>.*) \| `(?P<value>.*)` \|$")


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generated_charts(tmp_path_factory.mktemp("trees"))


def params(text: str) -> list[tuple[str, str]]:
    """(path, description) of each ``## @param``, checked to sit right above the key it names."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = _PARAM.match(line)
        if m is None:
            continue
        key = _KEY.match(lines[i + 1])
        assert key is not None, f"@param {m['path']} is not followed by its key"
        assert key["key"].strip('"') == m["path"].rsplit(".", 1)[-1], line
        assert key["indent"] == m["indent"] == "  " * m["path"].count("."), line
        out.append((m["path"], m["doc"] or ""))
    return out


def at(values: dict[str, Any], path: str) -> Any:
    node: Any = values
    for part in path.split("."):
        assert isinstance(node, dict) and part in node, f"@param {path} names no value"
        node = node[part]
    return node


def leaves(node: Any, path: str = "") -> list[str]:
    if isinstance(node, dict) and node:
        return [leaf for key, value in node.items() for leaf in leaves(value, f"{path}.{key}".lstrip("."))]
    return [path]


def test_params_parser_rejects_a_misplaced_param() -> None:
    with pytest.raises(AssertionError):
        params("## @param a.b A.\na:\n  b: 1\n")
    assert params("a:\n  ## @param a.b A b.\n  b: 1\n") == [("a.b", "A b.")]


def test_every_leaf_has_a_param_and_every_param_a_value(charts: list[Path]) -> None:
    assert len(charts) >= 12
    for chart in charts:
        text = (chart / "values.yaml").read_text(encoding="utf-8")
        values = yaml.safe_load(text)
        found = params(text)
        paths = [p for p, _ in found]
        assert len(paths) == len(set(paths)), chart.name
        for path, doc in found:
            at(values, path)
            assert doc, f"{chart.name}: @param {path} has no description"
            assert not any(other.startswith(f"{path}.") for other in paths), path
        for leaf in leaves(values):
            assert any(leaf == p or leaf.startswith(f"{p}.") for p in paths), f"{chart.name}: {leaf} has no @param"


def test_readme_table_matches_the_params(charts: list[Path]) -> None:
    for chart in charts:
        text = (chart / "values.yaml").read_text(encoding="utf-8")
        values = yaml.safe_load(text)
        readme = (chart / "README.md").read_text(encoding="utf-8")
        assert f"# {chart.name}\n" in readme
        rows = [m for m in map(_ROW.match, readme.splitlines()) if m]
        assert [(r["path"], r["doc"].replace("\\|", "|")) for r in rows] == params(text), chart.name
        for row in rows:
            assert json.loads(row["value"].replace("\\|", "|")) == at(values, row["path"]), row["path"]
