"""Write the generated tree under a lock in three explicit steps: stage, then commit or discard.

:meth:`Writer.stage_files` builds the complete new ``charts/`` and ``apps/`` in a staging
directory beside them: the current tree is hard-linked there (same inode, same mtime; by a
helper process while the catalog renders, see linker.py), then changed files are replaced
and files infergen no longer produces are dropped; files it does not own are kept. The
caller validates the staged tree, then calls :meth:`Writer.commit`, which swaps both
directories in as one unit (commit.py), or :meth:`Writer.discard`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator import linker
from generator.output import faults
from generator.output.commit import COMPLETED, JOURNAL, STAGE_PREFIX, UNCHANGED, commit, discard, recover
from generator.output.fserror import FilesystemError, fs_step
from generator.output.lock import locked
from generator.output.staging import MARKER, WriteResult, apply, existing_files, owned
from generator.render.stamp import ROOTS

__all__ = ["JOURNAL", "MARKER", "ROOTS", "STAGE_PREFIX", "WriteResult", "Writer", "existing_files", "owned",
           "recover", "write_tree"]


class Writer:
    """Holds the output lock from before generation until the new tree is committed or discarded.

    On entry it repairs what an interrupted run left (``recovered`` says what) and starts
    staging the current tree in a helper process while the caller renders.
    """

    def __init__(self, out: Path, lock_timeout: float = 60.0, background: bool = True) -> None:
        self.out = out
        self.stage = out / f"{STAGE_PREFIX}{os.getpid()}"
        self._lock = locked(out, lock_timeout)
        self._background = background
        self._helper: subprocess.Popen[bytes] | None = None
        self.recovered: list[str] = []
        self.result: WriteResult | None = None
        self._made = False
        self.atomic = True  # False when the filesystem could not exchange directories in one step

    def __enter__(self) -> Writer:
        self._lock.__enter__()
        try:
            try:
                recover(self.out, self.recovered)
            except FilesystemError as exc:
                raise exc.with_state(_recovery_state(self.out, self.recovered)) from None
            try:
                with fs_step(f"creating the staging directory {self.stage.name}/ in it", self.out, exact=True):
                    faults.reach("stage.create", self.stage)
                    self.stage.mkdir()
                    self._made = True
            except FilesystemError as exc:
                raise exc.with_state(f"{UNCHANGED} Nothing was left behind.") from None
            if self._background and sys.executable:
                self._helper = _start_helper(self.out, self.stage)
        except BaseException:
            if self._made:  # never a stage of the same name that a pending journal still needs
                discard(self.stage)
            self._lock.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._stop_helper()
            if not (self.out / JOURNAL).exists():  # else a commit broke off: the next run needs the stage
                discard(self.stage)
        finally:
            self._lock.__exit__(None, None, None)

    def _stop_helper(self) -> None:
        helper, self._helper = self._helper, None
        if helper is not None and helper.poll() is None:
            helper.kill()
            helper.wait()

    def stage_files(self, files: dict[str, str], on_disk: frozenset[str] = frozenset()) -> WriteResult:
        """Make the stage hold exactly ``files`` plus the files infergen does not own.

        ``on_disk`` names files the caller has just read and found equal to what it wants, so
        they are not read again. A filesystem fault discards the stage and raises
        :class:`FilesystemError`; the output is untouched.
        """
        helper, self._helper = self._helper, None
        try:
            if helper is None or helper.wait() != 0:
                shutil.rmtree(self.stage, ignore_errors=True)
                with fs_step("linking the current tree into the staging directory"):
                    self.stage.mkdir(exist_ok=True)
                    linker.link_tree(str(self.out), str(self.stage), ROOTS)
            self.result = apply(self.stage, {k: v.encode() for k, v in files.items()}, on_disk)
        except FilesystemError as exc:
            discard(self.stage)
            raise exc.with_state(f"{UNCHANGED} Nothing was left behind.") from None
        return self.result

    def commit(self) -> WriteResult:
        """Swap the staged tree in (both directories, as one unit); a no-op when nothing changed."""
        if self.result is None:
            raise RuntimeError("commit() before stage_files()")
        if self.result.changed:
            self.atomic = commit(self.out, self.stage)
        else:
            discard(self.stage)
        return self.result

    def discard(self) -> None:
        """Drop the staged tree; the output stays as it was."""
        self._stop_helper()
        discard(self.stage)


def _recovery_state(out: Path, done: list[str]) -> str:
    """What charts/ and apps/ hold after a recovery that failed part way (``done``: what it repaired)."""
    if (out / JOURNAL).exists():
        return (f"An earlier run's interrupted write is still pending ({out / JOURNAL}): fix this, "
                "then run `infergen generate` again to complete it. Nothing else was written.")
    if COMPLETED in done:
        return ("An earlier run's interrupted write was completed first: charts/ and apps/ now hold the tree "
                "that run was writing. Nothing else was written.")
    return f"{UNCHANGED} Nothing else was written."


def _start_helper(out: Path, stage: Path) -> subprocess.Popen[bytes] | None:
    """The linking helper; None where it cannot be started (then :meth:`Writer.stage_files` links in-process)."""
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-S", linker.__file__, str(out), str(stage), str(os.getpid()), *ROOTS],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return None


def write_tree(out: Path, files: dict[str, str], lock_timeout: float = 60.0,
               on_disk: frozenset[str] = frozenset()) -> WriteResult:
    """Stage and commit ``files`` under the lock, staging in-process (no validation step)."""
    with Writer(out, lock_timeout, background=False) as writer:
        writer.stage_files(files, on_disk)
        return writer.commit()
