"""Sizes, digests and a progress bar for build artefacts."""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

# Below this a bar would only flicker.
PROGRESS_MIN_BYTES = 64 * 1024 * 1024
_CHUNK = 4 * 1024 * 1024


@dataclass(frozen=True)
class Artefact:
    path: Path
    size: int
    sha256: str


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def describe(path: Path) -> Artefact:
    """Size and sha256 of a file; for a directory (no-archive) a digest over sorted
    ``relative-path sha256`` lines, so it changes when any file or name changes."""
    if path.is_file():
        return Artefact(path, path.stat().st_size, _file_digest(path))
    files = sorted(p for p in path.rglob("*") if p.is_file())
    listing = "".join(f"{p.relative_to(path).as_posix()} {_file_digest(p)}\n" for p in files)
    size = sum(p.stat().st_size for p in files)
    return Artefact(path, size, hashlib.sha256(listing.encode()).hexdigest())


def _size(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size
    except OSError:  # the archiver is still creating it
        return 0


@contextmanager
def watch_progress(target: Path, total: int, label: str) -> Iterator[None]:
    """Show a bar while something else writes ``target``, only on a TTY and for big inputs.

    The archiver's API offers no callback, so a thread polls the output's size; deflated
    output is smaller than the input, hence the bar is completed on exit.
    """
    if total < PROGRESS_MIN_BYTES or not sys.stdout.isatty():
        yield
        return
    done = threading.Event()
    with click.progressbar(length=total, label=label, file=sys.stdout) as bar:

        def poll() -> None:
            seen = 0
            while not done.wait(0.5):
                now = min(_size(target), total)
                bar.update(now - seen)
                seen = now

        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()
            bar.update(total - bar.pos)
