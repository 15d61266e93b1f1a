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

from generator.catalog.modes.protocol import POD_FIELDS, Explanation, ModePlan, Schema, ServingMode, snake
from generator.catalog.modes.registry import (
    BUILTIN,
    ENTRY_POINTS,
    generation,
    get,
    modes,
    names,
    of,
    register,
    settings_fields,
    unregister,
    with_default_settings,
)

__all__ = ["BUILTIN", "ENTRY_POINTS", "POD_FIELDS", "Explanation", "ModePlan", "Schema", "ServingMode", "generation",
           "get", "modes", "names", "of", "register", "settings_fields", "snake", "unregister",
           "with_default_settings"]
