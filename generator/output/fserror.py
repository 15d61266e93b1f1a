"""Filesystem faults are the user's to fix: say the path, what was being done, and how."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import InfergenError

_FIXES = {
    errno.ENOSPC: "free space on the filesystem holding it, then run again",
    errno.EDQUOT: "free space or raise the disk quota, then run again",
    errno.EACCES: "make it writable by this user (owner and mode), then run again",
    errno.EPERM: "make it writable: check owner and mode, and `lsattr` for an immutable flag "
                 "(`chattr -i`), then run again",
    errno.EROFS: "the filesystem is mounted read-only: use a writable --out",
    errno.EMLINK: "too many links or entries in that directory: fix the filesystem, then run again",
}


class FilesystemError(InfergenError):
    """An OSError from the filesystem, as a message: path, step, cause, fix and the state left."""

    def __init__(self, doing: str, exc: OSError, path: Path | str | None = None, state: str = "",
                 exact: bool = False) -> None:
        self.exc = exc
        self.errno = exc.errno
        self.path = str(path if exact and path is not None else exc.filename or path or "")
        self.doing = doing
        self.state = state
        cause = exc.strerror or str(exc)
        fix = _FIXES.get(exc.errno or 0, "fix the cause, then run again")
        text = f"{self.path}: {doing}: {cause} (hint: {fix})"
        super().__init__(f"{text}\n{state}" if state else text)

    def with_state(self, state: str) -> FilesystemError:
        """The same error, saying what charts/ and apps/ hold now."""
        return FilesystemError(self.doing, self.exc, self.path, state, exact=True)


@contextmanager
def fs_step(doing: str, path: Path | str | None = None, exact: bool = False) -> Iterator[None]:
    """Turn an OSError raised inside into a :class:`FilesystemError` about the file it names, else ``path``.

    ``exact``: name ``path`` even so (the directory to fix when creating an entry in it fails).
    """
    try:
        yield
    except FilesystemError:
        raise
    except OSError as exc:
        raise FilesystemError(doing, exc, path, exact=exact) from None
