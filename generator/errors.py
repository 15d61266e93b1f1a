"""One error model: every error that stops a run is an :class:`InfergenError` carrying an :class:`Exit`.

The CLI prints the message (no traceback) and exits with the error's ``exit``; README's
"Exit codes" sentence lists the same table (tests/test_errors.py holds them together).
"""

from __future__ import annotations

from enum import IntEnum

from generator.findings import Finding, Severity


class Exit(IntEnum):
    """Process exit statuses, the same for every command."""

    OK = 0  # clean
    FINDINGS = 1  # findings at error level (warnings under --strict), stale output, a diff with --exit-code
    INPUT = 2  # unreadable input, bad usage, filesystem or network fault: the user's to fix
    INTERNAL = 3  # a bug: an exception no stage put words to
    INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C or an aborted prompt
    BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of stdout went away (`| head`)


class InfergenError(Exception):
    """Base class: the CLI prints the message and exits with ``exit``."""

    exit: Exit = Exit.INPUT


class CatalogError(InfergenError):
    """The catalog cannot be used; ``findings`` say where and why."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings, key=lambda f: (f.file, f.line, f.column, f.path, f.message))
        super().__init__("\n".join(str(f) for f in self.findings))


class InputError(InfergenError):
    """Input that cannot be read or used, at ``file`` (line 0: the whole file)."""

    def __init__(self, message: str, file: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.file = file
        self.line = line


def error_at(file: str, line: int, column: int, path: str, message: str, hint: str | None = None) -> Finding:
    """A catalog error finding."""
    return Finding(file=file, line=line, column=column, path=path, message=message, hint=hint,
                   rule="catalog", severity=Severity.ERROR)
