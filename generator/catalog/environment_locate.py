"""Where an issue found in one environment's catalog comes from: the layer that set the field."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from generator.catalog.build import Data
from generator.catalog.checks import Issue
from generator.catalog.locate import locate
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


def locate_in(source: Source, issue: Issue, name: str, env: Data, locate_base: Locator) -> Finding:
    """Point at the layer that set the field: the model's block, the overrides, the setting, else the base."""
    where: list[Any] | None = None
    if issue.model is not None and issue.path:
        own = (source.data["models"][issue.model].get("environments") or {}).get(name, {})
        sugar = [k for k, field in _SUGAR.items() if field == issue.path[0] and k in env]
        if issue.path[0] == "namespace":
            sugar = [k for k in ("namespace", "namespaceSuffix") if k in env]
        for block, prefix in ((own, ["models", issue.model, "environments", name]),
                              (env.get("overrides", {}), ["environments", name, "overrides"])):
            if _has(block, issue.path) or _has(block, issue.path[:1]):
                where = [*prefix, *issue.path]
                break
        if where is None and sugar:
            where = ["environments", name, sugar[0]]
    message = f"in environment {name}: {issue.message}"
    if where is None:
        return dataclasses.replace(locate_base(source, issue), message=message)
    line, col = locate(source.tree, where)
    return Finding(file=source.file, line=line, column=col, path=format_path(tuple(where)), message=message,
                   hint=issue.hint, severity=issue.severity,
                   rule="catalog" if issue.severity is Severity.ERROR else "catalog-warning")
