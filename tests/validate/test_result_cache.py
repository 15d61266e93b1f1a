"""validate remembers results by content: unchanged charts are not checked twice, changed ones are."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.validate import tree as validate_stage
from generator.validate.resultcache import ResultCache
from generator.validate.tree import Options, validate_tree
from tests.conftest import base_catalog


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = validate_stage.check_chart

    def check_chart(release, config, root):
        calls.append(release.name)
        return real(release, config, root)

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
