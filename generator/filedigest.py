"""Read every file under a directory once, keeping only what later checks need of it.

``infergen validate`` needs each generated file twice over: the generation stamp check
(which files carry the generated-by marker, and their digests) and the result cache's key
for each chart (the digest of everything Helm would read). Reading the tree once for both
saves ~0.5 s on 1,000 models; the bytes themselves are not kept.
"""

from __future__ import annotations

import hashlib
import os
from typing import NamedTuple


class Digested(NamedTuple):
    sha256: bytes  # of the file's bytes; of nothing repeatable when it could not be read
    marked: bool  # the marker occurs in its first 512 bytes
    linked: bool  # reached through a symlink: the file itself or a directory above it


def walk(base: str) -> list[tuple[str, str, bool]]:
    """``(relative path, path, reached through a symlink)`` of every non-directory under ``base``.

    Symlinked directories are followed, as Helm's loader follows them (sympath.Walk), except
    one leading back to a directory already on the way down (a loop); a directory that
    cannot be listed is an entry of its own, so that reading it fails where it is read.
    """
    out: list[tuple[str, str, bool]] = []
    todo = [("", base, False, frozenset[tuple[int, int]]())]
    while todo:
        rel, path, linked, above = todo.pop()
        try:
            info = os.stat(path)
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            out.append((rel.rstrip("/"), path, linked))
            continue
        here = above | {(info.st_dev, info.st_ino)}
        for entry in entries:
            via_link = linked or entry.is_symlink()
            if entry.is_dir():
                real = os.stat(entry.path)
                if (real.st_dev, real.st_ino) not in here:
                    todo.append((f"{rel}{entry.name}/", entry.path, via_link, here))
                continue
            out.append((rel + entry.name, entry.path, via_link))
    return out


def digest_tree(base: str, prefix: str, marker: bytes) -> dict[str, Digested]:
    """``prefix + relative path`` → :class:`Digested` for every file :func:`walk` finds under
    ``base``; a missing ``base`` gives ``{}``."""
    out: dict[str, Digested] = {}
    for rel, path, linked in walk(base):
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            # unreadable: a digest that matches no earlier one, so no stored result stands for it;
            # what reads the file next reports the fault
            out[prefix + rel] = Digested(hashlib.sha256(os.urandom(16)).digest(), False, linked)
            continue
        out[prefix + rel] = Digested(hashlib.sha256(data).digest(), marker in data[:512], linked)
    return out
