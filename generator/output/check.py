"""``generate --check``: compare what the catalog produces with what is on disk. Reads only.

It never recovers, removes or rewrites anything (a concurrent ``generate`` may hold the
lock and be building its stage): an interrupted write shows up as a finding instead.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from generator.output.write import existing_files, owned


def diff_tree(out: Path, files: dict[str, str]) -> list[str]:
    """Unified diffs (one string per differing file); empty when the tree is up to date."""
    current = existing_files(out)
    diffs = []
    for rel in sorted(set(files) | set(current)):
        path = current.get(rel)
        if path is not None and rel not in files and not owned(path):
            continue
        old = Path(path).read_text(encoding="utf-8", errors="replace") if path is not None else ""
        new = files.get(rel, "")
        if old != new:
            diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=f"a/{rel}" if path is not None else "/dev/null",
                                        tofile=f"b/{rel}" if rel in files else "/dev/null")
            diffs.append("".join(diff))
    return diffs
