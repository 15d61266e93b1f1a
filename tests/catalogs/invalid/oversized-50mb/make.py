"""Writes the catalog of this case (too big or too binary to commit)."""

from pathlib import Path


def make(path: Path) -> None:
    # 50 MB of otherwise harmless YAML: rejected by size before any parsing
    line = b"# " + b"x" * 98 + b"\n"
    with path.open("wb") as fh:
        fh.write(b"version: 1\n")
        for _ in range(500):
            fh.write(line * 1000)
