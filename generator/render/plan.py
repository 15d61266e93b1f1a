"""The contract between the chart renderer and the serving modes (declared with the mode protocol)."""

from __future__ import annotations

from generator.catalog.modes import ModePlan

__all__ = ["ModePlan"]
