"""The catalog's JSON Schema (2020-12), built in code and exported to ``schemas/catalog.schema.json``.

Sections that belong to one serving mode live in ``schema_modes.py``.
"""

from __future__ import annotations

import json

from generator import spec as s
from generator.catalog.schema_modes import KNATIVE, KSERVE, TORCHSERVE
from generator.catalog.schema_parts import (
    DNS1035_LABEL,
    Schema,
    annotation_map,
    boolean,
    dns_label,
    enum,
    integer,
    obj,
    string,
    string_list,
    string_map,
)
from generator.declare.field import block
from generator.lint import bundled
from generator.spec import CONFIG_MAP, PORT, TOLERATION

SCHEMA_ID = "https://infergen.io/schemas/catalog.schema.json"


def _release(project: str, description: str) -> dict[str, object]:
    """A ``cluster.*Version`` field: one of the releases whose schemas infergen ships."""
    known = bundled.versions(project)
    return enum(f"{description}. Bundled: {', '.join(known)}.", known, type="string", default=bundled.latest(project),
                **{"x-hint": "quote it (\"0.20\", not 0.20); a release infergen bundles no schemas for is refused"})

KEY_REF = obj("A key in a Secret or ConfigMap.", {
    "name": dns_label("Name of the Secret or ConfigMap.", 253),
    "key": string("Key inside it.", minLength=1),
}, ["name", "key"])

ENV_VALUE: Schema = {
    "description": "A literal string, or a reference. Secrets are only ever references.",
    "oneOf": [
        {"type": "string", "description": "A plain, non-secret value."},
        obj("Read the value from a Secret key.", {"secretKeyRef": KEY_REF}, ["secretKeyRef"]),
        obj("Read the value from a ConfigMap key.", {"configMapKeyRef": KEY_REF}, ["configMapKeyRef"]),
        obj("Read the value from a pod field.", {"fieldRef": string("Field path, e.g. status.podIP.")}, ["fieldRef"]),
    ],
    "x-hint": "quote numbers and booleans (\"0\", \"true\"); secrets go in {secretKeyRef: {name, key}}",
}

GPU = block(s.Gpu, "GPU scheduling. Requests always equal limits for extended resources.",
              examples=[{"count": 1, "nodeSelector": {"node-type": "gpu"}}])

SCALING = block(s.Scaling, "Fixed replicas, or an autoscaled min..max range.",
                examples=[{"min": 1, "max": 5, "cpuUtilization": 70}, {"replicas": 2}])

MODEL_PROPERTIES: dict[str, Schema] = {
    # it names the Service (and KServe's, Knative's) too, so a letter first
    "name": dns_label("Model name: chart, release, Application and Service name.", 53,
                      examples=["sentiment", "triton-multilingual-asr"], pattern=DNS1035_LABEL,
                      **{"x-expected": "a DNS-1035 label",
                         "x-hint": "lowercase letters, digits and '-', starting with a letter and ending with a "
                                   "letter or digit, at most 53 characters"}),
    "namespace": dns_label("Namespace the model runs in.", examples=["ml-inference"]),
    "serving": enum("How the model is served.", ["deployment", "knative", "kserve"], default="deployment"),
    "workload": enum("Workload kind for serving: deployment; StatefulSet gives stable pod names.",
                     ["Deployment", "StatefulSet"], default="Deployment"),
    "component": dns_label("app.kubernetes.io/component label.", default="inference"),
    "partOf": dns_label("app.kubernetes.io/part-of label; defaults to the Argo CD project."),
    "labels": string_map("Extra labels on every resource.", examples=[{"team": "search"}]),
    "annotations": annotation_map("Extra annotations on every resource."),
    "podAnnotations": annotation_map("Extra annotations on pods."),
    "image": block(s.Image, "Container image.", required=[]),
    "command": string_list("Container command.", examples=[["uvicorn"]]),
    "args": string_list("Container arguments.", {"type": "string"},
                        examples=[["app.main:app", "--port", "8000"]],
                        **{"x-hint": "quote numbers: args are strings"}),
    "ports": string_list("Named container ports.", PORT, maxItems=16),
    "env": {"type": "object", "description": "Environment variables: NAME → value or reference.",
            "propertyNames": {"pattern": r"^[A-Za-z_][A-Za-z0-9_.-]*$",
                              "x-expected": "an environment variable name"},
            "additionalProperties": ENV_VALUE,
            "examples": [{"LOG_LEVEL": "info",
                          "HF_TOKEN": {"secretKeyRef": {"name": "hf-token", "key": "token"}}}]},
    "probes": block(s.Probes, "Container probes."),
    "resources": block(s.Resources, "CPU and memory requests and limits.",
                       examples=[{"requests": {"cpu": "2", "memory": "8Gi"},
                                  "limits": {"cpu": "4", "memory": "16Gi"}}]),
    "gpu": GPU,
    "nodeSelector": string_map("Node labels required (non-GPU).", examples=[{"kubernetes.io/arch": "amd64"}]),
    "tolerations": string_list("Tolerations (non-GPU).", TOLERATION),
    "affinity": {"type": "object", "description": "A core/v1 Affinity object, passed through."},
    "scaling": SCALING,
    "disruption": block(s.Disruption, "PodDisruptionBudget; set one of the two.", examples=[{"maxUnavailable": 1}]),
    "mounts": string_list("Claims (declared under top-level claims) mounted into the container.",
                          block(s.Mount, "A volume mount of a shared claim.",
                                examples=[{"claim": "model-cache", "mountPath": "/models", "readOnly": True}])),
    "configMaps": string_list("ConfigMaps the chart creates from inline data; a change rolls the pods "
                              "(checksum annotation on the pod template).", CONFIG_MAP, maxItems=16),
    "service": block(s.Service, "Service exposure."),
    "ingress": block(s.Ingress, "An Ingress in front of the Service."),
    "kong": block(s.Kong, "Kong gateway plugins, attached with the konghq.com/plugins annotation."),
    "networkPolicy": block(s.NetworkPolicy, "Ingress NetworkPolicy; on by default."),
    "monitoring": block(s.Monitoring, "Prometheus scraping."),
    "serviceAccount": block(s.ServiceAccount, "Pod identity."),
    "security": block(s.Security, "Pod security; defaults meet Pod Security Standards restricted."),
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
    "knative": KNATIVE,
    "kserve": KSERVE,
    "torchserve": TORCHSERVE,
    "argocd": block(s.ArgoCD, "Per-model Argo CD Application settings."),
}

CLAIM = block(s.Claim, "A PersistentVolumeClaim shared by models in one namespace.")


def build_schema() -> Schema:
    """The complete catalog schema."""
    model = obj("A model: every field optional here, defaults fill the gaps.", MODEL_PROPERTIES)
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
            "validation": obj("How generate and validate check rendered manifests (CLI options add to this).", {
                "crds": string_list("CRD YAML files or directories, relative to the catalog, for custom kinds.",
                                    {"type": "string", "minLength": 1}, examples=[["crds/"]]),
                "schemaLocations": string_list("kubeconform-style schema locations (directory or URL template).",
                                               {"type": "string", "minLength": 1}),
                "ignoreMissingSchemas": boolean("Accept kinds no schema is found for.", False),
            }),
            "defaults": {"$ref": "#/$defs/model", "description": "Merged into every model; model values win.",
                         "properties": {"name": False}},
            "claims": string_list("Shared PersistentVolumeClaims.", CLAIM),
            "models": string_list("The models.", {"$ref": "#/$defs/model", "required": ["name"]}, minItems=1),
        },
        "$defs": {"model": model},
    }


def schema_json() -> str:
    """The schema as it is written to ``schemas/catalog.schema.json``."""
    return json.dumps(build_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"

