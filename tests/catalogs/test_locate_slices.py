"""A field of one model is located in that model's lines alone (composing a large catalog to
place a few warnings cost half a second): every position must equal the one the whole
document gives, and a layout the line scan misreads must fall back to the whole document."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalog.locate import locate
from generator.catalog.source import read_source
from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("bench_catalog", REPO / "bench" / "catalog.py")
assert _spec is not None and _spec.loader is not None
_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench)
synthesise = _bench.synthesise


def _paths(data: Any, prefix: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
        yield (*prefix, "no-such-key")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*prefix, i))


def _same_positions(path: Path) -> int:
    """Assert the sliced and the whole-document positions agree for every model path; return the count."""
    sliced = read_source(path)
    whole = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    checked = 0
    for i, model in enumerate(sliced.data["models"]):
        for sub in _paths(model, ("models", i)):
            for value in (True, False):
                assert sliced.locate(sub, value=value) == locate(whole, sub, value=value), (sub, value)
                checked += 1
    assert sliced._tree is None, "every position came from a model's own lines"
    return checked


def test_example_catalog_positions() -> None:
    assert _same_positions(REPO / "catalog.yaml") > 500


def test_synthesised_catalog_positions(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(synthesise(60), sort_keys=False), encoding="utf-8")
    assert _same_positions(path) > 3000


TRICKY = {
    "comments and a key after the list": """\
version: 1
argocd: {repoURL: https://example.com/r.git}
models:
# a comment at column 0 between items
  - name: a   # trailing comment
    image: {repository: r/a, tag: "1"}

    port: 8000
  -
    name: b
    notes: |
      - not an item
    image:
      repository: r/b
      tag: "2"
claims: []
""",
    "flow items and the last line without a newline": """\
version: 1
models:
- {name: a, image: {repository: r/a, tag: "1"}}
- name: b
  args: [--x, "--y"]""",
    "a quoted scalar spanning lines": """\
version: 1
models:
- name: a
  description: "first
    second"
- name: b
""",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_layouts(tmp_path: Path, text: str) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    assert _same_positions(path) > 10


def test_a_slice_that_is_not_the_entry_falls_back(tmp_path: Path) -> None:
    """The scan takes a line at the items' indentation for a new item; when the composed slice
    is not the entry the data holds, the whole document is composed instead."""
    path = tmp_path / "catalog.yaml"
    path.write_text("version: 1\nmodels:\n- name: a\n  x: 1\n- name: b\n", encoding="utf-8")
    source = read_source(path)
    source.data["models"][0]["x"] = 2  # as if the lines held something else than the entry
    assert source.locate(("models", 0, "x")) == (4, 6)
    assert source._tree is not None  # located in the whole document


OTHER_BREAKS = {
    "line separator in a comment": "version: 1\n# one\u2028# two\nmodels:\n- name: a\n- name: b\n  port: 8000\n",
    "lone carriage return in a comment": "version: 1\n# one\r# two\nmodels:\n- name: a\n- name: b\n  port: 8000\n",
    "next-line in a comment": "version: 1\n# one\x85# two\nmodels:\n- name: a\n- name: b\n  port: 8000\n",
}


@pytest.mark.parametrize("text", OTHER_BREAKS.values(), ids=OTHER_BREAKS.keys())
def test_line_breaks_other_than_lf_fall_back_to_the_whole_document(tmp_path: Path, text: str) -> None:
    """YAML counts these as line breaks; a scan that counts only LF would place every later line one off."""
    path = tmp_path / "catalog.yaml"
    path.write_bytes(text.encode("utf-8"))
    source = read_source(path)
    whole = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert source.locate(("models", 1, "port")) == locate(whole, ("models", 1, "port")) == (7, 9)
    assert source._tree is not None
