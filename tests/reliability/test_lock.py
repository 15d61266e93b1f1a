"""Lock messages always name the holder: pid, host, command and since, read from a record that is never empty."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.output.lock import LOCK_FILE, LockTimeout, holder, locked


def test_the_record_names_the_holder(tmp_path: Path) -> None:
    with locked(tmp_path, 1.0):
        who = holder(tmp_path)
        assert who is not None
        assert who.startswith(f"pid {os.getpid()} on {socket.gethostname()}, `infergen")
        assert ", since 20" in who and who.endswith("Z")
        with pytest.raises(LockTimeout) as exc, locked(tmp_path, 0):
            pass  # pragma: no cover - never reached: the lock is held
    assert f"another infergen run (pid {os.getpid()} on {socket.gethostname()}" in str(exc.value)
    assert "unknown" not in str(exc.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_FILE]  # no temporary record left


def test_a_reader_never_sees_an_empty_record(tmp_path: Path) -> None:
    """Holders come and go as fast as they can while a reader keeps reading: every read is a whole record."""
    with locked(tmp_path, 1.0):
        pass  # the first holder's record exists from here on
    done = threading.Event()
    reads: list[str | None] = []

    def churn() -> None:
        for _ in range(300):
            with locked(tmp_path, 10.0):
                pass
        done.set()

    worker = threading.Thread(target=churn)
    worker.start()
    while not done.is_set():
        reads.append(holder(tmp_path))
    worker.join()
    assert len(reads) > 1 and None not in reads


def test_mutual_exclusion_survives_the_record_being_replaced(tmp_path: Path) -> None:
    """Each holder renames a new locked file over the path: two threads must still never overlap."""
    inside = threading.Semaphore(1)
    overlaps: list[int] = []
    shared = tmp_path / "shared.txt"

    def worker() -> None:
        me = str(threading.get_ident())
        for _ in range(100):
            with locked(tmp_path, 30.0):
                if not inside.acquire(blocking=False):
                    overlaps.append(1)
                    continue
                shared.write_text(me)  # a critical section long enough for another holder to land in
                if shared.read_text() != me:
                    overlaps.append(2)
                inside.release()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == []


def test_a_record_naming_an_exited_process_is_not_called_the_holder(tmp_path: Path) -> None:
    """A new holder has flocked the file but not yet renamed its own record over it: the record still
    names the previous holder, which has exited. The words say so instead of naming it as the holder."""
    dead = _exited_pid()
    (tmp_path / LOCK_FILE).write_text(json.dumps({"pid": dead, "host": socket.gethostname(),
                                                  "command": "infergen generate", "since": "2026-01-01T00:00:00Z"}))
    fd = os.open(tmp_path / LOCK_FILE, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the new holder, before its rename
        who = holder(tmp_path)
        with pytest.raises(LockTimeout) as exc, locked(tmp_path, 0):
            pass  # pragma: no cover - never reached: the lock is held
    finally:
        os.close(fd)
    assert who is not None and f"last recorded holder: pid {dead} on " in who and "which has exited" in who
    assert f"another infergen run (pid {dead}" not in str(exc.value)
    assert f"last recorded holder: pid {dead}" in str(exc.value) and "unknown" not in str(exc.value)


def _exited_pid() -> int:
    """The pid of a process that has exited (and was reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid
