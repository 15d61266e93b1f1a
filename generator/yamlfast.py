"""The Rust YAML fast path, shared by the catalog loader and the manifest linter.

yaml_rs parses about 15x faster than libyaml through PyYAML, but it reads YAML 1.2 while
Kubernetes and PyYAML read YAML 1.1, and it keeps no positions. So it is used only for
text where the two agree: plain scalars that 1.1 reads differently (yes/no/on/off,
octals, sexagesimals, 1_000, 1e3, dates), merge keys, anchors, aliases, tags, directives,
document-end markers and tabs all send the text down the PyYAML path instead. Positions are composed
with PyYAML later, and only when a finding needs them.
"""

from __future__ import annotations

import re
from typing import Any

_RS: Any
try:
    import yaml_rs as _RS
except ImportError:  # pragma: no cover - a core dependency; the slow path still works
    _RS = None

# A plain scalar that YAML 1.1 reads differently from 1.2, as a whole token: a value, a
# list item, a flow-collection item or a key. False alarms only cost the slow path.
_SCALAR = re.compile(
    r"(?m)[\s\[{,](?=[yYnNoO0-9=<+.\-])"  # after whitespace or [ { , (the first-character test makes it ~4x faster)
    r"(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|0[0-7]+|0[bxo][0-9a-fA-F_]+"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9]*)?|[-+]?[0-9.]+_[0-9_.]*|[-+]?[0-9.][0-9_.]*[eE][-+]?[0-9]+"
    r"|=|<<|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][^\n]*)?)"
    r"(?=[ \t]*(?:#|$|[,\]}]|:(?:\s|$)))")
_MERGE = re.compile(r"<<\s*:")
_NODE_PROPERTY = re.compile(r"(?m)(?:^|[\s\[{,])[&*!]\S")  # anchor, alias or tag


def usable(text: str) -> bool:
    """Whether the fast path may read ``text`` (yaml_rs installed, nothing ambiguous).

    Cheap substring tests first, each regex only when its trigger character occurs: one
    combined regex cost ~60 ns a character, and every rendered manifest passes through here.
    """
    if _RS is None or "\t" in text:
        return False
    if text.startswith(("%", "...")) or "\n%" in text or "\n..." in text:  # directives, document ends
        return False
    if "<<" in text and _MERGE.search(text):
        return False
    if ("&" in text or "*" in text or "!" in text) and _NODE_PROPERTY.search(text):
        return False
    return not _SCALAR.search("\n" + text)  # the newline lets the first token match too


def parse(text: str, checked: bool = False) -> tuple[bool, Any]:
    """``(True, data)`` for text the fast path can take (one document), else ``(False, None)``.

    Text yaml_rs rejects also gives ``(False, None)``: the caller's PyYAML path then
    produces the canonical error message with its position. ``checked``: the caller has
    already found the whole text :func:`usable`.
    """
    if not checked and not usable(text):
        return False, None
    try:
        return True, _RS.loads(text, parse_datetime=False)
    except Exception:  # yaml_rs raises its own error types; PyYAML will explain them
        return False, None
