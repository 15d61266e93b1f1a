"""The catalog's JSON Schema (2020-12), built in code and exported to ``schemas/catalog.schema.json``.

Sections that belong to one serving mode live in ``schema_modes.py``.
"""

from __future__ import annotations

import json

from generator.catalog.schema_exposure import CIDR, CONFIG_MAP, CORS
from generator.catalog.schema_modes import KNATIVE, KSERVE, TORCHSERVE
from generator.catalog.schema_parts import (
    DNS1035_LABEL,
    PORT_NAME,
    Schema,
    abs_path,
    annotation_map,
    boolean,
    dns_label,
    duration,
    enum,
    integer,
    obj,
    quantity,
    string,
    string_list,
    string_map,
)
from generator.catalog.schema_rollout import rollout_schema
from generator.lint import bundled

SCHEMA_ID = "https://infergen.io/schemas/catalog.schema.json"


def _release(project: str, description: str) -> dict[str, object]:
    """A ``cluster.*Version`` field: one of the releases whose schemas infergen ships."""
    known = bundled.versions(project)
    return enum(f"{description}. Bundled: {', '.join(known)}.", known, type="string", default=bundled.latest(project),
                **{"x-hint": "quote it (\"0.20\", not 0.20); a release infergen bundles no schemas for is refused"})

TOLERATION = obj("A Kubernetes toleration.", {
    "key": string("Taint key to tolerate."),
    "operator": enum("How the key is matched.", ["Exists", "Equal"], default="Exists"),
    "value": string("Taint value (operator Equal)."),
    "effect": enum("Taint effect to tolerate; empty tolerates all.", ["NoSchedule", "PreferNoSchedule", "NoExecute"]),
    "tolerationSeconds": integer("Seconds a NoExecute taint is tolerated."),
})

PORT = obj("A named container port.", {
    "name": dns_label("Port name (http, grpc, metrics...), referenced by probes, Ingress and monitoring.", 15,
                      pattern=PORT_NAME, **{"x-expected": "an IANA service name",
                                            "x-hint": "at most 15 lowercase letters, digits and '-', with at least "
                                                      "one letter and no '--', e.g. http or grpc-2"}),
    "port": integer("Container port number.", 1, 65535),
    "protocol": enum("Transport protocol.", ["TCP", "UDP", "SCTP"], default="TCP"),
    "appProtocol": string("Application protocol hint (grpc, h2c, http).", examples=["grpc"]),
}, ["name", "port"], examples=[{"name": "http", "port": 8000}])

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

PROBE = obj("An HTTP (path given) or TCP probe.", {
    "path": abs_path("HTTP GET path; omit for a TCP probe."),
    "port": {"description": "Port name or number.", "type": ["string", "integer"], "default": "http"},
    "initialDelaySeconds": integer("Seconds before the first probe."),
    "periodSeconds": integer("Seconds between probes.", 1),
    "timeoutSeconds": integer("Seconds before a probe times out.", 1),
    "failureThreshold": integer("Failures before the probe fails.", 1),
    "successThreshold": integer("Successes before the probe passes again.", 1),
}, examples=[{"path": "/health", "port": "http", "initialDelaySeconds": 20}])

RESOURCE_LIST = {"type": "object", "description": "Resource name → quantity.",
                 "propertyNames": {"pattern": r"^(cpu|memory|ephemeral-storage|hugepages-[0-9A-Za-z]+)$",
                                   "x-expected": "cpu, memory, ephemeral-storage or hugepages-<size>"},
                 "additionalProperties": quantity("A quantity."),
                 "x-hint": "cpu, memory and ephemeral-storage here; GPUs go in the gpu block"}

SCALING_RULES = obj("HPA scaling rules for one direction.", {
    "stabilizationWindowSeconds": integer("Seconds of past recommendations considered.", 0, 3600),
    "selectPolicy": enum("Which policy wins.", ["Max", "Min", "Disabled"]),
    "policies": string_list("Scaling policies.", obj("One policy.", {
        "type": enum("Unit of value.", ["Pods", "Percent"]),
        "value": integer("Pods or percent per period.", 1),
        "periodSeconds": integer("Period length.", 1, 1800),
    }, ["type", "value", "periodSeconds"])),
})

GPU = obj("GPU scheduling. Requests always equal limits for extended resources.", {
    "count": integer("GPUs (or MIG slices) per pod.", 1, 16, examples=[1],
                     **{"x-hint": "a whole number of GPUs of at least 1; omit the gpu block for CPU models"}),
    "resource": string("Extended resource name: nvidia.com/gpu, or a MIG profile such as nvidia.com/mig-1g.10gb.",
                       pattern=r"^[a-z0-9.-]+/[a-z0-9.-]+$", default="nvidia.com/gpu",
                       examples=["nvidia.com/gpu", "nvidia.com/mig-1g.10gb"],
                       **{"x-expected": "an extended resource name such as nvidia.com/gpu"}),
    "product": string("GPU product label value → nodeSelector nvidia.com/gpu.product.",
                      examples=["NVIDIA-A100-SXM4-80GB"]),
    "nodeSelector": string_map("Extra node labels required, e.g. node-type: gpu.",
                               examples=[{"node-type": "gpu"}]),
    "tolerations": string_list("Tolerations; default tolerates the nvidia.com/gpu NoSchedule taint.", TOLERATION,
                               default=[{"key": "nvidia.com/gpu", "operator": "Exists",
                                         "effect": "NoSchedule"}]),
    "runtimeClassName": dns_label("RuntimeClass, e.g. nvidia on k3s with the NVIDIA container toolkit.", 253,
                                  examples=["nvidia"]),
}, ["count"], examples=[{"count": 1, "nodeSelector": {"node-type": "gpu"}}])

SCALING = obj("Fixed replicas, or an autoscaled min..max range.", {
    "replicas": integer("Fixed number of pods (no autoscaler).", 0, 1000),
    "min": integer("Fewest pods (0 = scale to zero where the mode allows it).", 0, 1000),
    "max": integer("Most pods.", 1, 1000),
    "cpuUtilization": integer("HPA target average CPU utilization, percent of requests.", 1, 100),
    "memoryUtilization": integer("HPA target average memory utilization, percent of requests.", 1, 100),
    "behavior": obj("HPA v2 behavior.", {"scaleUp": SCALING_RULES, "scaleDown": SCALING_RULES}),
}, examples=[{"min": 1, "max": 5, "cpuUtilization": 70}, {"replicas": 2}])

INT_OR_PERCENT: Schema = {"type": ["integer", "string"], "pattern": r"^[0-9]+%$", "minimum": 0,
                          "x-expected": "a whole number or a percentage",
                          "x-hint": "a number of pods or a percentage such as 50%"}

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
    "image": obj("Container image.", {
        "repository": string("Image repository.", minLength=1, pattern=r"^[a-z0-9][a-z0-9._/:-]*$",
                             examples=["registry.example.com/ml/sentiment"],
                             **{"x-expected": "an image repository (lowercase, without tag)"}),
        "tag": string("Image tag.", pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", examples=["1.4.2"],
                      **{"x-expected": "an image tag"}),
        "digest": string("Image digest; wins over tag.", pattern=r"^sha256:[a-f0-9]{64}$",
                         examples=["sha256:" + "0123456789abcdef" * 4],
                         **{"x-expected": "a digest sha256:<64 hex digits>"}),
        "pullPolicy": enum("Image pull policy; default Always for :latest or untagged images (a node would "
                           "otherwise keep whichever build it cached first), else IfNotPresent.",
                           ["Always", "IfNotPresent", "Never"]),
        "pullSecrets": string_list("Names of image pull Secrets.", dns_label("Secret name.", 253)),
    }),
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
    "probes": obj("Container probes.", {"readiness": PROBE, "liveness": PROBE, "startup": PROBE}),
    "resources": obj("CPU and memory requests and limits.",
                     {"requests": RESOURCE_LIST, "limits": RESOURCE_LIST},
                     examples=[{"requests": {"cpu": "2", "memory": "8Gi"},
                                "limits": {"cpu": "4", "memory": "16Gi"}}]),
    "gpu": GPU,
    "nodeSelector": string_map("Node labels required (non-GPU).", examples=[{"kubernetes.io/arch": "amd64"}]),
    "tolerations": string_list("Tolerations (non-GPU).", TOLERATION),
    "affinity": {"type": "object", "description": "A core/v1 Affinity object, passed through."},
    "scaling": SCALING,
    "disruption": obj("PodDisruptionBudget; set one of the two.", {
        "minAvailable": {**INT_OR_PERCENT, "description": "Pods that must stay up."},
        "maxUnavailable": {**INT_OR_PERCENT, "description": "Pods that may be down."},
    }, examples=[{"maxUnavailable": 1}]),
    "mounts": string_list("Claims (declared under top-level claims) mounted into the container.", obj(
        "A volume mount of a shared claim.", {
            "claim": dns_label("Claim name.", 253),
            "mountPath": abs_path("Mount path in the container."),
            "subPath": string("Sub-path inside the volume.", pattern=r"^(?!/)(?!.*(^|/)\.\.(/|$)).+$",
                              **{"x-expected": "a relative path without '..'",
                                 "x-hint": "a path inside the volume: no leading '/', no '..'"}),
            "readOnly": boolean("Mount read-only.", False),
        }, ["claim", "mountPath"],
        examples=[{"claim": "model-cache", "mountPath": "/models", "readOnly": True}])),
    "configMaps": string_list("ConfigMaps the chart creates from inline data; a change rolls the pods "
                              "(checksum annotation on the pod template).", CONFIG_MAP, maxItems=16),
    "service": obj("Service exposure.", {
        "type": enum("Service type.", ["ClusterIP", "NodePort", "LoadBalancer"], default="ClusterIP"),
        "headless": boolean("Also create <name>-headless (always for StatefulSets).", False),
        "nodePorts": {"type": "object", "description": "Port name → fixed nodePort (30000-32767).",
                      "additionalProperties": integer("nodePort", 30000, 32767),
                      "examples": [{"http": 30080}]},
        "annotations": annotation_map("Service annotations."),
        "loadBalancerSourceRanges": string_list(
            "type LoadBalancer: client CIDRs the load balancer admits; also the NetworkPolicy's external "
            "clients unless networkPolicy.externalClients is set.", CIDR, examples=[["10.0.0.0/8"]]),
        "externalTrafficPolicy": enum(
            "NodePort/LoadBalancer: Local keeps the client's source address (needed for "
            "networkPolicy.externalClients to match) and answers only on nodes running a pod; Cluster "
            "(Kubernetes' default) masquerades it to a node address.", ["Cluster", "Local"]),
        "gatewayBypass": boolean("Acknowledge that published ports (nodePorts, LoadBalancer) reach the pods "
                                 "without the gateway (Kong) the model declares; validate warns otherwise.",
                                 False),
    }),
    "ingress": obj("An Ingress in front of the Service.", {
        "host": string("Host name.",
                       pattern=r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
                       examples=["api.example.com"], **{"x-expected": "a DNS host name"}),
        "className": string("IngressClass (nginx, kong, ...).", examples=["nginx", "kong"]),
        "path": abs_path("URL path.", default="/"),
        "paths": string_list("Several URL paths to the same Service port (one Ingress path each, which the "
                             "Kong ingress controller turns into routes); replaces path.",
                             abs_path("A URL path."), minItems=1, examples=[["/api/v1/asr", "/v2/models"]]),
        "pathType": enum("Path matching.", ["Prefix", "Exact", "ImplementationSpecific"], default="Prefix"),
        "port": dns_label("Service port name to route to.", 15, default="http"),
        "tls": obj("TLS from an existing Secret (e.g. cert-manager).", {
            "secretName": dns_label("TLS Secret name.", 253, examples=["api-example-com-tls"]),
            "hosts": string_list("Hosts on the certificate; default the ingress host."),
        }, ["secretName"]),
        "annotations": annotation_map("Ingress annotations."),
    }, ["host"]),
    "kong": obj("Kong gateway plugins, attached with the konghq.com/plugins annotation.", {
        "keyAuth": boolean("Require an API key (KongPlugin key-auth).", False),
        "keyNames": string_list("Header or query names carrying the key.", {"type": "string", "minLength": 1},
                                default=["apikey"], minItems=1, examples=[["X-API-Key"]]),
        "hideCredentials": boolean("Strip the key before proxying.", True),
        "consumers": string_list("KongConsumers; each key lives in an existing Secret.", obj("A consumer.", {
            "username": dns_label("Consumer user name.", 253),
            "credentialSecret": dns_label(
                "Secret with the key-auth credential (label konghq.com/credential: key-auth).", 253),
        }, ["username", "credentialSecret"])),
        "rateLimit": obj("KongPlugin rate-limiting.", {
            "second": integer("Requests per second.", 1), "minute": integer("Requests per minute.", 1),
            "hour": integer("Requests per hour.", 1),
            "policy": enum("Counter storage.", ["local", "cluster", "redis"], default="local"),
        }, examples=[{"minute": 120}]),
        "cors": CORS,
    }),
    "networkPolicy": obj("Ingress NetworkPolicy; on by default.", {
        "enabled": boolean("Create the NetworkPolicy.", True),
        "allowFrom": string_list("Allowed peers.", obj("A peer: pods by labels, namespaces by labels, or both.", {
            "podLabels": string_map("Pod labels."), "namespaceLabels": string_map("Namespace labels."),
        }), examples=[[{"namespaceLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}]]),
        "ports": string_list("Port names allowed; default all.", dns_label("Port name.", 15)),
        "allowSameNamespace": boolean("Also allow every pod of the namespace.", False),
        "externalClients": string_list(
            "CIDRs of clients outside the cluster (ipBlock peers), admitted on the published ports only "
            "(nodePorts, or every port of a LoadBalancer); default service.loadBalancerSourceRanges.",
            CIDR, examples=[["10.20.0.0/16"]]),
    }),
    "monitoring": obj("Prometheus scraping.", {
        "serviceMonitor": boolean("Create a ServiceMonitor.", False),
        "port": dns_label("Port name to scrape.", 15, default="metrics"),
        "path": abs_path("Metrics path.", default="/metrics"),
        "interval": duration("Scrape interval.", default="30s"),
        "labels": string_map("Labels the Prometheus selects ServiceMonitors by; the default suits "
                             "kube-prometheus-stack installed as release kube-prometheus-stack. Set it once "
                             "under defaults.", default={"release": "kube-prometheus-stack"},
                             examples=[{"release": "prometheus"}]),
    }),
    "serviceAccount": obj("Pod identity.", {
        "create": boolean("Create a ServiceAccount.", True),
        "name": dns_label("Name; default the release fullname.", 253),
        "automountToken": boolean("Mount the API token (only if the server calls the API).", False),
        "annotations": annotation_map("ServiceAccount annotations (e.g. IRSA)."),
    }),
    "security": obj("Pod security; defaults meet Pod Security Standards restricted.", {
        "runAsUser": integer("UID.", 1, default=1000), "runAsGroup": integer("GID.", 1, default=1000),
        "fsGroup": integer("fsGroup.", 1, default=1000),
        "readOnlyRootFilesystem": boolean("Read-only root filesystem.", True),
        "writablePaths": string_list("emptyDir mounts for paths the server writes; default /tmp, plus "
                                     "/home/model-server/tmp and /home/model-server/logs for TorchServe.",
                                     abs_path("A path."), default=["/tmp"]),
        "allowRoot": boolean("Opt out: run as root (validate warns).", False),
        "allowPrivilegeEscalation": boolean("Opt out: allow privilege escalation (validate warns).", False),
        "capabilitiesAdd": string_list("Opt out: capabilities to add back (validate warns).",
                                       {"type": "string", "pattern": "^[A-Z_]+$",
                                        "x-expected": "a capability name such as NET_BIND_SERVICE"}),
    }),
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
    "argocd": obj("Per-model Argo CD Application settings.", {
        "server": string("Destination cluster API server.", default="https://kubernetes.default.svc"),
        "targetRevision": string("Git revision; default the catalog-wide one."),
        "prune": boolean("Delete resources removed from the chart.", True),
        "selfHeal": boolean("Revert drift.", True),
        "replace": boolean("Sync with Replace=true (needed after changing an immutable field).", False),
    }),
}

MODEL_PROPERTIES["rollout"] = rollout_schema(MODEL_PROPERTIES["image"])

CLAIM = obj("A PersistentVolumeClaim shared by models in one namespace.", {
    "name": dns_label("Claim name.", 253),
    "namespace": dns_label("Namespace."),
    "create": boolean("Create it (false: reuse an existing claim).", True),
    "size": quantity("Requested size.", examples=["100Gi"]),
    "storageClass": string("StorageClass name.", examples=["nfs-client"]),
    "accessModes": string_list("Access modes.", enum("Access mode.", ["ReadWriteOnce", "ReadOnlyMany",
                                                                     "ReadWriteMany", "ReadWriteOncePod"]),
                               default=["ReadWriteOnce"], minItems=1),
}, ["name", "namespace"])



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
            "argocd": obj("Catalog-wide Argo CD settings.", {
                "project": dns_label("AppProject name.", examples=["ml-inference"]),
                "repoURL": string("Git repository Argo CD syncs from.", pattern=r"^(https://|ssh://|git@)\S+$",
                                  examples=["https://git.example.com/platform/ml-gitops.git"],
                                  **{"x-expected": "an https://, ssh:// or git@ repository URL"}),
                "targetRevision": string("Git revision.", default="HEAD"),
                "namespace": dns_label("Namespace Argo CD runs in.", default="argocd"),
                "rootApp": dns_label("Name of the app-of-apps Application.", default="infergen-root"),
                "server": string("Cluster API server of the root app.", default="https://kubernetes.default.svc"),
            }, ["project", "repoURL"]),
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

