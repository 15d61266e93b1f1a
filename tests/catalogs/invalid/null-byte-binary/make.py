"""Writes the catalog of this case (too big or too binary to commit)."""

from pathlib import Path


def make(path: Path) -> None:
    path.write_bytes(b"version: 1\nmodels:\n" + bytes(range(256)) * 4)
