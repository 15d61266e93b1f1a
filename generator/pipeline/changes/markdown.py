"""The change report as GitHub/GitLab-flavoured Markdown, for a pull-request comment.

One table row per semantic change, keyed by (model, environment); below it, each model's
resource diff folded in a ``<details>`` block. Comments have a size limit (GitHub: 65,536
characters), so diffs past :data:`BUDGET` are left out with the command that shows them.
"""

from __future__ import annotations

from generator.pipeline.changes.compare import ModelChange, Report
from generator.pipeline.changes.text import counts_line, describe, show

BUDGET = 60_000
TITLE = "### infergen: what this change does to the models"


def markdown(report: Report, budget: int = BUDGET) -> str:
    base = _code(report.base) if " " not in report.base else _cell(report.base)  # a ref or file, or prose
    parts = [TITLE, "", f"Compared with {base}: {counts_line(report)}.", ""]
    if report.errors:
        parts += [f"> **warning:** {_cell(e)}" for e in report.errors] + [""]
    if not report.models:
        return "\n".join([*parts, "No model changes."]) + "\n"
    parts += ["| model | environment | change | before | after |", "|---|---|---|---|---|"]
    for model in report.models:
        parts += _rows(model)
    used = sum(len(p) + 1 for p in parts)
    for model in report.models:
        block = _details(model)
        if used + len(block) > budget:
            block = _details(model, omitted=True)
        used += len(block)
        parts += ["", block]
    return "\n".join(parts) + "\n"


def _rows(model: ModelChange) -> list[str]:
    name, env = _code(model.key.model), _cell(model.key.environment)
    rows = []
    if model.status != "changed":
        rows.append(f"| {name} | {env} | **model {model.status}** | — | — |")
    for change in model.facts:
        if isinstance(change.before, tuple) or isinstance(change.after, tuple):
            before, after = show(change.before), describe(change)
            rows.append(f"| {name} | {env} | {_cell(change.fact)} | {_cell(before)} | {_cell(after)} |")
        else:
            rows.append(f"| {name} | {env} | {_cell(change.fact)} | {_cell(show(change.before))} "
                        f"| {_cell(show(change.after))} |")
    if not model.facts and model.status == "changed":
        rows.append(f"| {name} | {env} | other fields | — | see the resource diff |")
    return rows


def _details(model: ModelChange, omitted: bool = False) -> str:
    counts: dict[str, int] = {}
    for res in model.resources:
        counts[res.status] = counts.get(res.status, 0) + 1
    what = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    head = (f"<details><summary><code>{_html(model.key.model)}</code> ({_html(model.key.environment)}): "
            f"{what} resource(s)</summary>\n")
    if omitted:
        body = (f"The diff is left out to keep this comment under the size limit; run "
                f"`infergen diff --model {model.key.model}` with the same base to see it.\n")
        return f"{head}\n{body}\n</details>"
    diff = "".join(res.diff if res.diff.endswith("\n") else res.diff + "\n" for res in model.resources)
    fence = "```"
    while fence in diff:
        fence += "`"
    return f"{head}\n{fence}diff\n{diff}{fence}\n\n</details>"


def _cell(value: str) -> str:
    """A table cell: pipes escaped, newlines flattened."""
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(value: str) -> str:
    return f"`{_cell(value)}`" if "`" not in value else _cell(value)


def _html(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
