"""Convert CustomResourceDefinitions into strict JSON schemas, in process."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.lint.documents import Document

DEFS_URI = "https://kubernetes.io/api/_definitions.json"
OBJECT_META = DEFS_URI + "#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
_CHILDREN = ("items", "additionalProperties")
_BRANCHES = ("allOf", "anyOf", "oneOf")


def _convert(s: Any, structural: bool) -> Any:
    """Translate one OpenAPI v3 node; ``structural`` is False inside allOf/anyOf/oneOf/not,
    where Kubernetes only allows value validations, so no ``additionalProperties`` is added."""
    if not isinstance(s, dict):
        return s
    out: dict[str, Any] = {}
    for key, value in s.items():
        if key in ("properties", "patternProperties") and isinstance(value, dict):
            out[key] = {name: _convert(sub, structural) for name, sub in value.items()}
        elif key in _CHILDREN and isinstance(value, dict):
            out[key] = _convert(value, structural)
        elif key in _BRANCHES and isinstance(value, list):
            out[key] = [_convert(branch, False) for branch in value]
        elif key == "not":
            out[key] = _convert(value, False)
        elif key.startswith("x-kubernetes-") or key in ("nullable", "format"):
            continue  # formats like int32/int-or-string are not JSON Schema formats
        else:
            out[key] = value
    if s.get("x-kubernetes-int-or-string"):
        out["type"] = ["integer", "string"]
    if s.get("nullable"):
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        elif isinstance(kind, list):
            out["type"] = [*kind, "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    if s.get("x-kubernetes-embedded-resource") and "properties" in out:
        out["properties"] = {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
                             "metadata": {"type": "object"}, **out["properties"]}
    if (structural and "properties" in s and "additionalProperties" not in s
            and not s.get("x-kubernetes-preserve-unknown-fields")):
        out["additionalProperties"] = False
    return out


def crd_schema(group: str, version: str, kind: str, openapi: dict[str, Any]) -> dict[str, Any]:
    """Strict schema for one served version; ``metadata`` is checked as a real ObjectMeta."""
    root: dict[str, Any] = _convert(openapi, True)
    props = dict(root.get("properties") or {})
    meta = props.get("metadata")
    ref = {"$ref": OBJECT_META}
    props["metadata"] = {"allOf": [ref, meta]} if isinstance(meta, dict) and "properties" in meta else ref
    props["apiVersion"] = {"type": "string", "enum": [f"{group}/{version}"]}
    props["kind"] = {"type": "string", "enum": [kind]}
    root["properties"] = props
    root.setdefault("type", "object")
    if not openapi.get("x-kubernetes-preserve-unknown-fields"):
        root["additionalProperties"] = False
    root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return root


def schemas_from_crds(docs: Iterable[Document]) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(apiVersion, kind): schema}`` for every version of every CRD in ``docs``."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for doc in docs:
        if doc.kind != "CustomResourceDefinition":
            continue
        spec = doc.obj.get("spec") or {}
        group, kind = spec.get("group", ""), (spec.get("names") or {}).get("kind", "")
        legacy = (spec.get("validation") or {}).get("openAPIV3Schema")
        versions = spec.get("versions") or [{"name": spec.get("version")}]
        for ver in versions:
            openapi = (ver.get("schema") or {}).get("openAPIV3Schema") or legacy
            if ver.get("name") and isinstance(openapi, dict):
                out[(f"{group}/{ver['name']}", kind)] = crd_schema(group, ver["name"], kind, openapi)
    return out


_MEMO: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}


def schemas_from_crd_paths(paths: Iterable[str], cache_dir: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """Like :func:`schemas_from_crds` over files, with converted schemas cached by content hash.

    Parsing the KServe CRD alone takes about a second; the converted JSON loads in tens of
    milliseconds, so every run after the first (and every Linter in one run) skips the YAML.
    """
    from generator.lint.documents import discover, parse_text

    out: dict[tuple[str, str], dict[str, Any]] = {}
    for name in discover(paths):
        raw = Path(name).read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        found = _MEMO.get(digest)
        cached = cache_dir / "crds" / f"{digest}.json"
        if found is None and cached.is_file():
            try:
                stored: dict[str, dict[str, Any]] = json.loads(cached.read_bytes())
                found = {_key(k): v for k, v in stored.items()}
            except ValueError:
                found = None
        if found is None:
            found = schemas_from_crds(parse_text(raw.decode("utf-8"), name))
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text(json.dumps({"\n".join(k): v for k, v in found.items()}), encoding="utf-8")
                os.replace(tmp, cached)
            except OSError:
                pass  # a read-only cache only costs speed
        _MEMO[digest] = found
        out.update(found)
    return out


def _key(stored: str) -> tuple[str, str]:
    """``"apiVersion\\nkind"`` (how the cache file stores keys) → ``(apiVersion, kind)``."""
    api_version, _, kind = stored.partition("\n")
    return api_version, kind
