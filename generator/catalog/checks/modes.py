"""Checks that a model's settings fit its serving mode, and the mode's own checks."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import modes
from generator.catalog.checks import Issue, model_check
from generator.spec import Catalog, Model


@model_check
def mode_checks(model: Model, catalog: Catalog) -> Iterator[Issue]:
    yield from modes.of(model).checks(model, catalog)


@model_check
def mode_blocks(model: Model, _: Catalog) -> Iterator[Issue]:
    for mode in modes.modes():  # each settings block belongs to the serving mode of the same name
        if mode.schema is not None and model.settings_for(mode.name) is not None and model.serving != mode.name:
            yield Issue((mode.name,), f"{mode.name} settings given but serving is {model.serving}",
                        f"set serving: {mode.name}, or remove the {mode.name} block")
    if model.workload != "Deployment" and not modes.of(model).owns_workload:
        owners = ", ".join(m.name for m in modes.modes() if m.owns_workload)
        yield Issue(("workload",), f"workload applies to serving: {owners} only, not {model.serving}",
                    "remove workload")
