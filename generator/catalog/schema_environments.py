"""Schema of ``environments:`` (deployment targets) and of a model's per-environment overrides."""

from __future__ import annotations

from generator import spec as s
from generator.declare.field import block
from generator.declare.parts import DNS_LABEL, Schema

ENV_NAME = {"type": "string", "pattern": DNS_LABEL, "maxLength": 20,
            "x-expected": "a DNS label of at most 20 characters",
            "x-hint": "it suffixes Application and AppProject names: staging, production, eu-prod"}

# A model's fields an environment may override: everything but what identifies the model or
# decides which files its chart has (name, serving mode, workload kind, TorchServe packaging).
FIXED = ("name", "serving", "workload", "torchserve", "environments")


def overrides(description: str) -> Schema:
    """A partial model deep-merged over the model, as ``defaults`` is merged under it."""
    return {"$ref": "#/$defs/modelOverride", "description": description}


def partial(schema: Schema, pointer: str) -> Schema:
    """``schema`` (at JSON pointer ``pointer``) with no required keys in nested mappings: an
    override sets any part of them. List items and map values keep theirs: a merge replaces them
    whole. Parts with nothing required are referenced, not copied.
    """
    if not _requires(schema):  # the description too, for editors that show the property's own
        return {"$ref": pointer, **({"description": schema["description"]} if "description" in schema else {})}
    out = {k: v for k, v in schema.items() if k != "required"}
    if "properties" in schema:
        out["properties"] = {k: partial(v, f"{pointer}/properties/{k}") if isinstance(v, dict) else v
                             for k, v in schema["properties"].items()}
    return out


def _requires(schema: Schema) -> bool:
    props = schema.get("properties") or {}
    return "required" in schema or any(isinstance(v, dict) and _requires(v) for v in props.values())


def model_override(model: Schema) -> Schema:
    """``$defs/modelOverride``: any part of a model but the fields fixed across environments."""
    out = partial(model, "#/$defs/model")
    out["description"] = ("Part of a model, merged over it in one environment; not its name, serving mode, "
                          "workload, TorchServe packaging or environments.")
    out["properties"] = {**out["properties"], **dict.fromkeys(FIXED, False)}
    return out


def environment() -> Schema:
    """``environments.<name>``: the declared settings of :class:`spec.Environment` and ``overrides``,
    which the loader merges into each model (a partial model, derived from ``$defs/model``)."""
    declared = block(s.Environment, "A deployment target: the cluster Argo CD deploys to and what differs there.")
    return {**declared, "properties": {**declared["properties"], "overrides": overrides(
        "Merged over every model in this environment (before the model's own environments.<name> block).")}}


ENVIRONMENTS: Schema = {
    "type": "object", "description": "Deployment targets (staging, production...): one Application per model and "
    "environment, values-<environment>.yaml per chart. Without it, one Application per model.",
    "propertyNames": ENV_NAME, "additionalProperties": environment(), "minProperties": 1,
    "examples": [{"staging": {"cluster": {"name": "staging"}, "maxReplicas": 1},
                  "production": {"cluster": {"server": "https://kubernetes.default.svc"}}}],
}

MODEL_ENVIRONMENTS: Schema = {
    "type": "object", "description": "This model's overrides per environment, merged last (they win).",
    "propertyNames": ENV_NAME,
    "additionalProperties": overrides("This model's overrides in one environment."),
    "examples": [{"staging": {"scaling": {"min": 0, "max": 1}, "ingress": {"host": "asr.staging.example.com"}}}],
}
