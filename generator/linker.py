"""Hard-link the current generated tree into a staging directory, as a process of its own.

Staging a 1000-model tree is ~13,000 links and ~2,600 directories: all system calls,
~0.3 s on ext4. A thread would queue behind the generator for the GIL and gain nothing;
this file, run by path with the standard library only (so it starts in ~15 ms), does it
on the other core while the catalog is rendered. ``write.Writer`` starts it and falls back
to calling :func:`link_tree` in-process if it fails.

    python -I -S linker.py OUT STAGE PARENT_PID ROOT...
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator, Sequence


def files_under(base: str, prefix: str = "", links: set[str] | None = None) -> Iterator[tuple[str, str]]:
    """``(prefix + relative path, path)`` of every non-directory under ``base``, unsorted; symlinks not followed
    (``links``, if given, collects the relative paths of the symlinks among them).

    scandir and string concatenation, not os.walk and relpath: this lists every generated
    file on every run. A missing ``base`` yields nothing.
    """
    todo = [(prefix, base)]
    while todo:
        rel, path = todo.pop()
        try:
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                todo.append((f"{rel}{entry.name}/", entry.path))
            else:
                if links is not None and entry.is_symlink():
                    links.add(rel + entry.name)
                yield rel + entry.name, entry.path


def link_tree(out: str, stage: str, roots: Sequence[str], parent: int = 0) -> None:
    """Mirror every file under ``out/<root>`` at ``stage/<root>`` as a hard link (symlinks stay symlinks).

    With ``parent`` set, gives up as soon as that process is gone: a SIGKILLed run must not
    leave a helper writing into a stage the next run is deleting.
    """
    made: set[str] = set()
    count = 0
    for root in roots:
        for rel, path in files_under(f"{out}/{root}", f"{root}/"):
            link(path, f"{stage}/{rel}", made)
            count += 1
            if parent and count % 512 == 0 and os.getppid() != parent:
                raise SystemExit(3)


def link(src: str, dst: str, made: set[str]) -> None:
    """Hard-link ``src`` at ``dst``, making ``dst``'s directory once; copy where links are refused."""
    ensure_parent(dst, made)
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def ensure_parent(dst: str, made: set[str]) -> None:
    # one mkdir per directory, not per file, and no makedirs() probing of every ancestor
    parent = os.path.dirname(dst)
    if parent in made:
        return
    try:
        os.mkdir(parent)
    except FileNotFoundError:
        ensure_parent(parent, made)
        os.mkdir(parent)
    except FileExistsError:
        pass
    made.add(parent)


def main(argv: Sequence[str]) -> int:
    out, stage, parent, *roots = argv
    link_tree(out, stage, roots, int(parent))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
