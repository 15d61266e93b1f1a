"""Map a field path back to a line and column of the catalog file (1-based)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def locate(tree: yaml.Node | None, path: Sequence[Any], *, value: bool = True) -> tuple[int, int]:
    """Line and column of ``path`` in ``tree``, or of its deepest ancestor that exists.

    ``value=True`` points at the value (what is wrong with it); ``False`` at the key
    (an unknown or misplaced key). Sequence items always point at the item.
    """
    if tree is None:
        return 1, 1
    node: yaml.Node = tree
    pos = _mark(tree)
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                break
            pos = _mark(pair[1] if (value and last) else pair[0])
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            pos = _mark(node)
        else:
            break
    return pos
