"""Admission facts ported from upstream validation code (limits, grammars, reserved names).

Each module names its origin (repository, path, function, release tag). The lint rules
(``generator/lint/rules``) apply them to rendered manifests; nothing here knows about
documents or the catalog, so both entry points share one implementation of each fact.
"""
