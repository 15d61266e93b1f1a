"""Every declared field under a spec class, with its catalog path (``scaling.behavior.scaleUp``)."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterator
from typing import Any

from generator.declare.convert import camel
from generator.declare.field import META, Block, Decl


def walk(cls: type, prefix: str = "") -> Iterator[tuple[str, Decl]]:
    """``(catalog path, declaration)`` for each declared field of ``cls`` and of the dataclasses
    below it; undeclared fields (the model's own) are followed through their type hints."""
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        decl: Decl | None = f.metadata.get(META)
        key = (decl.key if decl else "") or camel(f.name)
        path = f"{prefix}{key}"
        if decl is not None:
            yield path, dataclasses.replace(decl, key=key)
        for child in _nested(decl, hints[f.name]):
            yield from walk(child, f"{path}.")


def _nested(decl: Decl | None, hint: Any) -> list[type]:
    if decl is not None:
        schema = decl.schema
        for candidate in (schema, schema.get("items")):
            if isinstance(candidate, Block):
                return [candidate.cls]
        return []
    return [a for a in _args(hint) if isinstance(a, type) and dataclasses.is_dataclass(a)]


def _args(hint: Any) -> list[Any]:
    """``X | None`` and ``tuple[X, ...]`` unwrapped to ``X``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) in (typing.Union, tuple):
        return [x for a in typing.get_args(hint) for x in _args(a)]
    return [hint]
