"""Field access helpers shared by the rules: API group, metadata maps, nested lookups."""

from __future__ import annotations

from typing import Any

KNATIVE_GROUP = "serving.knative.dev"
KSERVE_GROUP = "serving.kserve.io"


def group_of(api_version: str) -> str:
    """The API group of ``apiVersion`` ("" for the core group)."""
    return api_version.rpartition("/")[0]


def meta(obj: dict[str, Any], key: str) -> dict[str, Any]:
    """``metadata.<key>`` as a dict (labels/annotations), {} when absent or malformed."""
    value = (obj.get("metadata") or {}).get(key) if isinstance(obj.get("metadata"), dict) else None
    return value if isinstance(value, dict) else {}


def dig(obj: Any, *keys: str) -> Any:
    """``obj[k1][k2]...``, or None where a level is missing or not a mapping."""
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj
