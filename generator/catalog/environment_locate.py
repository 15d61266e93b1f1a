"""Where an issue found in one environment's catalog comes from: the layer that set the field."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from generator.catalog.build import Data
from generator.catalog.checks import Issue
from generator.catalog.source import Source, format_path
from generator.findings import Finding, Severity

Locator = Callable[[Source, Issue], Finding]
# env setting → the model fields it changes, so an error in those fields can point at it
_SUGAR = {"maxReplicas": "scaling", "gpuProduct": "gpu", "hostPrefix": "ingress"}


def _has(data: Any, path: tuple[Any, ...]) -> bool:
    for part in path:
        if not (isinstance(data, dict) and part in data):
            return False
        data = data[part]
    return True


def override_path(source: Source, issue: Issue, name: str, env: Data) -> list[Any] | None:
    """The catalog path of the environment layer that set ``issue``'s field, None if none did."""
    if issue.model is None or not issue.path:
        return None
    own = (source.data["models"][issue.model].get("environments") or {}).get(name, {})
    for block, prefix in ((own, ["models", issue.model, "environments", name]),
                          (env.get("overrides", {}), ["environments", name, "overrides"])):
        if _has(block, issue.path) or _has(block, issue.path[:1]):
            return [*prefix, *issue.path]
    sugar = [k for k, field in _SUGAR.items() if field == issue.path[0] and k in env]
    if issue.path[0] == "namespace":
        sugar = [k for k in ("namespace", "namespaceSuffix") if k in env]
    return ["environments", name, sugar[0]] if sugar else None


def locate_in(source: Source, issue: Issue, name: str, env: Data, locate_base: Locator) -> Finding:
    """Point at the layer that set the field: the model's block, the overrides, the setting, else the base."""
    where = override_path(source, issue, name, env)
    message = f"in environment {name}: {issue.message}"
    if where is None:
        return dataclasses.replace(locate_base(source, issue), message=message)
    line, col = source.locate(where)
    return Finding(file=source.file, line=line, column=col, path=format_path(tuple(where)), message=message,
                   hint=issue.hint, severity=issue.severity,
                   rule="catalog" if issue.severity is Severity.ERROR else "catalog-warning")
