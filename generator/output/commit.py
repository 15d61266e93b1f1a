"""Commit a staged ``charts/`` + ``apps/`` as one unit, and repair a commit a kill broke off.

The stage holds the complete new ``charts/`` and ``apps/``. Before either is exchanged,
``.infergen-journal`` records the inodes of the old and the new directories (written to a
temporary file and renamed, so it is whole or absent). Each directory is then exchanged
with one ``renameat2`` RENAME_EXCHANGE. A failure after the first exchange undoes it before
the command returns; a kill at any instant leaves the journal, and :func:`recover`, run by
the next writer under the lock, compares inodes and completes the commit.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from generator.output import faults
from generator.output.fserror import FilesystemError, fs_step
from generator.output.swap import exchange
from generator.render.stamp import ROOTS

JOURNAL = ".infergen-journal"
STAGE_PREFIX = ".infergen-stage-"
UNCHANGED = "charts/ and apps/ are unchanged."


def commit(out: Path, stage: Path) -> bool:
    """Exchange ``stage/<root>`` with ``out/<root>`` for both roots; True if both swaps were atomic."""
    journal = out / JOURNAL
    try:
        for root in ROOTS:
            for base in (out, stage):
                with fs_step(f"creating {root}/", base / root):
                    (base / root).mkdir(exist_ok=True)
        old = {r: _inode(out / r) for r in ROOTS}
        state = {"stage": stage.name, "new": {r: _inode(stage / r) for r in ROOTS}, "old": old}
        with fs_step("writing the commit journal (before replacing anything)", journal):
            faults.reach("commit.journal", journal)
            _write_journal(journal, state)
    except FilesystemError as exc:
        discard(stage)
        raise exc.with_state(f"{UNCHANGED} Nothing was left behind.") from None
    done: list[str] = []
    atomic = True
    try:
        for root in ROOTS:
            faults.reach(f"commit.exchange.{root}", out / root)
            atomic = exchange(stage / root, out / root) and atomic
            done.append(root)
    except BaseException as exc:
        root = ROOTS[len(done)]
        state_text = _roll_back(out, stage, done, old)
        if isinstance(exc, OSError):
            raise FilesystemError(f"replacing {root}/ with the new tree", exc, out / root, state_text) from None
        raise
    try:
        faults.reach("commit.journal.remove", journal)
        journal.unlink()
    except OSError as exc:
        discard(stage, "commit.cleanup")  # the old tree: recovery needs only the journal's inodes now
        raise FilesystemError("removing the commit journal", exc, journal,
                              "charts/ and apps/ hold the new tree; the next `infergen generate` "
                              "removes the journal.") from None
    discard(stage, "commit.cleanup")
    return atomic


def _roll_back(out: Path, stage: Path, done: list[str], old: dict[str, int | None]) -> str:
    """Undo the exchanges in ``done``; say what charts/ and apps/ hold afterwards.

    The stage and the journal go only once both roots are the old directories again, inode for
    inode: an exchange that failed half way (the rename fallback whose undo failed too) may
    have left the old tree in the stage, and the journal is how the next run finds it.
    """
    try:
        for root in reversed(done):
            faults.reach("commit.rollback", out / root)
            exchange(stage / root, out / root)
        restored = all(_inode(out / r) == old[r] for r in ROOTS)
        if restored:
            (out / JOURNAL).unlink(missing_ok=True)
    except OSError:
        restored = False
    if not restored:
        return (f"charts/ and apps/ are mixed or incomplete until the next `infergen generate` completes the "
                f"write ({out / JOURNAL} records it; `infergen validate` reports the state meanwhile).")
    discard(stage, "discard")
    return UNCHANGED + " Nothing was left behind."


def discard(stage: Path, point: str = "discard") -> None:
    """Remove a stage; what cannot be removed is left for the next run, which reports it."""
    try:
        faults.reach(point, stage)
        shutil.rmtree(stage)
    except FileNotFoundError:
        pass
    except OSError:
        shutil.rmtree(stage, ignore_errors=True)


COMPLETED = "completed a write of charts/ and apps/ that an earlier run left half done"


def recover(out: Path, notes: list[str] | None = None) -> list[str]:
    """Complete a commit a killed or failed run broke off; remove stale stages. Only under the lock.

    Returns one line per repair, for the caller to report; they are appended to ``notes`` as
    they happen, so a caller whose recovery failed part way knows what it had already done.
    """
    notes = [] if notes is None else notes
    journal = out / JOURNAL
    if journal.exists():
        state = _read_journal(journal)
        if state is not None:
            notes.extend(_complete(out, state))
        with fs_step("removing the commit journal", journal):
            journal.unlink()
    for stale in sorted(out.glob(f"{STAGE_PREFIX}*")):
        with fs_step("removing a staging directory left by an interrupted run", stale):
            faults.reach("recover.cleanup", stale)
            shutil.rmtree(stale)
        notes.append(f"removed {stale.name}/, left by an interrupted run")
    for tmp in (*out.glob(f"{JOURNAL}.tmp"), *out.glob(".infergen.lock.*.tmp")):
        tmp.unlink(missing_ok=True)  # a journal or lock record cut before its rename
    return notes


def _complete(out: Path, state: dict[str, Any]) -> list[str]:
    stage = out / str(state["stage"])
    started = [r for r in ROOTS if _inode(out / r) != state["old"][r]]
    if not started:
        return ["discarded a write interrupted before it replaced anything"]
    for root in ROOTS:
        if _inode(out / root) == state["new"][root]:
            continue
        with fs_step(f"completing the interrupted replacement of {root}/", out / root):
            faults.reach("recover", out / root)
            if (out / root).exists():
                exchange(stage / root, out / root)
            elif (stage / root).exists():  # a rename fallback was cut with the old tree aside
                os.rename(stage / root, out / root)
            else:  # cut while undoing its renames: only the old tree, aside, is left
                os.rename(stage / f"{root}.old", out / root)
    return [COMPLETED]


def _write_journal(journal: Path, state: object) -> None:
    tmp = journal.with_name(journal.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(state, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, journal)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _read_journal(journal: Path) -> dict[str, Any] | None:
    """The journal's record; None for one that is not infergen's (it is only ever renamed into place whole)."""
    with fs_step("reading the commit journal", journal):
        text = journal.read_text(encoding="utf-8", errors="replace")
    try:
        state = json.loads(text)
        name = state["stage"]
        if (isinstance(name, str) and name.startswith(STAGE_PREFIX) and "/" not in name
                and all(isinstance(state.get(k), dict) and set(state[k]) >= set(ROOTS) for k in ("new", "old"))):
            return state  # type: ignore[no-any-return]
    except (ValueError, TypeError, KeyError):
        pass
    return None


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None
