"""kubeconform-compatible schema locations: templated directories, files and URLs.

Semantics follow kubeconform's ``schemaPath``: ``{{.Group}}`` is the part of apiVersion
before the slash (``v1`` for the core group, as in kubeconform), ``{{.ResourceKind}}`` the
lowercase kind, ``{{.ResourceAPIVersion}}`` the version, ``{{.KindSuffix}}`` ``-<group's
first label>-<version>``, ``{{.NormalizedKubernetesVersion}}`` ``v1.33.0`` and
``{{.StrictSuffix}}`` always ``-strict`` (we validate strictly). A location not ending in
``json`` gets kubeconform's default layout appended. URLs are fetched once and cached on
disk; HTTP 404 means "not here, try the next location".
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from generator.errors import InputError

_LAYOUT = ("/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}"
           "/{{ .ResourceKind }}{{ .KindSuffix }}.json")
DEFAULT = "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master" + _LAYOUT
_VAR = re.compile(r"\{\{\s*\.(\w+)\s*\}\}")


class SchemaFetchError(InputError):
    """A location that exists but could not be read (network error, bad JSON)."""


def normalize_kube_version(version: str) -> str:
    """``1.33`` / ``v1.33`` → ``1.33.0``; ``master`` stays."""
    version = version.removeprefix("v")
    return version if version == "master" or version.count(".") >= 2 else f"{version}.0"


def expand(location: str, kind: str, api_version: str, kube_version: str) -> str:
    """The concrete path or URL for one resource; raises ValueError on unknown variables."""
    if location == "default":
        location = DEFAULT
    elif not location.endswith("json"):
        location = location.rstrip("/") + _LAYOUT
    version = normalize_kube_version(kube_version)
    group_parts = api_version.split("/")
    suffix = "-" + group_parts[0].split(".")[0].lower()
    if len(group_parts) > 1:
        suffix += "-" + group_parts[1].lower()
    values = {
        "NormalizedKubernetesVersion": version if version == "master" else "v" + version,
        "StrictSuffix": "-strict",
        "ResourceKind": kind.lower(),
        "ResourceAPIVersion": group_parts[-1],
        "Group": group_parts[0],
        "KindSuffix": suffix,
    }

    def sub(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise ValueError(f"schema location {location!r}: unknown variable {match.group(0)}")
        return values[match.group(1)]

    return _VAR.sub(sub, location)


class LocationFetcher:
    """Reads schemas from locations; remote ones go through an on-disk cache."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.requests = 0  # for tests and diagnostics

    def fetch(self, where: str) -> dict[str, Any] | None:
        """The schema at ``where`` or None when it does not exist."""
        if where.startswith(("http://", "https://")):
            return self._remote(where)
        path = Path(where.removeprefix("file://"))
        if not path.is_file():
            return None
        return self._parse(path.read_bytes(), where)

    def _remote(self, url: str) -> dict[str, Any] | None:
        cached = self.cache_dir / (hashlib.sha256(url.encode()).hexdigest() + ".json")
        if cached.is_file():
            return self._parse(cached.read_bytes(), url)
        self.requests += 1
        import urllib.error  # only remote locations need it; importing costs every run ~20 ms
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                body: bytes = resp.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise SchemaFetchError(f"{url}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SchemaFetchError(f"{url}: {exc}") from exc
        schema = self._parse(body, url)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(body)
        os.replace(tmp, cached)  # atomic: concurrent runs never see half a file
        return schema

    @staticmethod
    def _parse(body: bytes, where: str) -> dict[str, Any]:
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise SchemaFetchError(f"{where}: not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise SchemaFetchError(f"{where}: schema is not an object")
        return data
