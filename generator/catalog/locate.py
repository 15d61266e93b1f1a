"""Map a field path back to a line and column of the catalog file (1-based)."""

from __future__ import annotations

import re
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


_MODELS = re.compile(r"^models:[ \t]*(?:#.*)?$", re.MULTILINE)
_ITEM = re.compile(r"^( *)-(?: +|$)")
_OTHER_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")  # line breaks besides LF and CRLF (YAML 1.1)


def item_spans(text: str, count: int) -> list[tuple[int, int, int]] | None:
    """(line, column, end line) of each entry of a block-style top-level ``models:`` list, found
    by scanning lines instead of composing the whole document (the end line, exclusive, is the
    next entry's or the next top-level key's); None when the layout is not the plain one (flow
    style, odd indentation), and the caller composes after all."""
    if _OTHER_BREAKS.search(text):
        return None  # YAML counts these as line breaks too, so counting "\n" would misplace lines
    found = _MODELS.search(text)
    if found is None:
        return None
    starts: list[tuple[int, int]] = []
    indent = None
    line_no = text.count("\n", 0, found.start()) + 1
    end = None
    for line in text[found.end() + 1:].split("\n"):
        line_no += 1
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        width = len(line) - len(stripped)
        if width == 0 and not line.startswith("-"):
            end = line_no  # the next top-level key
            break
        item = _ITEM.match(line)
        if item and (indent is None or width == indent):
            indent = width
            rest = line[item.end():]
            starts.append((line_no, item.end() + 1 if rest and not rest.startswith("#") else width + 1))
        elif indent is None or width <= indent:
            return None
    if len(starts) != count:
        return None
    ends = [line for line, _col in starts[1:]] + [end if end is not None else line_no + 1]
    return [(line, col, stop) for (line, col), stop in zip(starts, ends, strict=True)]
