"""The contract between the chart renderer and the serving modes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ModePlan:
    """What a serving mode contributes to a chart."""

    values: dict[str, Any]
    templates: tuple[str, ...]  # paths under templates/chart/, *.jinja rendered, others copied
    context: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    status_kinds: str = "pods"
