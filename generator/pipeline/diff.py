"""``infergen diff``: what a regeneration would change in the rendered MANIFESTS, per resource.

The charts on disk and the charts the catalog produces now (written to a temporary
directory) are both rendered with Helm's engine, as Argo CD would; resources are matched by
Kind/namespace/name and each changed one is shown as a unified diff of its YAML. This is
the review view of a catalog change: what the cluster will see, not how the templates moved.
"""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.catalog import load_catalog
from generator.catalog.environments import require_environment
from generator.render.generate import generate
from generator.spec import Catalog
from generator.validate.manifests import Key, Tree, dump, render_tree


@dataclass(frozen=True)
class Change:
    key: Key
    status: str  # added, removed, changed
    diff: str  # unified diff of the resource's YAML
    environment: str = ""  # catalogs with environments: the one whose cluster gets this change


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


def diff_catalog(catalog_path: Path, root: Path, only: str | None = None,
                 environment: str | None = None) -> DiffResult:
    """Compare the tree under ``root`` with what ``catalog_path`` generates now.

    A catalog with environments is compared per environment (``apps/<env>/``), all of them
    unless ``environment`` names one.
    """
    catalog = load_catalog(catalog_path)
    scopes = scopes_of(catalog, environment)
    with generated(catalog) as fresh_root:
        results = [compare(render_tree(root, only, scope), render_tree(fresh_root, only, scope), scope or "")
                   for scope in scopes]
    return DiffResult(tuple(c for r in results for c in r.changes), sum(r.unchanged for r in results),
                      tuple(e for r in results for e in r.errors))


@contextmanager
def generated(catalog: Catalog) -> Iterator[Path]:
    """What ``catalog`` generates, written to a temporary directory that is removed afterwards."""
    output = generate(catalog)
    with tempfile.TemporaryDirectory(prefix="infergen-diff-") as tmp:
        root = Path(tmp)
        for rel, text in output.files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        yield root


def scopes_of(catalog: Catalog, environment: str | None) -> tuple[str | None, ...]:
    """The environments to compare: the one named, else all the catalog declares (or none)."""
    require_environment(catalog, environment)
    if environment:
        return (environment,)
    return tuple(e.name for e in catalog.environments) or (None,)


def compare(old: Tree, new: Tree, environment: str = "") -> DiffResult:
    """Per-resource changes from ``old`` to ``new`` (in ``environment``'s cluster, when named)."""
    where = f"{environment}/" if environment else ""
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
                                     fromfile=f"a/{where}{key}" if before else "/dev/null",
                                     tofile=f"b/{where}{key}" if after else "/dev/null")
        changes.append(Change(key, status, "".join(lines), environment))
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
