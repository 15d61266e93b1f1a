"""What a semantic check yields: a problem at a path of the model (or of the catalog)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.findings import Severity

Path = tuple[Any, ...]


@dataclass(frozen=True)
class Issue:
    path: Path
    message: str
    hint: str | None = None
    model: int | None = None  # index into catalog.models; None: path is absolute
    severity: Severity = Severity.ERROR
