"""A small, deterministic YAML emitter for plain data (dict, list, str, int, float, bool, None).

Generated files must be byte-stable and fast to produce for thousands of models; a
general YAML library is neither needed nor as quick for this subset. Strings that a
YAML parser could read as anything but a string are emitted JSON-quoted (JSON is YAML).
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN = re.compile(r"^[A-Za-z_/][A-Za-z0-9_./-]*$")
# json.dumps(text, ensure_ascii=False) without building an encoder per call
_quote = json.encoder.encode_basestring
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def scalar(value: Any) -> str:
    """One scalar as YAML text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    return _quote(text)


def dump(value: Any, indent: int = 0) -> str:
    """``value`` as block YAML, every line indented by ``indent`` spaces, ending in a newline."""
    return "".join(_lines(value, " " * indent))


def _lines(value: Any, pad: str) -> list[str]:
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{{}}\n"]
        out = []
        for key, item in value.items():
            out.extend(_entry(f"{pad}{scalar(key)}:", item, pad, nested_pad=pad + "  "))
        return out
    if isinstance(value, list):
        if not value:
            return [f"{pad}[]\n"]
        out = []
        for item in value:
            if isinstance(item, dict) and item:
                first, *rest = _lines(item, pad + "  ")
                out.append(f"{pad}- {first[len(pad) + 2:]}")
                out.extend(rest)
            else:
                out.extend(_entry(f"{pad}-", item, pad, nested_pad=pad + "  "))
        return out
    return [f"{pad}{scalar(value)}\n"]


def _entry(head: str, item: Any, pad: str, nested_pad: str) -> list[str]:
    if isinstance(item, dict) and item:
        return [f"{head}\n", *_lines(item, nested_pad)]
    if isinstance(item, list) and item:
        # Lists under a key sit at the key's indentation plus two, as kubectl prints them.
        return [f"{head}\n", *_lines(item, nested_pad)]
    if isinstance(item, dict):
        return [f"{head} {{}}\n"]
    if isinstance(item, list):
        return [f"{head} []\n"]
    return [f"{head} {scalar(item)}\n"]
