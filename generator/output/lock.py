"""An advisory lock per output directory, so concurrent runs never interleave their writes.

The lock is ``flock`` on ``.infergen.lock``, and the file names its holder (pid, host,
command, since). A holder never writes into the locked file: it writes a new file, locks
it and renames it into place, so whoever reads the path sees a whole record, never an
empty or half-written one. A waiter that got the lock on a file since renamed over
retries on the current one.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from generator.errors import InfergenError
from generator.output.fserror import fs_step

LOCK_FILE = ".infergen.lock"


class LockTimeout(InfergenError):
    """Another infergen run held the lock for longer than we were willing to wait."""


def holder(out: Path) -> str | None:
    """Who holds the lock on ``out``, in words; None while no record is readable.

    Between a new holder's ``flock`` and the rename of its own record, the file still names the
    previous holder: where that is a process of this host that has exited, the words say it is
    the last recorded holder, not the current one.
    """
    found = _record(out)
    if found is None:
        return None
    words, current = found
    return words if current else (f"it has not recorded itself yet; last recorded holder: {words}, "
                                  "which has exited")


def _record(out: Path) -> tuple[str, bool] | None:
    """The record in words, and False when it names a process of this host that is gone."""
    try:
        text = (out / LOCK_FILE).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if text.isdigit():  # written by an infergen from before the record had fields (on this host)
        return f"pid {text}", _alive(int(text))
    try:
        info = json.loads(text)
        pid = int(info["pid"])
        words = f"pid {pid} on {info['host']}, `{info['command']}`, since {info['since']}"
    except (ValueError, KeyError, TypeError):
        return None
    return words, info["host"] != socket.gethostname() or _alive(pid)  # another host's: cannot tell


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid > 0  # exists, owned by someone else (or a number no process can have)
    return True


@contextmanager
def locked(out: Path, timeout: float) -> Iterator[None]:
    """Hold the lock on ``out``; wait up to ``timeout`` seconds, saying once who holds it."""
    with fs_step("creating the output directory", out):
        out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_FILE
    deadline = time.monotonic() + timeout
    told = False
    while True:
        with fs_step("opening the lock file", path):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            found = _record(out)
            if time.monotonic() >= deadline:
                who = holder(out) or "it has not recorded itself yet"
                raise LockTimeout(f"{path}: another infergen run ({who}) "
                                  f"is still writing after {timeout:.0f}s; try again when it has finished") from None
            if not told and found is not None and found[1]:  # wait for a current record to name
                print(f"waiting for another infergen run ({found[0]}) to finish...", file=sys.stderr)
                told = True
            time.sleep(0.1)
            continue
        if _same_file(fd, path):
            break
        os.close(fd)  # its holder replaced the file while we waited: lock the current one
    try:
        fd = _publish(path, fd)
        yield
    finally:
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == path.stat().st_ino
    except OSError:
        return False


def _publish(path: Path, fd: int) -> int:
    """Replace the locked file with a locked one naming this run; returns the new descriptor."""
    record = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "command": _command(),
                         "since": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        new = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    except OSError:
        return fd  # cannot publish (full disk): hold the lock all the same, unnamed
    try:
        fcntl.flock(new, fcntl.LOCK_EX | fcntl.LOCK_NB)  # nobody else can know this file yet
        os.write(new, record.encode() + b"\n")
        os.rename(tmp, path)
    except OSError:
        os.close(new)
        tmp.unlink(missing_ok=True)
        return fd
    os.close(fd)
    return new


def _command() -> str:
    args = " ".join(sys.argv[1:])
    return f"infergen {args}"[:200].strip()
