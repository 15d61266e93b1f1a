"""Atomic directory exchange with Linux ``renameat2(RENAME_EXCHANGE)``, and a detected fallback."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
from collections.abc import Callable
from pathlib import Path

from generator.output import faults

_AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/include/uapi/linux/fs.h
# the kernel or filesystem cannot exchange: only these fall back to renames
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP})

Renameat2 = Callable[[int, bytes, int, bytes, int], int]


def _renameat2() -> Renameat2 | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_FN: Renameat2 | None = _renameat2()


def exchange(new: Path, target: Path) -> bool:
    """Put ``new`` at ``target``; the old ``target`` (if any) ends up at ``new``.

    Returns True when that took one atomic step: the ``renameat2`` RENAME_EXCHANGE syscall
    (or one rename onto a missing ``target``). Where the kernel or filesystem cannot
    exchange, three renames, which leave ``target`` missing for an instant (never
    half-filled), and False so the caller can say so. Any other failure raises OSError, with
    ``target`` and ``new`` as they were (a failing fallback undoes its renames first).
    """
    if not target.exists():
        os.rename(new, target)
        return True
    if _FN is not None:
        if _FN(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), RENAME_EXCHANGE) == 0:
            return True
        code = ctypes.get_errno()
        if code not in _UNSUPPORTED:
            raise OSError(code, os.strerror(code), str(target))
    _three_renames(new, target, new.with_name(new.name + ".old"))
    return False


def _three_renames(new: Path, target: Path, aside: Path) -> None:
    """``target`` → ``aside``, ``new`` → ``target``, ``aside`` → ``new``; a failure undoes what was done.

    So a fallback that fails leaves the old tree at ``target``, as a failed exchange does. A kill
    between the renames leaves ``target`` missing or new, and the old tree in ``aside``: the
    commit journal records the inodes, and recovery (commit.py) finishes the job.
    """
    os.rename(target, aside)
    try:
        faults.reach("swap.fallback.aside", target)  # target missing, old tree in aside
        os.rename(new, target)
    except BaseException:
        _undo(("swap.fallback.undo", aside, target))
        raise
    try:
        faults.reach("swap.fallback.placed", target)  # new tree at target, old tree still in aside
        os.rename(aside, new)
    except BaseException:
        _undo(("swap.fallback.undo", target, new), ("swap.fallback.undo", aside, target))
        raise


def _undo(*steps: tuple[str, Path, Path]) -> None:
    """Reverse completed renames, newest first; a failure here propagates (the caller's journal then repairs)."""
    for point, src, dst in steps:
        faults.reach(point, src)
        os.rename(src, dst)
