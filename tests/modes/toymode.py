"""A serving mode defined outside the package: what a plugin author writes (one module + one template).

``serving: toy`` serves a fixed greeting from a ConfigMap; its ``toy`` block has a schema, a
settings type and a check of its own. Registering it (``register(MODE)``, or an entry point in
the ``infergen.modes`` group) is all it takes: the schema, the loader, the checks, the chart
renderer, the report, explain and the Argo CD Application pick it up from the registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from generator import spec as s
from generator.catalog.issue import Issue
from generator.catalog.modes import Explanation, ModePlan, ServingMode

TEMPLATES = Path(__file__).parent / "toy"


@dataclass(frozen=True)
class Toy:
    greeting: str = "hello"
    copies: int = 1


class ToyMode(ServingMode):
    name = "toy"
    summary = "a greeting in a ConfigMap"
    schema: ClassVar[dict[str, Any]] = {"type": "object", "description": "Toy settings.", "additionalProperties": False,
              "properties": {"greeting": {"type": "string", "minLength": 1, "description": "What it says."},
                             "copies": {"type": "integer", "minimum": 1, "maximum": 3, "default": 1,
                                        "description": "How many ConfigMaps."}}}
    settings_type = Toy
    template_root = TEMPLATES

    def checks(self, model: s.Model, catalog: s.Catalog) -> Iterable[Issue]:
        toy: Toy = model.settings_for(self.name)
        if toy.greeting.lower() == "goodbye":
            yield Issue(("toy", "greeting"), "a toy never says goodbye", "say hello")

    def plan(self, model: s.Model, catalog: s.Catalog) -> ModePlan:
        toy: Toy = model.settings_for(self.name)
        values: dict[str, Any] = {"nameOverride": "", "fullnameOverride": "", "greeting": toy.greeting,
                                  "copies": toy.copies}
        return ModePlan(values=values, templates=("templates/greeting.yaml.jinja",),
                        notes=(f"It says {toy.greeting}.",), status_kinds="configmaps")

    def title(self, model: s.Model) -> str:
        return "Toy greeting"

    def autoscaler(self, model: s.Model) -> str:
        return "none"

    def exposure(self, model: s.Model) -> str:
        return "a ConfigMap to read"

    def explain(self, model: s.Model) -> Mapping[str, Explanation]:
        return {"ConfigMap": Explanation("serving: toy", ("serving", "toy"))}

    def sync_options(self, model: s.Model) -> list[str]:
        return ["ServerSideApply=true"]

    def ignore_differences(self, model: s.Model) -> list[dict[str, Any]]:
        return [{"group": "", "kind": "ConfigMap", "jsonPointers": ["/metadata/annotations"]}]

    def health_checks(self) -> Mapping[str, str]:
        return {"_ConfigMap": 'return {status = "Healthy", message = "a toy is always healthy"}\n'}


MODE = ToyMode()
