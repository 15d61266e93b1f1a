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

MAX_DEPTH = 32  # a symlink loop would otherwise never end


class Digested(NamedTuple):
    sha256: bytes  # of the file's bytes
    marked: bool  # the marker occurs in its first 512 bytes
    linked: bool  # reached through a symlink: the file itself or a directory above it


def digest_tree(base: str, prefix: str, marker: bytes) -> dict[str, Digested]:
    """``prefix + relative path`` → :class:`Digested` for every file under ``base`` (symlinked
    directories followed, as Helm's loader follows them); a missing ``base`` gives ``{}``."""
    out: dict[str, Digested] = {}
    todo = [(prefix, base, False, 0)]
    while todo:
        rel, path, linked, depth = todo.pop()
        try:
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            via_link = linked or entry.is_symlink()
            if entry.is_dir():
                if depth < MAX_DEPTH:
                    todo.append((f"{rel}{entry.name}/", entry.path, via_link, depth + 1))
                continue
            try:
                with open(entry.path, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue  # unreadable: what needs the file reports it when it reads it itself
            out[rel + entry.name] = Digested(hashlib.sha256(data).digest(), marker in data[:512], via_link)
    return out
