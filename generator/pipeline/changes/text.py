"""The change report as plain text (a terminal) and as JSON (machines)."""

from __future__ import annotations

import json
from typing import Any

from generator.pipeline.changes.compare import FactChange, Report
from generator.pipeline.changes.facts import Value


def text(report: Report) -> str:
    lines = [f"compared with {report.base}: {counts_line(report)}"]
    for model in report.models:
        lines.append(f"{model.key.model} ({model.key.environment}): {model.status}")
        lines.extend(f"  {change.fact}: {describe(change)}" for change in model.facts)
        lines.extend(f"  {res.status:8} {res.key}" for res in model.resources)
    return "\n".join(lines) + "\n"


def to_json(report: Report) -> str:
    data: dict[str, Any] = {
        "base": report.base,
        "counts": report.counts(),
        "models": [{
            "model": m.key.model, "environment": m.key.environment, "status": m.status,
            "changes": [{"fact": c.fact, "before": _plain(c.before), "after": _plain(c.after),
                         "added": list(c.added()), "removed": list(c.removed())} for c in m.facts],
            "resources": [{"resource": str(r.key), "kind": r.key.kind, "namespace": r.key.namespace,
                           "name": r.key.name, "status": r.status, "diff": r.diff} for r in m.resources],
        } for m in report.models],
        "errors": list(report.errors),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def describe(change: FactChange) -> str:
    """``1 → 2``; for sets, the items added and removed (``+ a.example.com``)."""
    if isinstance(change.before, tuple) or isinstance(change.after, tuple):
        return ", ".join([f"+ {v}" for v in change.added()] + [f"− {v}" for v in change.removed()])
    return f"{show(change.before)} → {show(change.after)}"


def show(value: Value | None) -> str:
    if value is None:
        return "—"
    return ", ".join(value) if isinstance(value, tuple) else value


def _plain(value: Value | None) -> Any:
    return list(value) if isinstance(value, tuple) else value


def counts_line(report: Report) -> str:
    c = report.counts()
    return (f"{c['changed']} model(s) changed, {c['added']} added, {c['removed']} removed, "
            f"{c['unchanged']} unchanged")
