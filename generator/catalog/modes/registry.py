"""The one registry of serving modes: built-ins found by module, plugins by entry point or :func:`register`."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Mapping
from importlib import metadata
from typing import Any

from generator import spec as s
from generator.catalog.modes.protocol import ServingMode

ENTRY_POINTS = "infergen.modes"
# The package whose modules register the built-in modes (helpers among them register nothing);
# module name order is the schema enum's.
BUILTIN = "generator.render.modes"

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
