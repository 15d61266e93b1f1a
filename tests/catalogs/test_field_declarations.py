"""Each catalog field is declared once: the schema, the dataclass defaults and the loader agree.

Blocks declared with ``knob`` (generator/declare/field.py) generate their schema, so these
tests hold the rest together: every schema property of every catalog object has a spec
dataclass field, and a default shown in the schema is the dataclass default.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from generator import spec as s
from generator.catalog.schema import build_schema
from generator.declare.convert import as_json, camel
from generator.declare.field import DEFAULT, Block, block, declared, knob, load
from generator.declare.parts import integer, string
from generator.declare.walk import walk

# catalog objects not (yet) declared with knob(), and the model whose cluster and mode blocks are
# given by the catalog package: their path in the schema → the spec dataclass they load into, and
# the catalog keys whose attribute is not the snake_case of the key
OBJECTS: dict[str, tuple[type, dict[str, str]]] = {
    "": (s.Model, {}),
    "cluster": (s.Cluster, {}),
    "cluster.knative": (s.KnativeFeatures, {"features": "flags"}),
    "knative": (s.Knative, {"class": "autoscaling_class"}),
    "kserve": (s.KServe, {}),
    "kserve.s3": (s.S3, {}),
    "torchserve": (s.TorchServe, {"maxBatchDelay": "max_batch_delay_ms"}),
    "torchserve.smokeTest": (s.SmokeTest, {}),
    # Image's declarations without pullSecrets; catalog/build.py merges it over the stable image
    "rollout.canary.image": (s.Image, {}),
}
# model keys the catalog loader consumes itself, not a Model field: a model's per-environment
# overrides are merged into each environment's copy of the model (catalog/environments.py)
LOADER_KEYS = {"": {"environments"}}


def _object(node: dict[str, Any]) -> dict[str, Any] | None:
    node = node.get("items", node) if node.get("type") == "array" else node
    return node if "properties" in node else None


def _objects() -> dict[str, dict[str, Any]]:
    """Every object of the catalog schema by its dotted model path (top-level ones end in @top)."""
    schema = build_schema()
    out: dict[str, dict[str, Any]] = {}

    def visit(node: dict[str, Any], path: str) -> None:
        out[path] = node
        for key, prop in node["properties"].items():
            child = _object(prop)
            if child is not None:
                visit(child, f"{path}.{key}" if path else key)

    visit(schema["$defs"]["model"], "")
    for key, prop in schema["properties"].items():
        child = _object(prop)
        if child is not None and key != "defaults":
            out[f"{key}@top"] = child
    return out


def test_every_schema_object_is_declared_or_mapped():
    unmapped = [p for p, node in _objects().items() if p not in OBJECTS and not isinstance(node, Block)]
    assert unmapped == [], "declare these objects with knob() or map them to their spec dataclass in OBJECTS"


@pytest.mark.parametrize("path", sorted(OBJECTS))
def test_schema_properties_are_fields_with_the_same_default(path: str):
    cls, renames = OBJECTS[path]
    node = _objects()[path]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key, prop in node["properties"].items():
        if key in LOADER_KEYS.get(path, set()):
            continue
        name = renames.get(key) or _snake(key)
        assert name in fields, f"{path}.{key}: no field {cls.__name__}.{name}"
        if "default" in prop:
            assert as_json(_default(fields[name])) == prop["default"], f"{path}.{key}: schema and dataclass differ"


@pytest.mark.parametrize("path", sorted(OBJECTS))
def test_fields_are_schema_properties(path: str):
    """No dataclass field is missing from the catalog (except what the loader derives)."""
    cls, renames = OBJECTS[path]
    keys = {renames.get(k) or _snake(k) for k in _objects()[path]["properties"]}
    # where the model sits in the file; a plugin mode's settings (its block is a property named after the mode)
    derived = {"location", "mode_settings"} if cls is s.Model else set()
    if path == "rollout.canary.image":
        derived = {"pull_secrets"}  # the canary keeps the stable image's pull secrets
    assert {f.name for f in dataclasses.fields(cls)} - keys - derived == set()


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


def test_a_knob_shows_its_dataclass_default_in_the_schema():
    @dataclasses.dataclass(frozen=True)
    class Toy:
        size: int = knob(integer("Size.", 1, default=DEFAULT), 3)
        mode: str = knob(string("Mode."), "fast")  # a default the schema does not show

    schema = block(Toy, "A toy.")
    assert schema["properties"]["size"] == {"type": "integer", "description": "Size.", "default": 3, "minimum": 1}
    assert "default" not in schema["properties"]["mode"]
    assert [d.key for _f, d in declared(Toy)] == ["size", "mode"]
    assert load(Toy, {"size": 5}) == Toy(size=5, mode="fast")


def test_a_default_written_twice_is_refused():
    with pytest.raises(ValueError, match="write default=DEFAULT"):
        knob(integer("Size.", default=4), 4)
    with pytest.raises(ValueError, match="does not have"):
        knob(integer("Size.", default=DEFAULT))


def _blocks() -> list[Block]:
    return [node for node in _objects().values() if isinstance(node, Block)]


@pytest.mark.parametrize("node", _blocks(), ids=lambda b: b.cls.__name__)
def test_declared_blocks_load_their_examples(node: Block):
    """The loader the declarations imply reads each documented example back field for field."""
    for example in node.get("examples", []):
        loaded = as_json(load(node.cls, example))
        assert {k: loaded.get(k) for k in example} == example


def test_declared_keys_are_the_camel_case_of_their_attributes():
    for path, decl in walk(s.Model):
        leaf = path.rsplit(".", 1)[-1]
        assert leaf == decl.key
        assert decl.key[0].islower() and "_" not in decl.key, path
    assert camel("load_balancer_source_ranges") == "loadBalancerSourceRanges"
