"""The chart cache: unchanged charts are reused, but never a hand-edited one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import run_generate
from generator.stages import generate as generate_stage
from tests.conftest import base_catalog


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = generate_stage.render_chart

    def render_chart(model, catalog):
        calls.append(model.name)
        return real(model, catalog)

    monkeypatch.setattr(generate_stage, "render_chart", render_chart)
    return calls


def _run(path: Path) -> int:
    return run_generate(path, None, check=False, validate=False, quiet=True, verbose=False)


def test_unchanged_chart_is_reused_and_hand_edits_are_repaired(write_catalog, counted: list[str]):
    path = write_catalog(base_catalog())
    assert _run(path) == 0 and counted == ["demo"]
    values = path.parent / "charts/demo/values.yaml"
    original = values.read_text()
    assert _run(path) == 0 and counted == ["demo"]  # second run: taken from disk, not rendered
    assert 'tag: "1.0.0"' in original
    values.write_text(original.replace("tag: \"1.0.0\"", "tag: \"6.6.6\""))
    assert _run(path) == 0 and counted == ["demo", "demo"]  # the edit invalidates the cache entry
    assert values.read_text() == original


def test_changed_model_is_rendered_again(write_catalog, counted: list[str]):
    path = write_catalog(base_catalog())
    assert _run(path) == 0
    write_catalog(base_catalog(image={"repository": "registry.example.com/demo", "tag": "2.0.0"}))
    assert _run(path) == 0 and counted == ["demo", "demo"]
    assert 'tag: "2.0.0"' in (path.parent / "charts/demo/values.yaml").read_text()
