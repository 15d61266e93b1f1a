"""Read manifests (files, directories, stdin) into :class:`Document` objects."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import InputError
from generator.lint.yamlio import iter_documents

SUFFIXES = (".yaml", ".yml", ".json")


class LintInputError(InputError):
    """Input that cannot be read or parsed at all (exit 2); ``file``/``line`` when known."""


@dataclass(eq=False)
class Document:
    """One Kubernetes object and where it came from.

    ``line`` is the 1-based line where the document starts in ``file``; ``source`` is free
    text for the producer (e.g. the Helm template a document was rendered from); ``node``
    is the parser's node tree when known, used to point findings at the exact field.
    """

    obj: dict[str, Any]
    file: str = "<memory>"
    line: int = 0
    source: str | None = None
    node: Any = field(default=None, repr=False)
    # Read once: every rule asks several times per document, and a linted object is never
    # changed (plain attributes: functools.cached_property takes a lock on every first read).
    kind: str = field(init=False, repr=False)
    api_version: str = field(init=False, repr=False)
    name: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        obj = self.obj
        get = obj.get if isinstance(obj, dict) else {}.get
        self.kind = str(get("kind") or "")
        self.api_version = str(get("apiVersion") or "")
        meta = get("metadata")
        self.name = str((meta.get("name") or meta.get("generateName") or "") if isinstance(meta, dict) else "")


def _expand(obj: Any, file: str, line: int, node: Any) -> Iterator[Document]:
    if obj is None:
        return
    if not isinstance(obj, dict):
        raise LintInputError(f"{file}:{line}: document is a {type(obj).__name__}, not a mapping", file, line)
    items = obj.get("items")
    if str(obj.get("kind", "")).endswith("List") and isinstance(items, list):
        item_nodes = _child(node.resolve() if hasattr(node, "resolve") else node, "items")
        for i, item in enumerate(items):
            sub = item_nodes.value[i] if item_nodes is not None else None
            yield from _expand(item, file, sub.start_mark.line + 1 if sub is not None else line, sub)
        return
    yield Document(obj=obj, file=file, line=line, node=node)


def _child(node: Any, key: str) -> Any:
    for k, v in getattr(node, "value", None) or ():
        if getattr(k, "value", None) == key:
            return v
    return None


def parse_text(text: str, file: str) -> list[Document]:
    """Parse a YAML or JSON stream; raises :class:`LintInputError` on syntax errors."""
    try:
        if file.endswith(".json"):
            return list(_expand(json.loads(text), file, 1, None))
        return [d for obj, line, node in iter_documents(text) for d in _expand(obj, file, line, node)]
    except ValueError as exc:  # json and YAML syntax errors alike
        raise LintInputError(f"{file}: cannot parse: {exc}".replace("\n", " "), file) from exc


def discover(paths: Iterable[str]) -> list[str]:
    """Expand directories into their manifest files (recursive, sorted); keep ``-``."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            out.append(raw)
        elif path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            out.append(raw)
        else:
            raise LintInputError(f"{raw}: no such file or directory", raw)
    return out


def load_paths(paths: Iterable[str]) -> list[Document]:
    """Read every manifest under ``paths`` (``-`` is stdin) in a stable order."""
    docs: list[Document] = []
    for name in discover(paths):
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LintInputError(f"{name}: cannot read: {exc}", name) from exc
        docs.extend(parse_text(text, "<stdin>" if name == "-" else name))
    return docs
