"""The built-in serving modes, one module each; each registers a :class:`~generator.catalog.modes.ServingMode`."""

from __future__ import annotations

from generator import spec as s
from generator.catalog import modes
from generator.catalog.modes import ModePlan


def plan_for(model: s.Model, catalog: s.Catalog) -> ModePlan:
    """The plan of ``model``'s serving mode."""
    return modes.of(model).plan(model, catalog)
