"""Writes the catalog of this case (too big or too binary to commit)."""

from pathlib import Path


def make(path: Path) -> None:
    path.write_bytes("version: 1\nargocd:\n  project: caf\u00e9\n".encode("latin-1"))
