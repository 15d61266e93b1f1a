"""The catalog's JSON Schema (2020-12), built in code and exported to ``schemas/catalog.schema.json``.

Sections that belong to one serving mode live in ``schema_modes.py``.
"""

from __future__ import annotations

import json

from generator import spec as s
from generator.catalog import modes
from generator.catalog.schema_environments import ENVIRONMENTS, MODEL_ENVIRONMENTS, model_override
from generator.catalog.schema_modes import TORCHSERVE
from generator.declare.field import block
from generator.declare.parts import (
    Schema,
    boolean,
    dns_label,
    enum,
    integer,
    obj,
    string,
    string_list,
)
from generator.lint import bundled

SCHEMA_ID = "https://infergen.io/schemas/catalog.schema.json"


def _release(project: str, description: str) -> dict[str, object]:
    """A ``cluster.*Version`` field: one of the releases whose schemas infergen ships."""
    known = bundled.versions(project)
    return enum(f"{description}. Bundled: {', '.join(known)}.", known, type="string", default=bundled.latest(project),
                **{"x-hint": "quote it (\"0.20\", not 0.20); a release infergen bundles no schemas for is refused"})

# the cluster and the serving modes' blocks are not spec declarations: their schemas live here
MODEL_PROPERTIES: dict[str, Schema] = block(s.Model, "", given={
    "cluster": obj("Facts about the target cluster.", {
        "kubernetesVersion": string("Kubernetes minor version.", pattern=r"^1\.[0-9]+$", default="1.33",
                                    **{"x-expected": "a Kubernetes minor version such as \"1.33\""}),
        "kserveVersion": _release("kserve", "KServe minor version (0.15 and earlier use Serverless/RawDeployment); "
                                  "picks the InferenceService schema and runtimes"),
        "knativeVersion": _release("knative", "Knative Serving minor version; picks the Service schema"),
        "argocdVersion": _release("argocd", "Argo CD minor version; picks the Application and AppProject schemas"),
        "knative": obj("Knative Serving config.", {
            "features": string_list("config-features flags set to enabled.", {"type": "string", "pattern": (
                                    r"^(kubernetes|multi-container|secure-pod-defaults|tag-header|queueproxy)[a-z.-]*$")},
                                  examples=[["kubernetes.podspec-nodeselector",
                                             "kubernetes.podspec-tolerations"]]),
            "allowZeroInitialScale": boolean("config-autoscaler allow-zero-initial-scale.", False),
            "maxRevisionTimeoutSeconds": integer("config-defaults max-revision-timeout-seconds.", 1, default=600),
            "dataPlaneNamespaces": string_list(
                "Namespaces of Knative's activator/autoscaler and ingress gateway; NetworkPolicies admit them.",
                dns_label("Namespace."), default=["knative-serving", "kourier-system"], minItems=1),
        }),
    }),
    # here: the serving modes' settings blocks (model_properties)
    "torchserve": TORCHSERVE,
})["properties"]

CLAIM = block(s.Claim, "A PersistentVolumeClaim shared by models in one namespace.")


def model_properties() -> dict[str, Schema]:
    """:data:`MODEL_PROPERTIES` with the registered serving modes: the enum and each mode's settings block."""
    registered = modes.modes()
    out: dict[str, Schema] = {}
    for key, schema in MODEL_PROPERTIES.items():
        if key == "serving":
            schema = enum("How the model is served.", [m.name for m in registered], default="deployment")
        out[key] = schema
        if key == "cluster":
            out.update((m.name, m.schema) for m in registered if m.schema is not None)
    return out


def build_schema() -> Schema:
    """The complete catalog schema."""
    model = obj("A model: every field optional here, defaults fill the gaps.",
                {**model_properties(), "environments": MODEL_ENVIRONMENTS})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "infergen catalog",
        "description": "Every model a team serves, how it is served, scheduled, scaled, stored and exposed.",
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "argocd", "models"],
        "properties": {
            "version": enum("Catalog format version.", [1]),
            "argocd": block(s.Project, "Catalog-wide Argo CD settings."),
            "validation": block(s.Validation, "How generate and validate check rendered manifests (CLI options "
                                "add to this)."),
            "defaults": {"$ref": "#/$defs/model", "description": "Merged into every model; model values win.",
                         "properties": {"name": False, "environments": False}},
            "claims": string_list("Shared PersistentVolumeClaims.", CLAIM),
            "environments": ENVIRONMENTS,
            "models": string_list("The models.", {"$ref": "#/$defs/model", "required": ["name"]}, minItems=1),
        },
        "$defs": {"model": model, "modelOverride": model_override(model)},
    }


def schema_json() -> str:
    """The schema as it is written to ``schemas/catalog.schema.json``."""
    return json.dumps(build_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"

