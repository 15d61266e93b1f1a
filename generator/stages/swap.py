"""Atomic directory exchange with Linux ``renameat2(RENAME_EXCHANGE)``, and a detected fallback."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/include/uapi/linux/fs.h
# the kernel or filesystem cannot exchange: only these fall back to two renames
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
    exchange, two renames, which leave ``target`` missing for an instant (never
    half-filled), and False so the caller can say so. Any other failure raises OSError.
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
    aside = new.with_name(new.name + ".old")
    os.rename(target, aside)
    os.rename(new, target)
    os.rename(aside, new)
    return False
