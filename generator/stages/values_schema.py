"""``values.schema.json``: derived from the chart's own values so Helm rejects a bad override.

Top-level and known sections are closed (a misspelt override key fails); free-form maps
(labels, annotations, nodeSelector) and Kubernetes fragments stay open.
"""

from __future__ import annotations

from typing import Any

from generator.stages.values_docs import DOCS

# Kubernetes-shaped values rendered with toYaml: their inner shape is checked by the
# Kubernetes schemas at validate time, so here they are only typed.
_OPEN = {"commonLabels", "commonAnnotations", "podAnnotations", "nodeSelector", "affinity", "resources",
         "readinessProbe", "livenessProbe", "startupProbe", "podSecurityContext", "securityContext",
         "annotations", "behavior", "labels", "rateLimit", "knativeAnnotations", "env", "volumes",
         "volumeMounts", "tolerations", "ingress", "predictor", "serviceAccountAnnotations"}
_QUANTITY = r"^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$"


def values_schema(values: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema (draft-07, which Helm understands) for ``values``."""
    schema = _infer(values, "")
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "Values"
    return schema


def _infer(value: Any, path: str) -> dict[str, Any]:
    key = path.rsplit(".", 1)[-1]
    doc = DOCS.get(path.lstrip("."))
    out: dict[str, Any] = {"description": doc} if doc else {}
    if key in ("minAvailable", "maxUnavailable"):
        out.update({"type": ["integer", "string"], "pattern": "^[0-9]+%?$", "minimum": 0})
    elif isinstance(value, bool):
        out["type"] = "boolean"
    elif isinstance(value, int):
        out.update({"type": "integer", "minimum": 0})
    elif isinstance(value, float):
        out["type"] = "number"
    elif isinstance(value, str):
        out["type"] = "string"
    elif isinstance(value, list):
        out["type"] = "array"
    elif value is None:
        out["type"] = "null"
    elif key in _OPEN:
        out["type"] = "object"
        if key == "resources":
            quantity = {"type": ["string", "integer", "number"], "pattern": _QUANTITY}
            out["properties"] = {k: {"type": "object", "additionalProperties": quantity}
                                 for k in ("requests", "limits")}
    else:
        out.update({"type": "object", "additionalProperties": False,
                    "properties": {k: _infer(v, f"{path}.{k}") for k, v in value.items()}})
    return out
