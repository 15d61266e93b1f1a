"""Strict schemas of every custom kind infergen emits, shipped with the package.

One gzip'd JSON file per upstream release (``<project>-<version>.json.gz``), converted from
the upstream CRDs by :mod:`generator.lint.bundled.refresh`; SOURCES.md records repository,
tag, commit and licence. The catalog picks the release with its ``cluster.*Version`` fields.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SOURCES: dict[str, dict[str, Any]] = json.loads((HERE / "sources.json").read_text(encoding="utf-8"))["projects"]
GROUPS = {group: project for project, meta in SOURCES.items() for group in meta["groups"]}


def versions(project: str) -> list[str]:
    """The releases bundled for ``project``, oldest first."""
    return sorted(SOURCES[project]["releases"], key=lambda v: tuple(int(p) for p in v.split(".")))


@cache  # asked three times per model while a catalog loads
def latest(project: str) -> str:
    """The newest bundled release of ``project``."""
    return versions(project)[-1]


def bundle_file(project: str, version: str) -> Path:
    """Where the bundle of one release lives."""
    return HERE / f"{project}-{version}.json.gz"


@cache
def _bundle(project: str, version: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(gzip.decompress(bundle_file(project, version).read_bytes()))
    return loaded


def schema(api_version: str, kind: str, pinned: dict[str, str]) -> tuple[dict[str, Any], str] | None:
    """(schema, origin) for a custom kind, from the release ``pinned[project]`` (default: newest).

    None when no bundled project owns the API group or the release lacks the kind.
    """
    project = GROUPS.get(api_version.rpartition("/")[0])
    if project is None:
        return None
    version = pinned.get(project) or latest(project)
    if version not in SOURCES[project]["releases"]:
        return None
    found = _bundle(project, version).get(f"{api_version}\n{kind}")
    return (found, f"bundled {project} {version}") if found is not None else None
