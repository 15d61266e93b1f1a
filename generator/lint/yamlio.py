"""YAML stream parsing with document start lines and node positions.

PyYAML's libyaml ``CSafeLoader`` is ~6x faster than pure-Python ruamel on big CRDs
(0.47 s vs 2.7 s for the KServe InferenceService CRD), so it is used when installed; it is
optional, ruamel ``typ="safe"`` is the fallback. Both parse YAML 1.1 like Kubernetes' own
decoder, and timestamps stay strings because the API server sees strings.
"""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Iterator
from typing import Any

from generator import yamlfast


class YamlSyntaxError(ValueError):
    """Any parser error, whichever backend raised it."""


# Read as the strings the API server sees. A plain ``<<`` or ``=`` as a value (Helm's toYaml
# leaves an annotation "<<" unquoted) is a string to go-yaml, which Kubernetes decodes with:
# sigs.k8s.io/yaml goyaml.v2 (go-yaml v2.4.0) resolve.go maps "<<" to the merge tag with "<<" as
# its value, and decode.go keeps that text when the target is an interface{}; it has no value type.
_AS_STRINGS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


def _pyyaml_loader() -> Any:
    try:
        yaml = importlib.import_module("yaml")
        base = yaml.CSafeLoader
    except (ImportError, AttributeError):
        return None
    loader: Any = type("InfergenLoader", (base,), {})
    for tag in _AS_STRINGS:
        loader.add_constructor(tag, base.construct_yaml_str)
    # y/Y/n/N are YAML 1.1 booleans that PyYAML leaves out; go-yaml v2 (Helm, the API server) and
    # the ruamel path below read them as booleans, so a bare `app: n` label is the error it is.
    loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:y|Y|n|N)$"), list("yYnN"))
    loader.add_constructor(_BOOL, _bool)
    return loader


_BOOL = "tag:yaml.org,2002:bool"


def _bool(loader: Any, node: Any) -> bool:
    return str(loader.construct_scalar(node)).lower() in ("y", "yes", "true", "on")


_LOADER = _pyyaml_loader()
BACKEND = "pyyaml-libyaml" if _LOADER is not None else "ruamel-safe"


def _ruamel(text: str) -> Iterator[tuple[Any, int, Any]]:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    constructor: Any = type("InfergenConstructor", (SafeConstructor,), {})
    for tag in _AS_STRINGS:
        constructor.add_constructor(tag, SafeConstructor.construct_yaml_str)
    yml = YAML(typ="safe", pure=True)
    yml.Constructor = constructor
    yml.version = (1, 1)
    for node in yml.compose_all(io.StringIO(text)):
        yield yml.constructor.construct_document(node), node.start_mark.line + 1, node


def _pyyaml(text: str) -> Iterator[tuple[Any, int, Any]]:
    loader = _LOADER(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            yield loader.construct_document(node), node.start_mark.line + 1, node
    finally:
        loader.dispose()


def iter_documents(text: str) -> Iterator[tuple[Any, int, Any]]:
    """Yield ``(data, line, node)`` per document (1-based line); raises YamlSyntaxError."""
    fast = _fast(text)
    if fast is not None:
        yield from fast
        return
    try:
        yield from (_pyyaml(text) if _LOADER is not None else _ruamel(text))
    except YamlSyntaxError:
        raise
    except Exception as exc:  # both backends' error classes derive from Exception only
        if type(exc).__module__.split(".")[0] not in ("yaml", "ruamel"):
            raise
        raise YamlSyntaxError(str(exc)) from exc


# Plain scalars that YAML 1.1 and 1.2 read differently, anchors, tags and the like send
# the text down the PyYAML path (see generator/yamlfast.py).
_SEPARATOR = re.compile(r"^---[ \t]*(?:#.*)?$", re.MULTILINE)


class LazyNode:
    """Positions for a document parsed on the fast path, composed only when a finding needs them."""

    def __init__(self, chunk: str, line: int) -> None:
        self.chunk, self.line = chunk, line

    def resolve(self) -> Any:
        import yaml

        return yaml.compose("\n" * (self.line - 1) + self.chunk, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _fast(text: str) -> list[tuple[Any, int, Any]] | None:
    """Documents via yaml_rs when the text is unambiguous; None to use the PyYAML path."""
    if not yamlfast.usable(text):
        return None
    out = []
    starts = [0, *(m.end() + 1 for m in _SEPARATOR.finditer(text))]
    ends = [m.start() for m in _SEPARATOR.finditer(text)] + [len(text)]
    for start, end in zip(starts, ends, strict=True):
        chunk = text[start:end]
        ok, data = yamlfast.parse(chunk, checked=True)  # a part of the text found usable above
        if not ok:  # yaml_rs rejected it: the PyYAML path explains the problem
            return None
        if data is None:
            continue
        offset = text.count("\n", 0, start) + 1
        first = next((i for i, ln in enumerate(chunk.split("\n")) if ln.strip() and not ln.lstrip().startswith("#")), 0)
        out.append((data, offset + first, LazyNode(chunk, offset)))
    return out


def load_one(text: str) -> Any:
    """The first document's data (None for an empty stream); fast path when unambiguous."""
    for data, _line, _node in iter_documents(text):
        return data
    return None


_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def locate(node: Any, path: str) -> tuple[int, int] | None:
    """1-based ``(line, column)`` of the deepest node on ``path`` that exists."""
    if node is None:
        return None
    if isinstance(node, LazyNode):
        node = node.resolve()
        if node is None:
            return None
    best = node
    for name, index in _TOKEN.findall(path):
        children = getattr(node, "value", None)
        if not isinstance(children, list) or not children:
            break
        if index:
            pick = children[int(index)] if int(index) < len(children) else None
            node = None if isinstance(pick, tuple) else pick
        else:
            node = next((v for k, v in children if getattr(k, "value", None) == name), None) if isinstance(
                children[0], tuple) else None
        if node is None:
            break
        best = node
    return best.start_mark.line + 1, best.start_mark.column + 1
