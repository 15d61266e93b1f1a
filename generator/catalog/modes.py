"""Serving modes as plugins: the protocol every mode implements and the one registry of them.

A mode is one object (a :class:`ServingMode` subclass instance) that says everything infergen
needs to know about it: its catalog name and settings block (schema + settings type), its
semantic checks, its resource plan (values and which chart templates exist), and what the
report, ``infergen explain`` and the Argo CD Application say about it. The catalog schema's
``serving`` enum, the spec builder, the checks, the chart renderer, the report, the
Applications and explain all look the model's mode up here; none of them names a mode.

The registry lives in the catalog layer because the schema, the builder and the checks need
it; a mode's plan uses the render layer, so the built-in modes live in
``generator/render/modes/`` and are imported by name on the first lookup (like a plugin found
through the ``infergen.modes`` entry-point group), never by a module of a lower layer:
adding a built-in mode is adding one module there (plus its templates).
Another mode registers with :func:`register` (a test does that) or through that entry-point
group, whose entry points name a :class:`ServingMode` instance.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

from generator import spec as s
from generator.catalog.issue import Issue

ENTRY_POINTS = "infergen.modes"
# The package whose modules register the built-in modes (helpers among them register nothing);
# module name order is the schema enum's.
BUILTIN = "generator.render.modes"
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


_REGISTRY: dict[str, ServingMode] = {}
_loaded = False
_generation = 0  # bumped by every registration; caches of the schema key on it


def register(mode: ServingMode) -> ServingMode:
    """Add ``mode`` (or replace the one of the same name); returns it."""
    global _generation
    if not mode.name:
        raise ValueError(f"{type(mode).__name__} has no name")
    _REGISTRY[mode.name] = mode
    _generation += 1
    return mode


def unregister(name: str) -> None:
    """Remove a registered mode (tests clean up with it)."""
    global _generation
    if _REGISTRY.pop(name, None) is not None:
        _generation += 1


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    package = importlib.import_module(BUILTIN)
    for found in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        importlib.import_module(f"{BUILTIN}.{found.name}")
    for entry in metadata.entry_points(group=ENTRY_POINTS):
        found = entry.load()
        register(found() if isinstance(found, type) else found)


def modes() -> tuple[ServingMode, ...]:
    """Every registered mode: the built-ins by module name (whoever imported them first), then the rest in order."""
    _load()

    def key(entry: tuple[int, ServingMode]) -> tuple[bool, str, int]:
        module = type(entry[1]).__module__
        builtin = module.startswith(BUILTIN + ".")
        return (not builtin, module if builtin else "", entry[0])

    return tuple(mode for _, mode in sorted(enumerate(_REGISTRY.values()), key=key))


def names() -> list[str]:
    return [m.name for m in modes()]


def get(name: str) -> ServingMode:
    """The mode called ``name``; KeyError when none is registered (the schema rejects such catalogs)."""
    _load()
    return _REGISTRY[name]


def of(model: s.Model) -> ServingMode:
    return get(model.serving)


def generation() -> int:
    _load()
    return _generation


def settings_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Model keyword arguments for the settings blocks ``data`` (one merged model) holds.

    A built-in mode with a typed field of :class:`spec.Model` fills that field; the others go
    to ``mode_settings``.
    """
    found = [(m.name, m.settings(data[m.name])) for m in modes() if m.schema is not None and m.name in data]
    out: dict[str, Any] = {name: value for name, value in found if name in s.MODE_FIELDS}
    out["mode_settings"] = tuple((name, value) for name, value in found if name not in s.MODE_FIELDS)
    return out


def with_default_settings(model: s.Model) -> s.Model:
    """``model`` with its own mode's settings filled in when the catalog left the block out."""
    mode = of(model)
    if model.settings_for(mode.name) is not None:
        return model
    default = mode.default_settings()
    if default is None:
        return model
    if mode.name in s.MODE_FIELDS:
        return dataclasses.replace(model, **{mode.name: default})
    return dataclasses.replace(model, mode_settings=(*model.mode_settings, (mode.name, default)))


def snake(name: str) -> str:
    """camelCase catalog key → snake_case field name."""
    return "".join("_" + c.lower() if c.isupper() else c for c in name)
