"""Schema lookup and compiled-validator cache.

Lookup order per (apiVersion, kind): the strict Kubernetes schemas shipped by
``kubernetes-validate`` (newest version ≤ the requested one), then ``--crd`` files, then
each schema location in order, then the custom kinds bundled with infergen
(:mod:`generator.lint.bundled`, the release the configuration pins): what the user names wins.
Validators are compiled with jsonschema_rs once per kind.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from generator.lint import bundled
from generator.lint.config import LintConfig, default_cache_dir, version_key
from generator.lint.crds import DEFS_URI, schemas_from_crd_paths
from generator.lint.documents import LintInputError
from generator.lint.locations import LocationFetcher, SchemaFetchError, expand

_DIR = re.compile(r"^v(\d+)\.(\d+)\.\d+-local-strict$")


@cache
def builtin_dir(kube_version: str) -> Path:
    """The newest shipped ``*-local-strict`` directory not newer than ``kube_version``."""
    import kubernetes_validate

    root = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    found = sorted(((int(m[1]), int(m[2])), p) for p in root.iterdir() if (m := _DIR.match(p.name)))
    wanted = version_key(kube_version)
    older = [p for key, p in found if key <= wanted]
    return older[-1] if older else found[0][1]


def _file_name(api_version: str, kind: str) -> str:
    # rbac.authorization.k8s.io/v1 -> rbac-v1, like kubernetes_validate.validate
    suffix = re.sub(r"^([^./]*)(?:[.][^/]*)?/", r"\1-", api_version)
    return f"{kind.lower()}-{suffix}.json"


class SchemaStore:
    """Finds and compiles schemas; ``validator()`` returns None when no schema exists."""

    def __init__(self, config: LintConfig) -> None:
        self.config = config
        self.fetcher = LocationFetcher(config.cache_dir or default_cache_dir())
        self._validators: dict[tuple[str, str], Any] = {}
        self._crds: dict[tuple[str, str], dict[str, Any]] | None = None
        self._registry: Any = None
        self.origin: dict[tuple[str, str], str] = {}

    @property
    def registry(self) -> Any:
        if self._registry is None:
            defs = json.loads((builtin_dir(self.config.kube_version) / "_definitions.json").read_bytes())
            self._registry = jsonschema_rs.Registry([(DEFS_URI, defs)])
        return self._registry

    def validator(self, api_version: str, kind: str) -> Any:
        """Compiled validator for the kind, None when missing; raises SchemaFetchError."""
        key = (api_version, kind)
        if key not in self._validators:
            schema = self._find(api_version, kind)
            self._validators[key] = (
                None if schema is None else jsonschema_rs.Draft202012Validator(schema, registry=self.registry)
            )
        return self._validators[key]

    def _find(self, api_version: str, kind: str) -> dict[str, Any] | None:
        path = builtin_dir(self.config.kube_version) / _file_name(api_version, kind)
        if path.is_file():
            schema: dict[str, Any] = json.loads(path.read_bytes())
            group = api_version.rpartition("/")[0]
            # "serving.knative.dev/v1" maps to the same file name as a built-in "serving/v1"
            if any(g.get("group") == group for g in schema.get("x-kubernetes-group-version-kind", [])):
                self.origin[(api_version, kind)] = str(path)
                return schema
        crd = self.crd_schemas().get((api_version, kind))
        if crd is not None:
            self.origin[(api_version, kind)] = "crd"
            return crd
        for location in self.config.schema_locations:
            try:
                where = expand(location, kind, api_version, self.config.kube_version)
            except ValueError as exc:
                raise LintInputError(str(exc)) from exc
            found = self.fetcher.fetch(where)
            if found is not None:
                self.origin[(api_version, kind)] = where
                return found
        found_bundled = bundled.schema(api_version, kind, dict(self.config.releases))
        if found_bundled is not None:
            self.origin[(api_version, kind)] = found_bundled[1]
            return found_bundled[0]
        return None

    def crd_schemas(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Schemas from ``config.crds``, loaded on first use."""
        if self._crds is None:
            self._crds = (schemas_from_crd_paths(self.config.crds, self.config.cache_dir or default_cache_dir())
                          if self.config.crds else {})
        return self._crds


__all__ = ["SchemaFetchError", "SchemaStore", "builtin_dir"]
