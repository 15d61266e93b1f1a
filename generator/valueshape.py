"""The shape of a values tree: which keys exist and what type each value has, never the values.

Two charts whose values.yaml have the same shape render the same set of objects and lint alike
(validate/shapes.py); the values schema of a shape is derived once (render/values_schema.py).
"""

from __future__ import annotations

from typing import Any


def structure(value: Any) -> Any:
    """Keys (sorted) and type names, recursively; a list's shape is the set of its items' shapes."""
    if isinstance(value, dict):
        return tuple(sorted((k, structure(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", tuple(sorted({repr(structure(v)) for v in value})))
    return type(value).__name__
