"""Catalog names and values ↔ spec ones: camelCase keys, sorted pairs for maps, defaults as JSON."""

from __future__ import annotations

import dataclasses
from typing import Any

# A mapping as specs hold it: sorted (key, value) pairs, hashable and independent of the input's order.
Pairs = tuple[tuple[str, str], ...]


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def pairs(mapping: dict[str, Any] | None) -> Pairs:
    return tuple(sorted((str(k), str(v)) for k, v in (mapping or {}).items()))


def as_json(value: Any) -> Any:
    """A spec default as the catalog writes it: dataclasses as camelCase maps, pairs as maps."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {camel(f.name): as_json(v) for f in dataclasses.fields(value)
                if (v := getattr(value, f.name)) is not None}
    if isinstance(value, tuple):
        if value and all(isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str) for x in value):
            return {k: as_json(v) for k, v in value}
        return [as_json(x) for x in value]
    return value
