"""Atomic directory exchange with Linux ``renameat2(RENAME_EXCHANGE)``, and a fallback."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2() -> object | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_FN = _renameat2()


def exchange(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``; the old ``target`` (if any) ends up at ``new``.

    One atomic syscall where the kernel and filesystem support it. Elsewhere two renames,
    which leave ``target`` missing for an instant (never half-filled).
    """
    if not target.exists():
        os.rename(new, target)
        return
    if _FN is not None:
        rc = _FN(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE)  # type: ignore[operator]
        if rc == 0:
            return
    aside = new.with_name(new.name + ".old")
    os.rename(target, aside)
    os.rename(new, target)
    os.rename(aside, new)
