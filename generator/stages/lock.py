"""An advisory lock per output directory, so concurrent runs never interleave their writes."""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import InfergenError

LOCK_FILE = ".infergen.lock"


class LockTimeout(InfergenError):
    """Another infergen run held the lock for longer than we were willing to wait."""


@contextmanager
def locked(out: Path, timeout: float) -> Iterator[None]:
    """Hold ``out/.infergen.lock``; wait up to ``timeout`` seconds, saying so once."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"{out / LOCK_FILE}: another infergen run (pid {holder}) is still "
                                      f"writing after {timeout:.0f}s; try again when it has finished") from None
                if not told:
                    print(f"waiting for another infergen run (pid {holder}) to finish...", file=sys.stderr)
                    told = True
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
