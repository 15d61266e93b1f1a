"""The committed schema and catalog reference match the code; every schema property is documented."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.catalog.schema import build_schema, schema_json
from generator.pipeline.docs import catalog_reference
from tests.conftest import REPO


def test_docs_catalog_md_is_up_to_date():
    current = (REPO / "docs" / "catalog.md").read_text(encoding="utf-8")
    assert current == catalog_reference(), "docs/catalog.md is stale: run `infergen docs` and commit it"


def test_committed_schema_is_up_to_date():
    current = (REPO / "schemas" / "catalog.schema.json").read_text(encoding="utf-8")
    assert current == schema_json(), "run `infergen schema > schemas/catalog.schema.json` and commit it"


def _properties(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{path}.{name}", prop
            yield from _properties(prop, f"{path}.{name}")
        for key in ("items", "additionalProperties"):
            yield from _properties(node.get(key), f"{path}[]")
        for i, sub in enumerate(node.get("oneOf") or ()):
            yield from _properties(sub, f"{path}<{i}>")
        for name, sub in (node.get("$defs") or {}).items():
            yield from _properties(sub, f"$defs.{name}")


def test_every_schema_property_has_a_description():
    props = list(_properties(build_schema(), ""))
    assert len(props) > 150
    missing = [path for path, prop in props if isinstance(prop, dict) and not prop.get("description")]
    assert not missing, missing


def test_reference_documents_every_model_field():
    text = catalog_reference()
    for name in build_schema()["$defs"]["model"]["properties"]:
        assert f"`{name}`" in text, name
    assert "## `models[].scaling`" in text and "| `max` |" in text


def test_catalog_starts_with_the_schema_modeline():
    first = (REPO / "catalog.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schemas/catalog.schema.json"
