"""Check catalog data against the JSON Schema; turn violations into located findings.

The Rust validator answers "valid?" fast; only an invalid catalog pays for the Python
validator, whose errors carry the paths and schema context we need for good messages.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from generator.catalog import modes
from generator.catalog.schema import build_schema
from generator.catalog.source import Source, format_path
from generator.errors import error_at
from generator.findings import Finding

if TYPE_CHECKING:
    import jsonschema


def _root() -> dict[str, Any]:
    return _schema(modes.generation())


def _fast() -> Any:
    return _fast_for(modes.generation())


def _slow() -> jsonschema.Draft202012Validator:
    return _slow_for(modes.generation())


# keyed on the registry's generation: registering a serving mode changes the schema
@lru_cache(maxsize=1)
def _schema(_generation: int) -> dict[str, Any]:
    return build_schema()


@lru_cache(maxsize=1)
def _fast_for(generation: int) -> Any:
    return jsonschema_rs.validator_for(_schema(generation))


@lru_cache(maxsize=1)
def _slow_for(generation: int) -> jsonschema.Draft202012Validator:
    import jsonschema  # only an invalid catalog pays for importing it (~50 ms)

    return jsonschema.Draft202012Validator(_schema(generation))


def check_schema(source: Source) -> list[Finding]:
    """Schema findings for ``source`` (empty when valid)."""
    if _fast().is_valid(source.data):
        return []
    slow = _slow()
    findings = []
    for error in sorted(slow.iter_errors(source.data), key=lambda e: list(map(str, e.absolute_path))):
        findings.extend(_finding(source, _deepest(error)))
    return findings


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    if error.validator in ("oneOf", "anyOf") and error.context:
        # an object that names a branch's required keys ({secretKeyRef: ...}) meant that branch
        branches: Any = error.validator_value  # the oneOf/anyOf list of subschemas
        fitting = [e for e in error.context
                   if e.relative_schema_path and _fits(branches[e.relative_schema_path[0]], error.instance)]
        best: jsonschema.ValidationError | None  # best_match is unannotated in the stubs
        if fitting:
            best = _best_match(fitting)
            if best is not None:
                return _deepest(best)
        candidates = [e for e in error.context if e.validator != "type"] or list(error.context)
        best = _best_match(candidates)
        if best is not None and best.validator != "type":
            return best
    return error


def _fits(branch: Any, instance: Any) -> bool:
    return (isinstance(branch, dict) and branch.get("type") == "object" and isinstance(instance, dict)
            and bool(branch.get("required")) and set(branch["required"]) <= set(instance))


def _finding(source: Source, error: jsonschema.ValidationError) -> list[Finding]:
    path = list(error.absolute_path)
    hint = _schema_hint(error)
    if error.schema is False and error.absolute_schema_path and error.absolute_schema_path[-1] == "properties":
        # a key forbidden with ``false`` (defaults.name); jsonschema reports it at the parent mapping
        parent = _data_at(source.data, path)
        props = _schema_node(error)
        banned = sorted(k for k, v in props.items() if v is False and k in parent) if (
            isinstance(props, dict) and isinstance(parent, dict)) else []
        out = []
        for key in banned:
            line, col = source.locate([*path, key], value=False)
            out.append(error_at(source.file, line, col, format_path((*path, key)), f"{key!r} is not allowed here",
                                "set it on each model: defaults apply to every model" if path == ["defaults"]
                                else "remove it"))
        if out:
            return out
    if error.validator == "additionalProperties" and isinstance(error.schema, Mapping):
        instance: Any = error.instance
        known = sorted(error.schema.get("properties", {}))
        extras = sorted(set(instance) - set(known)) if known else sorted(instance)
        out = []
        for key in extras:
            line, col = source.locate([*path, key], value=False)
            out.append(error_at(source.file, line, col, format_path((*path, key)), f"unknown key {key!r}",
                                _did_you_mean(key, known)))
        return out
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        # the failing instance is a key of the mapping at ``path``: point at that key
        key = error.instance
        line, col = source.locate([*path, key], value=False)
        expected = _schema_note(error, "x-expected") or "allowed here"
        message = f"key {key!r} is not {expected}"
        return [error_at(source.file, line, col, format_path((*path, key)), message, hint)]
    line, col = source.locate(path, value=error.validator not in ("required", "false"))
    return [error_at(source.file, line, col, format_path(tuple(path)), _message(error), hint)]


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return "allowed keys: " + ", ".join(choices) if choices else "remove it"


def _message(error: jsonschema.ValidationError) -> str:
    inst: Any = error.instance
    arg: Any = error.validator_value
    v = error.validator
    if error.schema is False or v == "false":
        return "is not allowed here"
    match v:
        case "type":
            want = " or ".join(arg) if isinstance(arg, list) else arg
            return f"expected {want}, got {_kind(inst)} {inst!r}"
        case "required":
            missing = [k for k in arg if k not in inst]
            return "missing required key " + ", ".join(repr(k) for k in missing)
        case "enum":
            return f"{inst!r} is not one of " + ", ".join(repr(a) for a in arg)
        case "pattern":
            expected = _schema_note(error, "x-expected")
            if expected:
                return f"{inst!r} is not {expected}"
            return f"{inst!r} does not match the pattern {arg}"
        case "minimum":
            return f"{inst!r} is less than the minimum {arg}"
        case "maximum":
            return f"{inst!r} is more than the maximum {arg}"
        case "maxLength":
            return f"{inst!r} is {len(inst)} characters long; at most {arg} are allowed"
        case "minLength":
            return "must not be empty"
        case "minItems":
            return f"needs at least {arg} item(s)"
        case "maxItems":
            return f"has {len(inst)} items; at most {arg} are allowed"
        case "propertyNames":
            return f"{inst!r} has a key that is not allowed"
        case "oneOf" | "anyOf":
            return f"{_kind(inst)} {inst!r} matches none of the allowed forms"
    return error.message


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return {int: "integer", float: "number", str: "string", list: "list", dict: "mapping",
            type(None): "null"}.get(type(value), type(value).__name__)


def _schema_hint(error: jsonschema.ValidationError) -> str | None:
    """The deepest ``x-hint`` on the way from the root schema to the failing keyword."""
    if error.validator == "enum":
        values: Any = error.validator_value
        same = [a for a in values if str(a) == str(error.instance) and a != error.instance]
        if same:
            return f"write {same[0]} without quotes" if isinstance(error.instance, str) else f"quote it: \"{same[0]}\""
        close = difflib.get_close_matches(str(error.instance), [str(a) for a in values], n=1)
        if close:
            return f"did you mean {close[0]!r}?"
    return _schema_note(error, "x-hint")


def _data_at(data: Any, path: list[Any]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _schema_node(error: jsonschema.ValidationError) -> Any:
    """The subschema at the end of ``error.absolute_schema_path``."""
    root = _root()
    node: Any = root
    for part in error.absolute_schema_path:
        if isinstance(node, dict) and "$ref" in node and part not in node:
            node = _deref(root, node["$ref"])
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _deref(root: dict[str, Any], ref: str) -> Any:
    """The node a local ``$ref`` (``#/$defs/model``, ``#/$defs/model/properties/gpu``) points at."""
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _schema_note(error: jsonschema.ValidationError, keyword: str) -> str | None:
    """The deepest ``keyword`` annotation on the way from the root schema to the failing keyword."""
    root = _root()
    node: Any = root
    note = None
    for part in error.absolute_schema_path:
        if isinstance(node, dict) and keyword in node:
            note = node[keyword]
        if isinstance(node, dict) and "$ref" in node and part not in node:
            # jsonschema's schema paths step through $ref without naming it
            node = _deref(root, node["$ref"])
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(node, dict) and keyword in node:
        note = node[keyword]
    return note


def _best_match(errors: list[jsonschema.ValidationError]) -> jsonschema.ValidationError | None:
    from jsonschema.exceptions import best_match

    return best_match(errors)  # type: ignore[no-any-return]
