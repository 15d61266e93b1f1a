"""Findings: the one result type every checker produces and every reporter prints."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, located as precisely as the checker can.

    ``file``/``line``/``column`` point into the catalog or a manifest file when known;
    ``resource`` is ``Kind/namespace/name`` for manifest findings; ``path`` is the field
    path (``models[3].gpu.count`` or ``spec.template.spec.containers[0].image``).
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    rule: str = "catalog"
    severity: Severity = Severity.ERROR
    hint: str | None = None
    resource: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        subject = " ".join(x for x in (self.resource, self.path) if x)
        tag = "" if self.rule == "catalog" and self.severity is Severity.ERROR else (
            f"{self.severity.value}[{self.rule}] "
        )
        text = f"{where}: {tag}{subject}: {self.message}" if subject else f"{where}: {tag}{self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


def has_errors(findings: list[Finding], strict: bool = False) -> bool:
    """True when a finding should fail the run (warnings too under ``strict``)."""
    return any(f.severity is Severity.ERROR or strict for f in findings)
