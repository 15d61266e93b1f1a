"""``generate --check``: compare what the catalog produces with what is on disk. Reads only.

It never recovers, removes or rewrites anything (a concurrent ``generate`` may hold the
lock and be building its stage): an interrupted write shows up as a finding instead.
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

from generator.filedigest import Digested
from generator.output.write import existing_files, owned


def diff_tree(out: Path, files: dict[str, str], tree: dict[str, Digested] | None = None) -> list[str]:
    """Unified diffs (one string per differing file); empty when the tree is up to date.

    ``tree`` (stamp.read_tree of ``out``, read for the stamp check anyway) spares reading a
    file again whose digest shows it is what the catalog produces.
    """
    current = existing_files(out)
    tree = tree or {}
    diffs = []
    for rel in sorted(set(files) | set(current)):
        path = current.get(rel)
        if path is not None and rel not in files and not owned(path):
            continue
        known = tree.get(rel)
        if (path is not None and rel in files and known is not None and not known.linked
                and known.sha256 == hashlib.sha256(files[rel].encode()).digest()):
            continue  # the same bytes
        old = Path(path).read_text(encoding="utf-8", errors="replace") if path is not None else ""
        new = files.get(rel, "")
        if old != new:
            diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=f"a/{rel}" if path is not None else "/dev/null",
                                        tofile=f"b/{rel}" if rel in files else "/dev/null")
            diffs.append("".join(diff))
    return diffs
