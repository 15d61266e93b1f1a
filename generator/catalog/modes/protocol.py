"""The serving-mode protocol: what one mode tells infergen (see :mod:`generator.catalog.modes`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from generator import spec as s
from generator.catalog.issue import Issue

Schema = dict[str, Any]
# The pod fields every mode renders into its pod template (explain lists them as a resource's sources).
POD_FIELDS = ("image", "command", "args", "ports", "env", "probes", "resources", "gpu", "nodeSelector",
              "tolerations", "affinity", "mounts", "security", "podAnnotations", "serviceAccount.name")


@dataclass(frozen=True)
class ModePlan:
    """What a serving mode contributes to a chart."""

    values: dict[str, Any]
    templates: tuple[str, ...]  # paths under the chart's template root, *.jinja rendered, others copied
    context: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    status_kinds: str = "pods"
    chart_annotations: tuple[tuple[str, str, str], ...] = ()  # Chart.yaml: (key, value, why)


@dataclass(frozen=True)
class Explanation:
    """Why a resource kind the mode creates exists, and the catalog fields it is rendered from."""

    reason: str
    fields: tuple[str, ...]


class ServingMode:
    """The plugin protocol. Subclasses set :attr:`name` and implement :meth:`plan`; the rest has defaults."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""  # one line for docs: what the mode creates
    schema: ClassVar[Schema | None] = None  # JSON Schema of the model's settings block, keyed by the mode's name
    settings_type: ClassVar[type | None] = None  # the frozen dataclass that block builds into
    owns_workload: ClassVar[bool] = False  # the chart renders the model's own Deployment/StatefulSet
    template_root: ClassVar[Path | None] = None  # where the mode's own chart templates live; None: the package's
    # whether plan() renders the model's ``rollout`` (a canary split; see generator/render/rollout.py);
    # the catalog checks refuse a rollout on a mode that does not
    canary_rollouts: ClassVar[bool] = False

    # catalog layer -------------------------------------------------------------------------------
    def settings(self, data: Mapping[str, Any] | None) -> Any:
        """The settings block (schema-valid catalog data, or None when absent) → a settings object."""
        if data is None or self.settings_type is None:
            return None
        return self.settings_type(**{snake(k): v for k, v in data.items()})

    def default_settings(self) -> Any:
        """The settings a model of this mode gets when its block is absent."""
        return self.settings_type() if self.settings_type is not None else None

    def checks(self, model: s.Model, catalog: s.Catalog) -> Iterable[Issue]:
        """Problems the schema cannot see; run only for models of this mode."""
        return ()

    # render layer --------------------------------------------------------------------------------
    def plan(self, model: s.Model, catalog: s.Catalog) -> ModePlan:
        raise NotImplementedError(f"serving mode {self.name} has no plan")

    def title(self, model: s.Model) -> str:
        """What serves the model, for Chart.yaml's description."""
        return self.name

    # report, explain, Argo CD --------------------------------------------------------------------
    def label(self, model: s.Model) -> str:
        """The report's serving column."""
        return self.name

    def autoscaler(self, model: s.Model) -> str:
        """Who sets the pod count when the model autoscales: "HPA", "Knative", ..."""
        return "HPA"

    def scales_with_keda(self, model: s.Model) -> bool:
        """Whether a KEDA ScaledObject (``scaling.keda``) may own the model's replicas: the mode then
        plans ``templates/scaledobject.yaml.jinja`` (or lets its controller create one) and its
        ``_<mode>.tpl`` defines ``<chart>.scaleTarget``, the workload the ScaledObject scales."""
        return False

    def exposure(self, model: s.Model) -> str:
        """How in-cluster clients reach the model (the report's last exposure entry)."""
        return f"serving: {self.name}"

    def explain(self, model: s.Model) -> Mapping[str, Explanation]:
        """Kind (``Kind`` or ``Kind.group``) → why the mode's own resources exist."""
        return {}

    def sync_options(self, model: s.Model) -> list[str]:
        """Extra Argo CD syncOptions, e.g. SkipDryRunOnMissingResource for custom kinds."""
        return []

    def ignore_differences(self, model: s.Model) -> list[dict[str, Any]]:
        """Argo CD ignoreDifferences for fields a controller owns."""
        return []

    def health_checks(self) -> Mapping[str, str]:
        """Argo CD ``resource.customizations.health.<group_Kind>`` Lua scripts for the mode's custom kinds."""
        return {}


def snake(name: str) -> str:
    """camelCase catalog key → snake_case field name."""
    return "".join("_" + c.lower() if c.isupper() else c for c in name)
