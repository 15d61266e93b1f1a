"""Checks that a model's settings fit its serving mode."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.checks import Issue, model_check
from generator.spec import Catalog, Model

_MODE_BLOCKS = ("knative", "kserve")  # each block belongs to the serving mode of the same name


@model_check
def mode_blocks(model: Model, _: Catalog) -> Iterator[Issue]:
    for block in _MODE_BLOCKS:
        if getattr(model, block) is not None and model.serving != block:
            yield Issue((block,), f"{block} settings given but serving is {model.serving}",
                        f"set serving: {block}, or remove the {block} block")
    if model.workload != "Deployment" and model.serving != "deployment":
        yield Issue(("workload",), f"workload applies to serving: deployment only, not {model.serving}",
                    "remove workload")
