"""Named points in the writer where tests inject faults: an OSError, a SIGKILL, any hook.

Every step that changes the output directory calls :func:`reach` with its name and the path
it is about to touch. Unarmed, a point costs one dict test. A test arms a point with a hook
(:func:`armed`), which may raise (``OSError(errno.ENOSPC)``, EACCES...) or kill the process,
so a fault lands deterministically at each step instead of at a random instant.
"""

from __future__ import annotations

import errno
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Hook = Callable[[str, str], None]

POINTS = (
    "stage.create",            # making .infergen-stage-<pid>/
    "stage.write",             # each changed or new file written into the stage
    "stage.remove",            # each file no longer produced, removed from the stage
    "commit.journal",          # writing .infergen-journal, before anything is exchanged
    "commit.exchange.charts",  # the first exchange
    "commit.exchange.apps",    # the second exchange: exactly between the two
    "swap.fallback.aside",     # fallback (no RENAME_EXCHANGE): old tree renamed aside, target missing
    "swap.fallback.placed",    # fallback: new tree at target, old tree still aside
    "swap.fallback.undo",      # fallback: each rename undone after a failure
    "commit.rollback",         # undoing an exchange after a failure
    "commit.journal.remove",   # both exchanged; removing the journal
    "commit.cleanup",          # removing the stage, which now holds the old tree
    "discard",                 # removing a stage that is not committed
    "recover",                 # the next run completing an interrupted commit
    "recover.cleanup",         # the next run removing a stale stage
)

_armed: dict[str, Hook] = {}


def reach(name: str, path: object = "") -> None:
    """Run the hook armed at ``name``, if any."""
    if _armed:
        hook = _armed.get(name)
        if hook is not None:
            hook(name, str(path))


@contextmanager
def armed(name: str, hook: Hook) -> Iterator[None]:
    """Arm ``hook`` at point ``name`` for the duration of the block."""
    if name not in POINTS:
        raise ValueError(f"unknown fault point {name!r}")
    _armed[name] = hook
    try:
        yield
    finally:
        _armed.pop(name, None)


def arm(name: str, hook: Hook) -> None:
    """Arm for the rest of the process (used by a subprocess that is about to be killed)."""
    if name not in POINTS:
        raise ValueError(f"unknown fault point {name!r}")
    _armed[name] = hook


def oserror(code: int) -> Hook:
    """A hook raising ``OSError(code)`` for the path the point is about to touch."""

    def hook(_name: str, path: str) -> None:
        raise OSError(code, os.strerror(code), path)

    return hook


def sigkill(_name: str = "", _path: str = "") -> None:
    """A hook that ends the process as ``kill -9`` would: no cleanup, no finally blocks."""
    os.kill(os.getpid(), signal.SIGKILL)


ENOSPC = oserror(errno.ENOSPC)
