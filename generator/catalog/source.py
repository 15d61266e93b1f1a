"""Read a catalog file into plain data plus the round-trip tree that knows positions.

Hostile input stops here: oversized or binary files, non-UTF-8 bytes, duplicate keys,
custom tags (``!!python/object``) and anchors/aliases (the billion-laughs bomb) are all
reported with a location, before any other stage sees the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from generator import yamlfast
from generator.catalog.locate import item_spans, locate
from generator.errors import CatalogError, error_at

try:  # libyaml: composing a 1000-model catalog takes 0.3 s instead of 4 s in pure Python
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels ship libyaml on every platform we run on
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # same API, distinct stub class

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64  # a real catalog nests about 8 levels; deeper input is hostile and would exhaust the stack
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALARS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null", _STR}
_CONSTRUCT = yaml.constructor.SafeConstructor()


class Source:
    """A parsed catalog: ``data`` is plain JSON-like Python, ``tree`` the YAML node graph
    whose marks give every key and value a line and column.

    On the fast path the tree is composed only when something asks for a position, which
    a clean catalog never does.
    """

    def __init__(self, file: str, data: Any, text: str, tree: Any = None) -> None:
        self.file, self.data, self.text = file, data, text
        self._tree = tree
        self._spans: list[tuple[int, int, int]] | None = None
        self._models: dict[int, tuple[Any, int] | None] = {}
        self._lines: list[str] | None = None

    def locate(self, path: Sequence[Any], *, value: bool = True) -> tuple[int, int]:
        """Line and column of ``path`` (as :func:`locate.locate` finds it in :attr:`tree`).

        A field of one model is looked up in that model's own lines while the whole
        document has not been composed: composing a 1000-model catalog to place a few
        warnings cost ~0.5 s, composing one entry well under a millisecond.
        """
        if self._tree is None and len(path) >= 2 and path[0] == "models" and isinstance(path[1], int):
            found = self._model(path[1])
            if found is not None:
                node, offset = found
                line, col = locate(node, path[2:], value=value)
                return line + offset, col
        return locate(self.tree, path, value=value)

    def model_spans(self) -> list[tuple[int, int, int]] | None:
        """(line, column, end line) of each ``models`` entry from a line scan, or None (see locate.item_spans)."""
        if self._spans is None:
            models = self.data.get("models") if isinstance(self.data, dict) else None
            self._spans = (item_spans(self.text, len(models)) if isinstance(models, list) else None) or []
        return self._spans or None

    def _model(self, index: int) -> tuple[Any, int] | None:
        """``models[index]``'s node composed from its lines alone and the line offset of its
        marks, or None when its lines do not hold exactly that entry (then the caller composes all)."""
        if index not in self._models:
            self._models[index] = self._compose_model(index)
        return self._models[index]

    def _compose_model(self, index: int) -> tuple[Any, int] | None:
        models = self.data.get("models") if isinstance(self.data, dict) else None
        if not isinstance(models, list) or not 0 <= index < len(models):
            return None
        spans = self.model_spans() or []
        if index >= len(spans):
            return None
        start, _col, end = spans[index]
        if self._lines is None:
            self._lines = self.text.split("\n")
        lines = self._lines[start - 1:end - 1]
        try:
            node = yaml.compose("\n".join(lines), Loader=_Loader)
            if not isinstance(node, yaml.SequenceNode) or len(node.value) != 1:
                return None
            item = node.value[0]
            if _CONSTRUCT.construct_document(item) != models[index]:  # the slice is that entry, whole
                return None
        except (yaml.YAMLError, RecursionError, ValueError, TypeError):
            return None
        return item, start - 1

    @property
    def tree(self) -> Any:
        if self._tree is None:
            try:
                self._tree = yaml.compose(self.text, Loader=_Loader)
            except yaml.YAMLError:  # the fast parser accepted it; positions are best effort
                self._tree = None
        return self._tree


def read_source(path: Path, display: str | None = None) -> Source:
    """Parse ``path`` safely, raising :class:`CatalogError` with a location on bad input."""
    name = display or path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError([error_at(name, 0, 0, "", f"cannot read the catalog: {exc.strerror}",
                                     "check the path given with --catalog")]) from None
    if len(raw) > MAX_BYTES:
        raise CatalogError([error_at(name, 1, 1, "", f"file is {len(raw) / 1e6:.1f} MB; the limit is "
                                     f"{MAX_BYTES // (1024 * 1024)} MiB", "a catalog is a few hundred KB; "
                                     "split or trim it")])
    text = _decode(raw, name)
    if not text.strip():
        raise CatalogError([error_at(name, 1, 1, "", "the catalog is empty",
                                     "start from `infergen init` or the example catalog.yaml")])
    ok, fast = yamlfast.parse(text)
    if ok and _plain_enough(fast):
        return Source(name, fast, text)
    try:
        # compose, not load: aliases stay visible and nothing is constructed from tags
        tree = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        _check_depth(text, name)  # libyaml >= 0.2.5 stops at its own nesting limit first
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        at = _char_at(text, mark.line, mark.column) if mark else ""
        raise CatalogError([error_at(name, line, col, "", f"invalid YAML: {problem}",
                                     _yaml_hint(problem, at))]) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise CatalogError([error_at(name, 1, 1, "", f"invalid YAML: {exc}", "check the YAML syntax")]) from None
    if tree is None:
        raise CatalogError([error_at(name, 1, 1, "", "the catalog holds no YAML document", "add version: 1 ...")])
    data = _plain(tree, name, (), set())
    return Source(name, data, text, tree)


def _plain_enough(data: Any) -> bool:
    """Fast-path data the slow path would accept unchanged: string keys, no dates, shallow."""
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(node, dict):
            if not all(isinstance(k, str) for k in node):
                return False
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
        elif not isinstance(node, str | int | float | bool) and node is not None:
            return False
    return isinstance(data, dict)


def _check_depth(text: str, name: str) -> None:
    """Report nesting past MAX_DEPTH from the event stream, whichever libyaml is installed.

    PyYAML's pure-Python parser keeps its state on a list, not the call stack, so it walks
    any depth; it stops at the first node past the limit, before any error libyaml has.
    """
    path: list[Any] = []
    keyed: list[bool] = []  # per open mapping: the next scalar is a key
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionEndEvent):
                path.pop()
                keyed.pop()
                _advance(path, keyed)
            elif isinstance(event, yaml.NodeEvent):
                if keyed and keyed[-1] and isinstance(event, yaml.ScalarEvent):
                    path[-1], keyed[-1] = event.value, False
                    continue
                if len(path) > MAX_DEPTH:
                    line, col = (event.start_mark.line + 1, event.start_mark.column + 1) if event.start_mark else (1, 1)
                    raise CatalogError([error_at(name, line, col, format_path(tuple(path[:8])),
                                                 f"the data nests more than {MAX_DEPTH} levels deep",
                                                 "a catalog nests a few levels; is this the right file?")])
                if isinstance(event, yaml.CollectionStartEvent):
                    is_map = isinstance(event, yaml.MappingStartEvent)
                    path.append(None if is_map else 0)
                    keyed.append(is_map)
                else:
                    _advance(path, keyed)
    except yaml.YAMLError:
        return  # a syntax error: the caller reports libyaml's message


def _advance(path: list[Any], keyed: list[bool]) -> None:
    """After a value: a sequence moves to its next index, a mapping expects a key."""
    if not path:
        return
    if keyed[-1] is False and not isinstance(path[-1], int):
        keyed[-1] = True
    elif isinstance(path[-1], int):
        path[-1] += 1


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise CatalogError([error_at(name, line, 1, "", "the file holds binary data (NUL bytes), not YAML",
                                     "is this the right file?")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise CatalogError([error_at(name, line, col, "", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                                     "save the file as UTF-8")]) from None


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column: column + 1] if 0 <= line < len(lines) else ""


def _yaml_hint(problem: str, at: str = "") -> str:
    if at == "\t" or "\\t" in problem or "'\\t'" in problem or "tab" in problem.lower():
        return "YAML indentation uses spaces, never tabs"
    if "another document" in problem:
        return "a catalog is one YAML document: remove the '---' and merge the two"
    if "duplicate key" in problem:
        return "each key may appear once per mapping; remove or rename one"
    return "check indentation and quoting around this point"


def _plain(node: yaml.Node, name: str, path: tuple[Any, ...], seen: set[int]) -> Any:
    """Convert the node graph to plain data, rejecting aliases, custom tags and duplicate keys."""
    if len(path) > MAX_DEPTH:
        raise _at(name, node, path[:8], f"the data nests more than {MAX_DEPTH} levels deep",
                  "a catalog nests a few levels; is this the right file?")
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _TIMESTAMP:
            raise _at(name, node, path, f"{node.value!r} is read as a date", f"quote it: \"{node.value}\"")
        if node.tag not in _SCALARS:
            raise _at(name, node, path, f"YAML tag {node.tag} is not allowed",
                      "remove the tag: the catalog holds plain data only")
        return node.value if node.tag == _STR else _CONSTRUCT.construct_object(node)
    if id(node) in seen:
        raise _at(name, node, path, "YAML anchors and aliases are not supported",
                  "write the value out, or put shared settings under defaults:")
    seen.add(id(node))
    if node.tag not in (_MAP, _SEQ):
        raise _at(name, node, path, f"YAML tag {node.tag} is not allowed",
                  "remove the tag: the catalog holds plain data only")
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v, name, (*path, i), seen) for i, v in enumerate(node.value)]
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _at(name, key_node, path, "YAML merge keys (<<) are not supported",
                      "write the keys out, or put shared settings under defaults:")
        key = _plain(key_node, name, path, seen)
        if not isinstance(key, str):
            raise _at(name, key_node, path, f"key {key!r} must be a string", "quote the key")
        if key in out:
            raise _at(name, key_node, (*path, key), f"duplicate key {key!r}",
                      "each key may appear once per mapping; remove or merge the two")
        out[key] = _plain(value_node, name, (*path, key), seen)
    return out


def _at(name: str, node: yaml.Node, path: tuple[Any, ...], message: str, hint: str) -> CatalogError:
    mark = node.start_mark
    return CatalogError([error_at(name, mark.line + 1, mark.column + 1, format_path(path), message, hint)])


def format_path(path: tuple[Any, ...]) -> str:
    """``("models", 3, "gpu", "count")`` → ``models[3].gpu.count``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
