"""One declaration per catalog field, on the spec dataclass that holds it.

``knob(schema, default)`` is a ``dataclasses.field`` whose metadata carries the field's JSON
Schema (type, description, bounds, enum, pattern), its loader and, where the field becomes
one ``values.yaml`` knob, that knob's path and comment. From it come the dataclass default
(the same object), the schema's ``"default"`` (written as :data:`DEFAULT` in the schema and
filled from the dataclass default, so the value exists once), the catalog → spec loading
(:func:`load`) and the values comments. :func:`block` turns a declared dataclass into the
schema object of its section.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

from generator.declare.convert import as_json, camel, pairs
from generator.declare.parts import Schema, obj

META = "infergen"


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Any = _Default()  # "this field's dataclass default, as JSON" inside a knob's schema


class Block(dict[str, Any]):
    """The schema object of a declared dataclass; remembers the class so fields holding it load it."""

    cls: type


@dataclasses.dataclass(frozen=True)
class Decl:
    """What a field's ``knob`` declares, kept in the dataclass field's metadata."""

    key: str  # the catalog's camelCase key
    schema: Schema
    load: Callable[[Any], Any]
    values: str | None = None  # values.yaml knob path it renders as, when it is one knob
    doc: str | None = None  # that knob's values.yaml comment


def knob(schema: Schema, default: Any = dataclasses.MISSING, *, key: str = "", load: Callable[[Any], Any] | None = None,
         values: str | None = None, doc: str | None = None) -> Any:
    """A declared dataclass field; ``key`` defaults to the camelCase of the attribute name."""
    schema = _fill(schema, default)
    meta = {META: Decl(key, schema, load or _loader(schema), values, doc)}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


@functools.cache
def declared(cls: type) -> tuple[tuple[dataclasses.Field[Any], Decl], ...]:
    """The declared fields of ``cls`` with their declarations, keys filled in."""
    out = []
    for f in dataclasses.fields(cls):
        decl = f.metadata.get(META)
        if decl is not None:
            out.append((f, dataclasses.replace(decl, key=decl.key or camel(f.name))))
    return tuple(out)


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, str, Callable[[Any], Any]], ...]:
    """(attribute, catalog key, loader) per declared field: what :func:`load` runs per object."""
    return tuple((f.name, d.key, d.load) for f, d in declared(cls))


def block(cls: type, description: str, required: list[str] | None = None, given: dict[str, Schema] | None = None,
          **extra: Any) -> Block:
    """The closed schema object of ``cls``: one property per declared field, in field order;
    ``given`` holds the schemas of undeclared fields (by catalog key) that a higher layer owns.
    Required are the fields without a default unless ``required`` says otherwise."""
    fields = declared(cls)
    if required is None:
        required = [d.key for f, d in fields
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    mine = {f.name: d for f, d in fields}
    given = given or {}
    properties = {}
    for f in dataclasses.fields(cls):
        if f.name in mine:
            properties[mine[f.name].key] = mine[f.name].schema
        elif camel(f.name) in given:
            properties[camel(f.name)] = given[camel(f.name)]
    out = Block(obj(description, properties, required, **extra))
    out.cls = cls
    return out


def load(cls: type, data: dict[str, Any], **given: Any) -> Any:
    """Schema-valid catalog data → ``cls``: declared keys loaded, absent ones left to the defaults;
    ``given`` supplies fields (by attribute) that the caller computes."""
    if given:
        return cls(**{name: ld(data[key]) for name, key, ld in _plan(cls) if key in data and name not in given},
                   **given)
    return cls(**{name: ld(data[key]) for name, key, ld in _plan(cls) if key in data})


def optional(cls: type) -> Callable[[Any], Any]:
    """A loader for a section where an empty mapping means the section is absent."""
    return lambda d: load(cls, d) if d else None


def _fill(schema: Schema, default: Any) -> Schema:
    if "default" not in schema:
        return schema
    if schema["default"] is not DEFAULT:
        raise ValueError(f"{schema.get('description')!r}: write default=DEFAULT in the schema and the value in knob()")
    if default is dataclasses.MISSING or default is None:
        raise ValueError(f"{schema.get('description')!r}: the schema shows a default the field does not have")
    filled = {k: as_json(default) if k == "default" else v for k, v in schema.items()}
    if isinstance(schema, Block):
        filled = Block(filled)
        filled.cls = schema.cls
    return filled


def _loader(schema: Schema) -> Callable[[Any], Any]:
    """How catalog data becomes the field's value, read off its schema."""
    items = schema.get("items")
    if isinstance(schema, Block):
        cls = schema.cls
        return lambda d: load(cls, d)
    if isinstance(items, Block):
        item_cls = items.cls
        return lambda ds: tuple(load(item_cls, d) for d in ds)
    if schema.get("type") == "array":
        return tuple
    if schema.get("type") == "object" and "propertyNames" in schema:
        return pairs
    return _same


def _same(value: Any) -> Any:
    return value
