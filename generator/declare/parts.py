"""Small builders that keep the catalog schema readable: one call per field.

``x-hint`` is our own annotation keyword: the loader adds it to any error raised inside
that subschema, so hints live next to the constraint they explain. ``x-expected`` names
what a ``pattern`` accepts ("a Kubernetes quantity"), so a mismatch says what was wanted.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

DNS_LABEL = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
# Service names are DNS-1035 labels, a letter first: kubernetes/kubernetes
# pkg/apis/core/validation/validation.go ValidateServiceName (NameIsDNS1035Label), v1.33.0.
DNS1035_LABEL = r"^[a-z]([-a-z0-9]*[a-z0-9])?$"
# IANA service names (RFC 6335), as container and Service ports are named: at least one letter,
# no "--": kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
# IsValidPortName, v1.33.0 (the 15-character limit is the caller's maxLength).
PORT_NAME = r"^(?!.*--)(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
QUANTITY = r"^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$"
DURATION = r"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$"
# optional DNS-subdomain prefix and "/", then a name of at most 63 characters
LABEL_KEY = (r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
             r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
LABEL_VALUE = r"^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$"
REL_PATH = r"^(?!/)(?!.*(^|/)\.\.(/|$))[^\x00]+$"
ABS_PATH = r"^/(?!.*(^|/)\.\.(/|$))[^\x00]*$"

QUANTITY_HINT = "use a Kubernetes quantity such as 500m, 2, 8Gi or 512Mi (GB is not a unit; write 8G or 8Gi)"


def obj(description: str, properties: dict[str, Schema], required: list[str] | None = None,
        **extra: Any) -> Schema:
    """A closed object: unknown keys are errors (the loader adds a did-you-mean hint)."""
    schema: Schema = {"type": "object", "description": description, "properties": properties,
                      "additionalProperties": False}
    if required:
        schema["required"] = required
    schema.update(extra)
    return schema


def string(description: str, **extra: Any) -> Schema:
    return {"type": "string", "description": description, **extra}


def integer(description: str, minimum: int | None = 0, maximum: int | None = None, **extra: Any) -> Schema:
    schema: Schema = {"type": "integer", "description": description, **extra}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def boolean(description: str, default: bool) -> Schema:
    return {"type": "boolean", "description": description, "default": default}


def enum(description: str, values: list[Any], **extra: Any) -> Schema:
    return {"description": description, "enum": values, **extra}


def string_list(description: str, item: Schema | None = None, **extra: Any) -> Schema:
    return {"type": "array", "description": description, "items": item or {"type": "string"}, **extra}


def string_map(description: str, **extra: Any) -> Schema:
    return {"type": "object", "description": description,
            "propertyNames": {"pattern": LABEL_KEY, "x-expected": "a Kubernetes label key"},
            "additionalProperties": {"type": "string", "maxLength": 63, "pattern": LABEL_VALUE,
                                     "x-expected": "a Kubernetes label value"},
            "x-hint": "keys and values must be valid Kubernetes labels; quote numbers and booleans", **extra}


def annotation_map(description: str) -> Schema:
    return {"type": "object", "description": description,
            "propertyNames": {"pattern": LABEL_KEY, "x-expected": "a Kubernetes annotation key"},
            "additionalProperties": {"type": "string"},
            "x-hint": "annotation values are strings: quote numbers and booleans"}


def quantity(description: str, **extra: Any) -> Schema:
    # "pattern" binds strings only: a bare number needs its own floor (cpu: -1 passed the schema)
    return {"type": ["string", "number"], "description": description, "pattern": QUANTITY, "minimum": 0,
            "x-expected": "a Kubernetes quantity", "x-hint": QUANTITY_HINT, **extra}


def duration(description: str, **extra: Any) -> Schema:
    return {"type": "string", "description": description, "pattern": DURATION,
            "x-expected": "a Go duration", "x-hint": "a Go duration such as 90s, 10m or 1h", **extra}


def dns_label(description: str, max_length: int = 63, **extra: Any) -> Schema:
    return {"type": "string", "description": description, "pattern": DNS_LABEL, "maxLength": max_length,
            "x-expected": "a DNS-1123 label",
            "x-hint": f"lowercase letters, digits and '-', starting and ending with a letter or digit, "
                      f"at most {max_length} characters", **extra}


def rel_path(description: str, **extra: Any) -> Schema:
    return {"type": "string", "description": description, "pattern": REL_PATH, "minLength": 1,
            "x-expected": "a relative path without '..'",
            "x-hint": "a path relative to the catalog file, without '..'", **extra}


def abs_path(description: str, **extra: Any) -> Schema:
    return {"type": "string", "description": description, "pattern": ABS_PATH,
            "x-expected": "an absolute path without '..'",
            "x-hint": "an absolute path inside the container, without '..'", **extra}
