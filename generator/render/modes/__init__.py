"""One module per serving mode; each turns a model into a :class:`ModePlan`."""

from __future__ import annotations

from generator import spec as s
from generator.render.plan import ModePlan


def plan_for(model: s.Model, catalog: s.Catalog) -> ModePlan:
    """The plan of ``model``'s serving mode."""
    if model.serving == "deployment":
        from generator.render.modes.deployment import plan
    elif model.serving == "knative":
        from generator.render.modes.knative import plan
    else:
        from generator.render.modes.kserve import plan
    return plan(model, catalog)

