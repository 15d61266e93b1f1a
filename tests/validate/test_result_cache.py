"""validate remembers results by content: unchanged charts are not checked twice, changed ones are."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.output.stamp import read_tree
from generator.pipeline import run_generate, run_validate
from generator.validate import tree as validate_stage
from generator.validate.resultcache import ResultCache, chart_digest
from generator.validate.shapes import read_chart
from generator.validate.tree import Options, validate_tree
from tests.conftest import base_catalog


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = validate_stage.check_chart

    def check_chart(release, config, root, written=None):
        calls.append(release.name)
        return real(release, config, root, written)

    monkeypatch.setattr(validate_stage, "check_chart", check_chart)
    return calls


OPTIONS = Options(ignore_missing_schemas=True, progress=False)


def _validate(catalog, root: Path):
    cache = ResultCache(root / ".infergen-cache")
    result = validate_tree(catalog, root, OPTIONS, cache=cache)
    cache.save(keep_old=False)
    return result


def test_second_validate_reuses_results_until_a_chart_changes(build, checked: list[str]):
    built = build(base_catalog(image={"repository": "registry.example.com/demo", "tag": "latest"}))
    catalog = load_catalog(built.root / "catalog.yaml")
    first = _validate(catalog, built.root)
    assert checked == ["demo"]
    assert [f.rule for f in first.findings if f.rule == "image-latest"] == ["image-latest"]
    second = _validate(catalog, built.root)
    assert checked == ["demo"]  # nothing changed: the stored result is used
    assert second.findings == first.findings and second.documents == first.documents
    values = built.root / "charts/demo/values.yaml"
    values.write_text(values.read_text().replace("memory: \"2Gi\"", "memory: \"3Gi\""))
    assert '"3Gi"' in values.read_text()
    _validate(catalog, built.root)
    assert checked == ["demo", "demo"]  # the edit changed the chart's digest


def test_without_a_cache_dir_everything_is_checked(build, checked: list[str]):
    built = build(base_catalog())
    catalog = load_catalog(built.root / "catalog.yaml")
    for _ in range(2):
        validate_tree(catalog, built.root, OPTIONS)
    assert checked == ["demo", "demo"]


def test_keys_agree_from_memory_from_disk_and_from_the_tree_read(write_catalog, checked: list[str]):
    """generate keys a chart by the text it wrote, validate by the digests of the tree it read
    once for the stamp check: a validate right after generate must find every result."""
    model = base_catalog()["models"][0]
    catalog_data = base_catalog()
    catalog_data["models"] = [model, {**copy.deepcopy(model), "name": "second"}]
    path = write_catalog(catalog_data)
    generated = run_generate(path, None, check=False, validate=True, quiet=True,
                             options=Options(ignore_missing_schemas=True, progress=False))
    assert generated.exit == 0 and sorted(checked) == ["demo", "second"]
    result = run_validate(path, None, Options(ignore_missing_schemas=True, progress=False), strict=False,
                          fmt="text")
    assert result.exit == 0 and sorted(checked) == ["demo", "second"]  # both from the cache
    tree = read_tree(path.parent)
    chart = path.parent / "charts" / "demo"
    digests = {rel.removeprefix("charts/demo/"): d.sha256 for rel, d in tree.items()
               if rel.startswith("charts/demo/")}
    contents = read_chart(chart)
    assert chart_digest(chart, "k", digests=digests) == chart_digest(chart, "k") == \
        chart_digest(chart, "k", contents=contents) != chart_digest(chart, "other")
