"""Errors that stop a run: carry findings so the CLI can report them without a traceback."""

from __future__ import annotations

from generator.findings import Finding, Severity


class InfergenError(Exception):
    """Base class: the CLI prints the message and exits with ``exit_code``."""

    exit_code = 2


class CatalogError(InfergenError):
    """The catalog cannot be used; ``findings`` say where and why."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings, key=lambda f: (f.file, f.line, f.column, f.path, f.message))
        super().__init__("\n".join(str(f) for f in self.findings))


def error_at(file: str, line: int, column: int, path: str, message: str, hint: str | None = None) -> Finding:
    """A catalog error finding."""
    return Finding(file=file, line=line, column=column, path=path, message=message, hint=hint,
                   rule="catalog", severity=Severity.ERROR)
