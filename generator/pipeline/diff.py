"""``infergen diff``: what a regeneration would change in the rendered MANIFESTS, per resource.

The charts on disk and the charts the catalog produces now (written to a temporary
directory) are both rendered with Helm's engine, as Argo CD would; resources are matched by
Kind/namespace/name and each changed one is shown as a unified diff of its YAML. This is
the review view of a catalog change: what the cluster will see, not how the templates moved.
"""

from __future__ import annotations

import difflib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.catalog import load_catalog
from generator.render.generate import generate
from generator.validate.manifests import Key, Tree, dump, render_tree


@dataclass(frozen=True)
class Change:
    key: Key
    status: str  # added, removed, changed
    diff: str  # unified diff of the resource's YAML


@dataclass(frozen=True)
class DiffResult:
    changes: tuple[Change, ...]
    unchanged: int
    errors: tuple[str, ...]

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "changed": 0, "removed": 0}
        for change in self.changes:
            out[change.status] += 1
        return out


def diff_catalog(catalog_path: Path, root: Path, only: str | None = None) -> DiffResult:
    """Compare the tree under ``root`` with what ``catalog_path`` generates now."""
    catalog = load_catalog(catalog_path)
    output = generate(catalog)
    with tempfile.TemporaryDirectory(prefix="infergen-diff-") as tmp:
        fresh_root = Path(tmp)
        for rel, text in output.files.items():
            path = fresh_root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        fresh = render_tree(fresh_root, only)
    current = render_tree(root, only)
    return compare(current, fresh)


def compare(old: Tree, new: Tree) -> DiffResult:
    """Per-resource changes from ``old`` to ``new``."""
    changes: list[Change] = []
    unchanged = 0
    for key in sorted(set(old.resources) | set(new.resources)):
        before = old.resources.get(key)
        after = new.resources.get(key)
        a = dump(before.doc) if before else ""
        b = dump(after.doc) if after else ""
        if a == b:
            unchanged += 1
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        lines = difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                     fromfile=f"a/{key}" if before else "/dev/null",
                                     tofile=f"b/{key}" if after else "/dev/null")
        changes.append(Change(key, status, "".join(lines)))
    errors = tuple(f"on disk: {e}" for e in old.errors) + tuple(f"generated: {e}" for e in new.errors)
    return DiffResult(tuple(changes), unchanged, errors)


def colorize(diff: str) -> str:
    """ANSI colours for a unified diff (stripped again off a TTY and under NO_COLOR)."""
    from generator.console import style

    out = []
    for line in diff.splitlines(keepends=True):
        if line.startswith(("+++", "---")):
            out.append(style(line, bold=True))
        elif line.startswith("+"):
            out.append(style(line, fg="green"))
        elif line.startswith("-"):
            out.append(style(line, fg="red"))
        elif line.startswith("@@"):
            out.append(style(line, fg="cyan"))
        else:
            out.append(line)
    return "".join(out)
