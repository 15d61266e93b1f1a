"""Typed, frozen spec objects: the contract between the catalog loader and every stage.

The loader turns ``catalog.yaml`` into a :class:`Catalog`; nothing downstream sees raw
YAML. A field declared with ``knob`` carries its catalog schema, default and values knob
in that one declaration (:mod:`generator.declare.field`). Mappings are stored as sorted
tuples of pairs so that specs stay hashable and iteration order never depends on the input file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.declare.common import CIDR, INT_OR_PERCENT, RESOURCE_LIST
from generator.declare.convert import pairs
from generator.declare.field import DEFAULT, block, knob, load, optional
from generator.declare.parts import (
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
from generator.findings import Finding

Pairs = tuple[tuple[str, str], ...]
# A serving mode's name; the catalog schema's enum lists the registered ones (generator/catalog/modes.py).
Serving = str
WorkloadKind = Literal["Deployment", "StatefulSet"]

DEFAULT_GPU_RESOURCE = "nvidia.com/gpu"
GPU_PRODUCT_LABEL = "nvidia.com/gpu.product"


@dataclass(frozen=True)
class Toleration:
    key: str = knob(string("Taint key to tolerate."), "")
    operator: str = knob(enum("How the key is matched.", ["Exists", "Equal"], default=DEFAULT), "Exists")
    value: str | None = knob(string("Taint value (operator Equal)."), None)
    effect: str | None = knob(enum("Taint effect to tolerate; empty tolerates all.",
                                   ["NoSchedule", "PreferNoSchedule", "NoExecute"]), None)
    toleration_seconds: int | None = knob(integer("Seconds a NoExecute taint is tolerated."), None)


TOLERATION = block(Toleration, "A Kubernetes toleration.")
DEFAULT_GPU_TOLERATIONS = (Toleration(key="nvidia.com/gpu", operator="Exists", effect="NoSchedule"),)


@dataclass(frozen=True)
class Image:
    repository: str = knob(string("Image repository.", minLength=1, pattern=r"^[a-z0-9][a-z0-9._/:-]*$",
                                  examples=["registry.example.com/ml/sentiment"],
                                  **{"x-expected": "an image repository (lowercase, without tag)"}), "",
                           values="image.repository", doc="Image repository.")
    tag: str | None = knob(string("Image tag.", pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", examples=["1.4.2"],
                                  **{"x-expected": "an image tag"}), None,
                           values="image.tag", doc="Image tag; empty uses the chart's appVersion.")
    digest: str | None = knob(string("Image digest; wins over tag.", pattern=r"^sha256:[a-f0-9]{64}$",
                                     examples=["sha256:" + "0123456789abcdef" * 4],
                                     **{"x-expected": "a digest sha256:<64 hex digits>"}), None,
                              values="image.digest", doc="Image digest (sha256:...); pins the exact image.")
    # the loader picks Always for :latest or untagged images when the catalog names none
    pull_policy: str = knob(enum("Image pull policy; default Always for :latest or untagged images (a node would "
                                 "otherwise keep whichever build it cached first), else IfNotPresent.",
                                 ["Always", "IfNotPresent", "Never"]), "IfNotPresent",
                            values="image.pullPolicy", doc="When the kubelet pulls the image.")
    pull_secrets: tuple[str, ...] = knob(string_list("Names of image pull Secrets.", dns_label("Secret name.", 253)),
                                         (), values="imagePullSecrets",
                                         doc="Secrets for private registries, as [{name: ...}].")

    @property
    def mutable(self) -> bool:
        """Whether the reference names a tag that can move (``:latest`` or no tag at all)."""
        return not self.digest and self.tag in (None, "", "latest")

    @property
    def reference(self) -> str:
        """``repo@digest`` when pinned by digest, else ``repo:tag``."""
        if self.digest:
            return f"{self.repository}@{self.digest}"
        return f"{self.repository}:{self.tag or 'latest'}"


def _load_image(d: dict[str, Any]) -> Image:
    """The catalog's image; without a pullPolicy, Always for a tag that can move, else IfNotPresent."""
    image: Image = load(Image, d)
    if "pullPolicy" in d:
        return image
    return dataclasses.replace(image, pull_policy="Always" if image.mutable else "IfNotPresent")


@dataclass(frozen=True)
class Port:
    name: str = knob(dns_label("Port name (http, grpc, metrics...), referenced by probes, Ingress and monitoring.", 15,
                               pattern=PORT_NAME, **{"x-expected": "an IANA service name",
                                                     "x-hint": "at most 15 lowercase letters, digits and '-', with "
                                                               "at least one letter and no '--', e.g. http or grpc-2"}))
    port: int = knob(integer("Container port number.", 1, 65535))
    protocol: str = knob(enum("Transport protocol.", ["TCP", "UDP", "SCTP"], default=DEFAULT), "TCP")
    app_protocol: str | None = knob(string("Application protocol hint (grpc, h2c, http).", examples=["grpc"]), None)
    node_port: int | None = None  # from service.nodePorts


PORT = block(Port, "A named container port.", examples=[{"name": "http", "port": 8000}])


@dataclass(frozen=True)
class SecretRef:
    name: str = knob(dns_label("Name of the Secret or ConfigMap.", 253))
    key: str = knob(string("Key inside it.", minLength=1))


@dataclass(frozen=True)
class EnvVar:
    name: str
    value: str | None = None
    secret: SecretRef | None = None
    config_map: SecretRef | None = None
    field_path: str | None = None


_KEY_REF = block(SecretRef, "A key in a Secret or ConfigMap.")
ENV_VALUE = {
    "description": "A literal string, or a reference. Secrets are only ever references.",
    "oneOf": [
        {"type": "string", "description": "A plain, non-secret value."},
        obj("Read the value from a Secret key.", {"secretKeyRef": _KEY_REF}, ["secretKeyRef"]),
        obj("Read the value from a ConfigMap key.", {"configMapKeyRef": _KEY_REF}, ["configMapKeyRef"]),
        obj("Read the value from a pod field.", {"fieldRef": string("Field path, e.g. status.podIP.")}, ["fieldRef"]),
    ],
    "x-hint": "quote numbers and booleans (\"0\", \"true\"); secrets go in {secretKeyRef: {name, key}}",
}


def _load_env(env: dict[str, Any]) -> tuple[EnvVar, ...]:
    out = []
    for name, value in sorted(env.items()):
        if isinstance(value, str):
            out.append(EnvVar(name=name, value=value))
        elif "secretKeyRef" in value:
            out.append(EnvVar(name=name, secret=load(SecretRef, value["secretKeyRef"])))
        elif "configMapKeyRef" in value:
            out.append(EnvVar(name=name, config_map=load(SecretRef, value["configMapKeyRef"])))
        else:
            out.append(EnvVar(name=name, field_path=value["fieldRef"]))
    return tuple(out)


@dataclass(frozen=True)
class Probe:
    path: str | None = knob(abs_path("HTTP GET path; omit for a TCP probe."), None)  # None: TCP probe on the port
    port: str | int = knob({"description": "Port name or number.", "type": ["string", "integer"], "default": DEFAULT},
                           "http")
    initial_delay_seconds: int | None = knob(integer("Seconds before the first probe."), None)
    period_seconds: int | None = knob(integer("Seconds between probes.", 1), None)
    timeout_seconds: int | None = knob(integer("Seconds before a probe times out.", 1), None)
    failure_threshold: int | None = knob(integer("Failures before the probe fails.", 1), None)
    success_threshold: int | None = knob(integer("Successes before the probe passes again.", 1), None)


PROBE = block(Probe, "An HTTP (path given) or TCP probe.",
              examples=[{"path": "/health", "port": "http", "initialDelaySeconds": 20}])


@dataclass(frozen=True)
class Probes:
    readiness: Probe | None = knob(PROBE, None)
    liveness: Probe | None = knob(PROBE, None)
    startup: Probe | None = knob(PROBE, None)


@dataclass(frozen=True)
class Resources:
    requests: Pairs = knob(RESOURCE_LIST, ())
    limits: Pairs = knob(RESOURCE_LIST, ())


@dataclass(frozen=True)
class Gpu:
    count: int = knob(integer("GPUs (or MIG slices) per pod.", 1, 16, examples=[1],
                              **{"x-hint": "a whole number of GPUs of at least 1; omit the gpu block for CPU models"}))
    resource: str = knob(string("Extended resource name: nvidia.com/gpu, or a MIG profile such as "
                                "nvidia.com/mig-1g.10gb.", pattern=r"^[a-z0-9.-]+/[a-z0-9.-]+$", default=DEFAULT,
                                examples=["nvidia.com/gpu", "nvidia.com/mig-1g.10gb"],
                                **{"x-expected": "an extended resource name such as nvidia.com/gpu"}),
                         DEFAULT_GPU_RESOURCE)
    product: str | None = knob(string("GPU product label value → nodeSelector nvidia.com/gpu.product.",
                                      examples=["NVIDIA-A100-SXM4-80GB"]), None)
    node_selector: Pairs = knob(string_map("Extra node labels required, e.g. node-type: gpu.",
                                           examples=[{"node-type": "gpu"}]), ())
    tolerations: tuple[Toleration, ...] = knob(string_list(
        "Tolerations; default tolerates the nvidia.com/gpu NoSchedule taint.", TOLERATION, default=DEFAULT),
        DEFAULT_GPU_TOLERATIONS)
    runtime_class_name: str | None = knob(dns_label("RuntimeClass, e.g. nvidia on k3s with the NVIDIA container "
                                                    "toolkit.", 253, examples=["nvidia"]), None,
                                          values="runtimeClassName",
                                          doc="RuntimeClass, e.g. nvidia for the NVIDIA container runtime; "
                                              "empty for the default.")


@dataclass(frozen=True)
class ScalingPolicy:
    type: Literal["Pods", "Percent"] = knob(enum("Unit of value.", ["Pods", "Percent"]))
    value: int = knob(integer("Pods or percent per period.", 1))
    period_seconds: int = knob(integer("Period length.", 1, 1800))


@dataclass(frozen=True)
class ScalingRules:
    stabilization_window_seconds: int | None = knob(integer("Seconds of past recommendations considered.", 0, 3600),
                                                    None)
    select_policy: str | None = knob(enum("Which policy wins.", ["Max", "Min", "Disabled"]), None)
    policies: tuple[ScalingPolicy, ...] = knob(string_list("Scaling policies.", block(ScalingPolicy, "One policy.")),
                                               ())


SCALING_RULES = block(ScalingRules, "HPA scaling rules for one direction.")


@dataclass(frozen=True)
class Behavior:
    scale_up: ScalingRules | None = knob(SCALING_RULES, None)
    scale_down: ScalingRules | None = knob(SCALING_RULES, None)


# Queue and stream scalers, as KEDA names them: kedacore/keda pkg/scaling/scalers_builder.go
# buildScaler, v2.20.2. Their metadata keys differ per scaler, so they pass through as strings.
KEDA_QUEUE_TYPES = ["activemq", "apache-kafka", "artemis-queue", "aws-sqs-queue", "azure-queue", "azure-servicebus",
                    "gcp-pubsub", "kafka", "nats-jetstream", "pulsar", "rabbitmq", "redis", "redis-streams"]
# Prometheus fields that become trigger metadata, in the order KEDA documents them.
PROMETHEUS_KEYS = ("serverAddress", "query", "threshold", "activationThreshold")
_KEDA_NUMBER: dict[str, Any] = {"type": ["string", "number"], "pattern": r"^[0-9]+(\.[0-9]+)?$", "minimum": 0,
                                "x-expected": "a non-negative number",
                                "x-hint": "a number such as 10 or 0.5 (KEDA reads it as a string)"}


@dataclass(frozen=True)
class KedaAuth:
    """A TriggerAuthentication (or ClusterTriggerAuthentication) a trigger reads credentials from."""

    name: str = knob(dns_label("Name of the TriggerAuthentication in the model's namespace.", 253))
    kind: str = knob(enum("Kind of the referenced object.", ["TriggerAuthentication", "ClusterTriggerAuthentication"],
                          default=DEFAULT), "TriggerAuthentication")


@dataclass(frozen=True)
class KedaTrigger:
    """One KEDA trigger: a Prometheus query (its own keys), or a queue scaler with the scaler's metadata.

    Bounds follow the ScaledObject CRD of kedacore/keda config/crd/bases/keda.sh_scaledobjects.yaml
    at v2.20.2; which keys a trigger of each kind has is :data:`KEDA_TRIGGER` below.
    """

    type: str = knob(enum("Scaler type.", ["prometheus", *KEDA_QUEUE_TYPES]))
    name: str | None = knob(dns_label("Trigger name; unique within the model (KEDA names the metric after it)."),
                            None)
    server_address: str | None = knob(string("Prometheus URL.", pattern=r"^https?://[^\s]+$",
                                             examples=["http://kube-prometheus-stack-prometheus.monitoring.svc:9090"],
                                             **{"x-expected": "an http(s) URL"}), None)
    query: str | None = knob(string("PromQL query returning one value.", minLength=1,
                                    examples=['sum(rate(http_requests_total{service="sentiment"}[2m]))']), None)
    threshold: str | None = knob({**_KEDA_NUMBER, "description": "Target value per pod: replicas = "
                                  "ceil(query / threshold)."}, None, load=str)
    activation_threshold: str | None = knob({**_KEDA_NUMBER, "description": "Query value above which the workload "
                                             "wakes from zero."}, None, load=str)
    metadata: Pairs | None = knob({"type": "object", "description": "The scaler's settings, e.g. queueName and value "
                            "for rabbitmq (see keda.sh/docs/scalers).", "minProperties": 1,
                            "propertyNames": {"pattern": r"^[A-Za-z][A-Za-z0-9]*$",
                                              "x-expected": "a camelCase metadata key"},
                            "additionalProperties": {"type": "string"},
                            "x-hint": "values are strings: quote numbers (value: \"20\"); secrets go in a "
                                      "TriggerAuthentication"}, None)
    authentication_ref: KedaAuth | None = knob(block(KedaAuth, "A KEDA TriggerAuthentication (or "
                                                     "ClusterTriggerAuthentication) holding the scaler's credentials."),
                                               None)

    @property
    def scaler_metadata(self) -> Pairs:
        """The ScaledObject trigger's metadata: the Prometheus keys in KEDA's order, else the scaler's own."""
        if self.type != "prometheus":
            return self.metadata or ()
        given = zip(PROMETHEUS_KEYS, (self.server_address, self.query, self.threshold, self.activation_threshold),
                    strict=True)
        return tuple((k, v) for k, v in given if v is not None)


def _trigger_kind(description: str, types: list[str], keys: tuple[str, ...], required: list[str]) -> Schema:
    """One kind of trigger: the declared fields it takes, its ``type`` narrowed to its scalers."""
    declared = block(KedaTrigger, "")["properties"]
    return obj(description, {"type": {**declared["type"], "enum": types}, **{k: declared[k] for k in keys}},
               required)


KEDA_TRIGGER: Schema = {"oneOf": [
    _trigger_kind("Scale on a Prometheus query.", ["prometheus"],
                  ("name", "serverAddress", "query", "threshold", "activationThreshold", "authenticationRef"),
                  ["type", "serverAddress", "query", "threshold"]),
    _trigger_kind("Scale on a queue or stream backlog; metadata keys are the scaler's (see keda.sh/docs/scalers).",
                  KEDA_QUEUE_TYPES, ("name", "metadata", "authenticationRef"), ["type", "metadata"]),
]}


def _load_triggers(data: list[dict[str, Any]]) -> tuple[KedaTrigger, ...]:
    return tuple(load(KedaTrigger, d) for d in data)


@dataclass(frozen=True)
class Keda:
    """``scaling.keda``: a ScaledObject owns the replica count (scaling.min..max) instead of an HPA."""

    triggers: tuple[KedaTrigger, ...] = knob(
        string_list("What drives the replica count; the highest wins.", KEDA_TRIGGER, minItems=1,
                    **{"x-hint": "a prometheus trigger {type, serverAddress, query, threshold} or a queue trigger "
                                 "{type, metadata}"}), load=_load_triggers)
    polling_interval: int | None = knob(integer("Seconds between trigger checks (KEDA default 30).", 1), None,
                                        values="keda.pollingInterval", doc="Seconds between trigger checks.")
    cooldown_period: int | None = knob(
        integer("Seconds after the last active trigger before scaling to zero (KEDA default 300).", 0), None,
        values="keda.cooldownPeriod", doc="Seconds after the last active trigger before scaling to zero.")
    initial_cooldown_period: int | None = knob(
        integer("Seconds after creation before the first scale to zero (KEDA default 0).", 0), None,
        values="keda.initialCooldownPeriod", doc="Seconds after creation before the first scale to zero.")
    idle_replicas: int | None = knob(
        integer("Pods while no trigger is active; below scaling.min (usually 0 with min >= 1).", 0), None,
        values="keda.idleReplicaCount", doc="Pods while no trigger is active; below minReplicaCount.")


@dataclass(frozen=True)
class Scaling:
    """Fixed ``replicas`` or a ``min``..``max`` range owned by an autoscaler.

    Which autoscaler depends on the serving mode: an HPA for Deployments and KServe
    Standard mode (a KEDA ScaledObject when ``keda`` is set), Knative's autoscaler for
    Knative and KServe Knative mode.
    """

    replicas: int | None = knob(integer("Fixed number of pods (no autoscaler).", 0, 1000), None)
    min: int | None = knob(integer("Fewest pods (0 = scale to zero where the mode allows it).", 0, 1000), None,
                           values="autoscaling.minReplicas", doc="Fewest pods.")
    max: int | None = knob(integer("Most pods.", 1, 1000), None, values="autoscaling.maxReplicas", doc="Most pods.")
    cpu_utilization: int | None = knob(
        integer("HPA target average CPU utilization, percent of requests.", 1, 100), None,
        values="autoscaling.targetCPUUtilizationPercentage",
        doc="Average CPU utilization to aim for, percent of requests; 0 = off.")
    memory_utilization: int | None = knob(
        integer("HPA target average memory utilization, percent of requests.", 1, 100), None,
        values="autoscaling.targetMemoryUtilizationPercentage", doc="Average memory utilization to aim for; 0 = off.")
    # an empty behavior: {} is no behavior at all
    behavior: Behavior | None = knob(block(Behavior, "HPA v2 behavior."), None,
                                     load=optional(Behavior), values="autoscaling.behavior",
                                     doc="Scale-up and scale-down policies and stabilization windows.")
    keda: Keda | None = knob(block(
        Keda, "Scale with a KEDA ScaledObject instead of an HPA (serving: deployment, or kserve Standard mode); "
        "the range is scaling.min..max and min 0 scales to zero.",
        examples=[{"triggers": [{"type": "prometheus", "serverAddress": "http://prometheus:9090",
                                 "query": "sum(rate(requests_total[2m]))", "threshold": "10"}]}]), None)

    @property
    def autoscaled(self) -> bool:
        return self.max is not None

    @property
    def floor(self) -> int:
        """Fewest pods that can run (0 for scale to zero)."""
        if self.replicas is not None:
            return self.replicas
        return self.min if self.min is not None else 1

    @property
    def ceiling(self) -> int:
        if self.replicas is not None:
            return self.replicas
        return self.max if self.max is not None else self.floor


@dataclass(frozen=True)
class Disruption:
    min_available: int | str | None = knob({**INT_OR_PERCENT, "description": "Pods that must stay up."}, None,
                                           values="podDisruptionBudget.minAvailable",
                                           doc="Pods that must stay up (number or percentage).")
    max_unavailable: int | str | None = knob({**INT_OR_PERCENT, "description": "Pods that may be down."}, None,
                                             values="podDisruptionBudget.maxUnavailable",
                                             doc="Pods that may be down at once (number or percentage).")


@dataclass(frozen=True)
class Claim:
    """A PersistentVolumeClaim declared once in the catalog (``claims:``) and shared."""

    name: str = knob(dns_label("Claim name.", 253))
    namespace: str = knob(dns_label("Namespace."))
    create: bool = knob(boolean("Create it (false: reuse an existing claim).", DEFAULT), True)
    size: str | None = knob(quantity("Requested size.", examples=["100Gi"]), None)
    storage_class: str | None = knob(string("StorageClass name.", examples=["nfs-client"]), None)
    access_modes: tuple[str, ...] = knob(string_list(
        "Access modes.", enum("Access mode.", ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]),
        default=DEFAULT, minItems=1), ("ReadWriteOnce",))


@dataclass(frozen=True)
class Mount:
    claim: str = knob(dns_label("Claim name.", 253))
    mount_path: str = knob(abs_path("Mount path in the container."))
    sub_path: str | None = knob(string("Sub-path inside the volume.", pattern=r"^(?!/)(?!.*(^|/)\.\.(/|$)).+$",
                                       **{"x-expected": "a relative path without '..'",
                                          "x-hint": "a path inside the volume: no leading '/', no '..'"}), None)
    read_only: bool = knob(boolean("Mount read-only.", DEFAULT), False)


@dataclass(frozen=True)
class Service:
    type: Literal["ClusterIP", "NodePort", "LoadBalancer"] = knob(
        enum("Service type.", ["ClusterIP", "NodePort", "LoadBalancer"], default=DEFAULT), "ClusterIP",
        values="service.type",
        doc="ClusterIP; NodePort to expose fixed ports on every node; LoadBalancer for a cloud address.")
    # an extra ``<name>-headless`` Service (always for StatefulSets)
    headless: bool = knob(boolean("Also create <name>-headless (always for StatefulSets).", DEFAULT), False)
    # port name -> nodePort; with type ClusterIP adds a NodePort Service
    node_ports: Pairs = knob({"type": "object", "description": "Port name → fixed nodePort (30000-32767).",
                              "additionalProperties": integer("nodePort", 30000, 32767),
                              "examples": [{"http": 30080}]}, (), load=pairs)
    annotations: Pairs = knob(annotation_map("Service annotations."), (), values="service.annotations",
                              doc="Service annotations (Kong plugins are attached here).")
    load_balancer_source_ranges: tuple[str, ...] = knob(string_list(
        "type LoadBalancer: client CIDRs the load balancer admits; also the NetworkPolicy's external "
        "clients unless networkPolicy.externalClients is set.", CIDR, examples=[["10.0.0.0/8"]]), (),
        values="service.loadBalancerSourceRanges", doc="Client CIDRs the load balancer admits.")
    external_traffic_policy: Literal["Cluster", "Local"] | None = knob(enum(
        "NodePort/LoadBalancer: Local keeps the client's source address (needed for "
        "networkPolicy.externalClients to match) and answers only on nodes running a pod; Cluster "
        "(Kubernetes' default) masquerades it to a node address.", ["Cluster", "Local"]), None,
        values="service.externalTrafficPolicy",
        doc="Local keeps the client address (NetworkPolicy ipBlocks match it); Cluster masquerades it.")
    # published ports skip the model's gateway, knowingly
    gateway_bypass: bool = knob(boolean("Acknowledge that published ports (nodePorts, LoadBalancer) reach the pods "
                                        "without the gateway (Kong) the model declares; validate warns otherwise.",
                                        DEFAULT), False)

    @property
    def published(self) -> bool:
        """Whether clients outside the cluster reach the pods through node or load-balancer ports."""
        return self.type != "ClusterIP" or bool(self.node_ports)


@dataclass(frozen=True)
class Tls:
    secret_name: str = knob(dns_label("TLS Secret name.", 253, examples=["api-example-com-tls"]))
    hosts: tuple[str, ...] = knob(string_list("Hosts on the certificate; default the ingress host."), ())


@dataclass(frozen=True)
class Ingress:
    host: str = knob(string("Host name.",
                            pattern=r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
                            examples=["api.example.com"], **{"x-expected": "a DNS host name"}))
    class_name: str | None = knob(string("IngressClass (nginx, kong, ...).", examples=["nginx", "kong"]), None)
    path: str = knob(abs_path("URL path.", default=DEFAULT), "/")
    # several paths to the same backend; empty: (path,)
    paths: tuple[str, ...] = knob(string_list("Several URL paths to the same Service port (one Ingress path each, "
                                              "which the Kong ingress controller turns into routes); replaces path.",
                                              abs_path("A URL path."), minItems=1,
                                              examples=[["/api/v1/asr", "/v2/models"]]), ())
    path_type: str = knob(enum("Path matching.", ["Prefix", "Exact", "ImplementationSpecific"], default=DEFAULT),
                          "Prefix")
    port: str = knob(dns_label("Service port name to route to.", 15, default=DEFAULT), "http")
    tls: Tls | None = knob(block(Tls, "TLS from an existing Secret (e.g. cert-manager)."), None)
    annotations: Pairs = knob(annotation_map("Ingress annotations."), ())

    @property
    def all_paths(self) -> tuple[str, ...]:
        return self.paths or (self.path,)


@dataclass(frozen=True)
class KongConsumer:
    username: str = knob(dns_label("Consumer user name.", 253))
    credential_secret: str = knob(dns_label(
        "Secret with the key-auth credential (label konghq.com/credential: key-auth).", 253))


@dataclass(frozen=True)
class RateLimit:
    second: int | None = knob(integer("Requests per second.", 1), None)
    minute: int | None = knob(integer("Requests per minute.", 1), None)
    hour: int | None = knob(integer("Requests per hour.", 1), None)
    policy: str = knob(enum("Counter storage.", ["local", "cluster", "redis"], default=DEFAULT), "local")


_TEXT = {"type": "string", "minLength": 1}


@dataclass(frozen=True)
class Cors:
    """Kong's ``cors`` plugin; the gateway answers preflights before key-auth runs."""

    origins: tuple[str, ...] = knob(string_list("Allowed origins (exact, a regex, or *).", _TEXT, minItems=1,
                                                examples=[["https://asr.example.com"]]))
    methods: tuple[str, ...] = knob(string_list(
        "Allowed methods; Kong's default is every common method.",
        enum("An HTTP method.", ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"])), ())
    headers: tuple[str, ...] = knob(string_list("Request headers allowed; default those the preflight asks for.",
                                                _TEXT, examples=[["Content-Type", "X-API-Key"]]), ())
    exposed_headers: tuple[str, ...] = knob(string_list("Response headers the browser may read.", _TEXT), ())
    credentials: bool = knob(boolean("Send Access-Control-Allow-Credentials: true.", DEFAULT), False)
    max_age: int | None = knob(integer("Seconds a preflight result may be cached.", 0), None)
    preflight_continue: bool = knob(boolean("Proxy preflight requests to the model instead of answering them.",
                                            DEFAULT), False)


@dataclass(frozen=True)
class Kong:
    key_auth: bool = knob(boolean("Require an API key (KongPlugin key-auth).", DEFAULT), False)
    key_names: tuple[str, ...] = knob(string_list("Header or query names carrying the key.", _TEXT, default=DEFAULT,
                                                  minItems=1, examples=[["X-API-Key"]]), ("apikey",))
    hide_credentials: bool = knob(boolean("Strip the key before proxying.", DEFAULT), True)
    consumers: tuple[KongConsumer, ...] = knob(string_list(
        "KongConsumers; each key lives in an existing Secret.", block(KongConsumer, "A consumer.")), (),
        values="kong.consumers", doc="KongConsumers; each API key lives in an existing Secret, never in git.")
    # an empty rateLimit: {} is no plugin
    rate_limit: RateLimit | None = knob(block(RateLimit, "KongPlugin rate-limiting.", examples=[{"minute": 120}]),
                                        None, load=optional(RateLimit), values="kong.rateLimit",
                                        doc="rate-limiting plugin config.")
    cors: Cors | None = knob(block(Cors, "KongPlugin cors: Kong answers preflight requests itself (before key-auth) "
                                   "and adds the Access-Control-* headers."), None, values="kong.cors",
                             doc="cors plugin config (origins, methods, headers, exposed_headers, credentials, "
                                 "max_age).")


@dataclass(frozen=True)
class Peer:
    pod_labels: Pairs = knob(string_map("Pod labels."), ())
    namespace_labels: Pairs = knob(string_map("Namespace labels."), ())


@dataclass(frozen=True)
class NetworkPolicy:
    enabled: bool = knob(boolean("Create the NetworkPolicy.", DEFAULT), True)
    allow_from: tuple[Peer, ...] = knob(string_list(
        "Allowed peers.", block(Peer, "A peer: pods by labels, namespaces by labels, or both."),
        examples=[[{"namespaceLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}]]), ())
    # port names; empty = every declared port
    ports: tuple[str, ...] = knob(string_list("Port names allowed; default all.", dns_label("Port name.", 15)), ())
    allow_same_namespace: bool = knob(boolean("Also allow every pod of the namespace.", DEFAULT), False)
    # CIDRs of clients outside the cluster, admitted on the published ports only; empty falls
    # back to service.loadBalancerSourceRanges
    external_clients: tuple[str, ...] = knob(string_list(
        "CIDRs of clients outside the cluster (ipBlock peers), admitted on the published ports only "
        "(nodePorts, or every port of a LoadBalancer); default service.loadBalancerSourceRanges.",
        CIDR, examples=[["10.20.0.0/16"]]), ())


# kube-prometheus-stack's Prometheus selects ServiceMonitors labelled release=<its Helm release>
# (prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues, true by default); the
# release name its README installs with is kube-prometheus-stack.
DEFAULT_MONITORING_LABELS: Pairs = (("release", "kube-prometheus-stack"),)


@dataclass(frozen=True)
class Monitoring:
    service_monitor: bool = knob(boolean("Create a ServiceMonitor.", DEFAULT), False)
    port: str = knob(dns_label("Port name to scrape.", 15, default=DEFAULT), "metrics",
                     values="serviceMonitor.port", doc="Service port name to scrape.")
    path: str = knob(abs_path("Metrics path.", default=DEFAULT), "/metrics", values="serviceMonitor.path",
                     doc="Metrics path.")
    interval: str = knob(duration("Scrape interval.", default=DEFAULT), "30s", values="serviceMonitor.interval",
                         doc="Scrape interval.")
    labels: Pairs = knob(string_map("Labels the Prometheus selects ServiceMonitors by; the default suits "
                                    "kube-prometheus-stack installed as release kube-prometheus-stack. Set it once "
                                    "under defaults.", default=DEFAULT, examples=[{"release": "prometheus"}]),
                         DEFAULT_MONITORING_LABELS, values="serviceMonitor.labels",
                         doc="Labels your Prometheus selects ServiceMonitors by.")


@dataclass(frozen=True)
class ConfigMap:
    """A ConfigMap the chart creates from inline data, mounted as files and/or read as env."""

    name: str = knob(dns_label("ConfigMap name.", 253, examples=["inference-config"]))
    data: Pairs = knob({"type": "object", "description": "Key → string value.",
                        "propertyNames": {"pattern": r"^[-._a-zA-Z0-9]+$", "maxLength": 253,
                                          "x-expected": "a ConfigMap key (letters, digits, '-', '_', '.')"},
                        "additionalProperties": {"type": "string"},
                        "x-hint": "values are strings: quote numbers and booleans",
                        "examples": [{"INITIAL_MODEL_REPO_ID": "org/model"}]})
    mount_path: str | None = knob(abs_path("Mount the keys as files in this directory."), None)
    env_from: bool = knob(boolean("Expose every key as an environment variable (envFrom).", DEFAULT), False)


CONFIG_MAP = block(ConfigMap, "A ConfigMap created by the chart (named as given) and mounted and/or read as env.",
                   examples=[{"name": "inference-config", "data": {"LOG_LEVEL": "info"}, "envFrom": True}])


@dataclass(frozen=True)
class ServiceAccount:
    create: bool = knob(boolean("Create a ServiceAccount.", DEFAULT), True, values="serviceAccount.create",
                        doc="Create a ServiceAccount for this release.")
    name: str | None = knob(dns_label("Name; default the release fullname.", 253), None, values="serviceAccount.name",
                            doc="Its name; empty uses the full name.")
    automount_token: bool = knob(boolean("Mount the API token (only if the server calls the API).", DEFAULT), False,
                                 values="serviceAccount.automountToken",
                                 doc="Mount an API token into pods; only for servers that call the Kubernetes API.")
    annotations: Pairs = knob(annotation_map("ServiceAccount annotations (e.g. IRSA)."), (),
                              values="serviceAccount.annotations",
                              doc="ServiceAccount annotations (e.g. cloud IAM roles).")


@dataclass(frozen=True)
class Security:
    """Pod security; the defaults meet Pod Security Standards "restricted".

    Each ``allow_*`` opt-out is explicit per model and reported as a warning by validate.
    """

    run_as_user: int = knob(integer("UID.", 1, default=DEFAULT), 1000)
    run_as_group: int = knob(integer("GID.", 1, default=DEFAULT), 1000)
    fs_group: int | None = knob(integer("fsGroup.", 1, default=DEFAULT), 1000)
    read_only_root_filesystem: bool = knob(boolean("Read-only root filesystem.", DEFAULT), True)
    # the loader puts the runtime's own paths first (TorchServe's tmp and logs)
    writable_paths: tuple[str, ...] = knob(string_list(
        "emptyDir mounts for paths the server writes; default /tmp, plus /home/model-server/tmp and "
        "/home/model-server/logs for TorchServe.", abs_path("A path."), default=DEFAULT), ("/tmp",))
    allow_root: bool = knob(boolean("Opt out: run as root (validate warns).", DEFAULT), False)
    allow_privilege_escalation: bool = knob(boolean("Opt out: allow privilege escalation (validate warns).",
                                                    DEFAULT), False)
    capabilities_add: tuple[str, ...] = knob(string_list(
        "Opt out: capabilities to add back (validate warns).",
        {"type": "string", "pattern": "^[A-Z_]+$", "x-expected": "a capability name such as NET_BIND_SERVICE"}), ())


@dataclass(frozen=True)
class KnativeFeatures:
    """What the target cluster's Knative ``config-features`` ConfigMap enables."""

    flags: tuple[str, ...] = ()
    allow_zero_initial_scale: bool = False
    max_revision_timeout_seconds: int = 600
    # Where Knative's data plane runs: the activator and autoscaler (knative-serving) and the
    # ingress gateway (kourier-system for Kourier, istio-system for Istio). NetworkPolicies of
    # Knative pods admit these namespaces so that requests and scale-from-zero reach the pods.
    data_plane_namespaces: tuple[str, ...] = ("knative-serving", "kourier-system")


@dataclass(frozen=True)
class Cluster:
    kubernetes_version: str = "1.33"
    kserve_version: str = "0.20"
    knative_version: str = "1.23"
    argocd_version: str = "3.5"
    knative: KnativeFeatures = field(default_factory=KnativeFeatures)

    def releases(self) -> tuple[tuple[str, str], ...]:
        """The upstream release of each bundled CRD project this cluster runs."""
        return (("argocd", self.argocd_version), ("knative", self.knative_version), ("kserve", self.kserve_version))


@dataclass(frozen=True)
class Knative:
    """Knative Service settings; min/max scale come from :class:`Scaling`."""

    autoscaling_class: str | None = None
    metric: str | None = None
    target: int | None = None
    target_utilization_percentage: int | None = None
    window: str | None = None
    initial_scale: int | None = None
    activation_scale: int | None = None
    scale_to_zero_pod_retention_period: str | None = None
    scale_down_delay: str | None = None
    progress_deadline: str | None = None
    container_concurrency: int | None = None
    timeout_seconds: int = 300
    response_start_timeout_seconds: int | None = None
    idle_timeout_seconds: int | None = None


@dataclass(frozen=True)
class S3:
    endpoint: str  # host:port, no scheme
    secret_name: str | None = None  # the chart creates it, annotated, without data
    role_arn: str | None = None  # IRSA
    create_secret: bool = True  # False: the Secret, annotations included, is managed outside the chart
    region: str | None = None
    use_https: bool = True
    verify_ssl: bool = True


@dataclass(frozen=True)
class KServe:
    model_format: str | None = None  # None: custom predictor container from ``image``
    model_format_version: str | None = None
    runtime: str | None = None
    protocol_version: str | None = None
    storage_uri: str | None = None
    deployment_mode: Literal["Standard", "Knative"] = "Standard"
    scale_metric: str | None = None
    scale_target: int | None = None
    scale_metric_type: str | None = None
    container_concurrency: int | None = None
    timeout: int | None = None
    canary_traffic_percent: int | None = None
    unpacked_size: str | None = None  # the TorchServe archive unpacked (a quantity): sizes TEMP's emptyDir
    deployment_strategy: str | None = None
    s3: S3 | None = None


@dataclass(frozen=True)
class SmokeTest:
    request: Any  # JSON body sent to /predictions/<model>
    content_type: str = "application/json"
    expect_shape: tuple[int, ...] | None = None


@dataclass(frozen=True)
class TorchServe:
    model_file: str | None  # TorchScript .pt, eager model .py, or a directory of weights
    serialized_file: str | None = None
    handler: str = "base_handler"
    extra_files: tuple[str, ...] = ()
    requirements: str | None = None
    version: str = "1.0"
    batch_size: int = 1
    max_batch_delay_ms: int = 100
    min_workers: int = 1
    max_workers: int = 1
    response_timeout: int = 120
    device: Literal["cpu", "gpu"] = "cpu"
    archive_format: Literal["auto", "default", "zip-store", "no-archive", "tgz"] = "auto"
    smoke_test: SmokeTest | None = None
    runtime_version: str | None = None  # TorchServe in the runtime image; None: KServe's pin


@dataclass(frozen=True)
class ArgoCD:
    server: str = knob(string("Destination cluster API server.", default=DEFAULT), "https://kubernetes.default.svc")
    # empty: the catalog-wide argocd.targetRevision, filled in by the loader
    target_revision: str = knob(string("Git revision; default the catalog-wide one."), "")
    prune: bool = knob(boolean("Delete resources removed from the chart.", DEFAULT), True)
    self_heal: bool = knob(boolean("Revert drift.", DEFAULT), True)
    # Replace=true, e.g. after changing a KServe deploymentMode
    replace: bool = knob(boolean("Sync with Replace=true (needed after changing an immutable field).", DEFAULT), False)


# --- Rollouts (issue 19): a new version and its share of traffic -------------------------
# Promotion and rollback are one-line edits: copy the canary's tag (or storageUri) to the stable
# field and delete ``rollout``; or delete ``rollout`` (or set ``percent: 0``) to roll back.


@dataclass(frozen=True)
class Gateway:
    """The Gateway API Gateway an HTTPRoute attaches to (``parentRefs``)."""

    name: str = knob(dns_label("Gateway name.", 253))
    namespace: str | None = knob(dns_label("Gateway namespace; default the model's."), None)
    section_name: str | None = knob(dns_label("Listener name on the Gateway.", 253), None)


_IMAGE = block(Image, "")
CANARY_IMAGE = obj("The canary's image, merged over the stable one: usually only tag or digest.",
                   {k: _IMAGE["properties"][k] for k in ("repository", "tag", "digest", "pullPolicy")},
                   examples=[{"tag": "1.5.0"}])


def canary_image(given: dict[str, Any], stable: dict[str, Any] | None) -> Image:
    """The canary's image: ``given`` over the stable image (both catalog data), whose repository and
    pull secrets it keeps; without a pullPolicy, Always for a tag that can move."""
    base = _load_image(stable) if stable else Image(repository="")
    # a new tag without a digest must not inherit the stable digest, which would win over it
    pinned = given.get("digest") if ("tag" in given or "digest" in given) else base.digest
    image = Image(repository=given.get("repository", base.repository), tag=given.get("tag", base.tag),
                  digest=pinned, pull_secrets=base.pull_secrets)
    return dataclasses.replace(image, pull_policy=given.get("pullPolicy",
                                                            "Always" if image.mutable else "IfNotPresent"))


@dataclass(frozen=True)
class Canary:
    """What changes in the new version: the image (merged over the stable one) and/or, for
    KServe, the storage URI of the new weights."""

    image: Image | None = knob(CANARY_IMAGE, None)  # loaded by catalog/build.py (needs the stable image)
    storage_uri: str | None = knob(string("KServe: where the new version's weights live (replaces "
                                          "kserve.storageUri in the canary).", minLength=1,
                                          examples=["pvc://torchserve-claim/nllb-200-1dot3b-v2"]), None)


_CANARY_HINT: dict[str, Any] = {"x-hint": "give canary.image (a new tag or digest) or, for KServe, canary.storageUri"}


@dataclass(frozen=True)
class Rollout:
    """A canary taking ``percent`` of the requests; the rest stays on the stable version."""

    canary: Canary = knob(block(Canary, "What the new version changes: its image and/or (KServe) its storage URI.",
                                minProperties=1, **_CANARY_HINT))
    percent: int = knob(integer("Share of requests sent to the canary (0-100).", 0, 100,
                                **{"x-hint": "a whole number from 0 (all on stable) to 100 (all on the canary)"}))
    replicas: int | None = knob(integer("serving: deployment and KServe Standard: pods of the canary; default the "
                                        "stable pod floor times percent, rounded up, at least 1.", 1), None)
    gateway: Gateway | None = knob(block(Gateway, "serving: deployment: the Gateway API Gateway the weighted "
                                         "HTTPRoute attaches to; omitted, the route attaches to the model's Service "
                                         "(a GAMMA service mesh splits in-cluster traffic).",
                                         examples=[{"name": "kong", "namespace": "kong"}]), None)


@dataclass(frozen=True)
class Location:
    """Where a node sits in the catalog file (1-based, as editors show it)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, kw_only=True)
class Model:
    """A model. Each field declared with ``knob`` is a property of the catalog's model schema (in
    this order) and loads itself; the loader fills the rest (location; the cluster and the serving
    modes' blocks, whose schemas live with them in the catalog package)."""

    # it names the Service (and KServe's, Knative's) too, so a letter first
    name: str = knob(dns_label("Model name: chart, release, Application and Service name.", 53,
                               examples=["sentiment", "triton-multilingual-asr"], pattern=DNS1035_LABEL,
                               **{"x-expected": "a DNS-1035 label",
                                  "x-hint": "lowercase letters, digits and '-', starting with a letter and ending "
                                            "with a letter or digit, at most 53 characters"}))
    namespace: str = knob(dns_label("Namespace the model runs in.", examples=["ml-inference"]), "default")
    serving: Serving = knob(enum("How the model is served.", ["deployment", "knative", "kserve"], default=DEFAULT),
                            "deployment")
    location: Location
    workload: WorkloadKind = knob(enum("Workload kind for serving: deployment; StatefulSet gives stable pod names.",
                                       ["Deployment", "StatefulSet"], default=DEFAULT), "Deployment")
    component: str = knob(dns_label("app.kubernetes.io/component label.", default=DEFAULT), "inference",
                          values="component", doc="app.kubernetes.io/component label.")
    part_of: str | None = knob(dns_label("app.kubernetes.io/part-of label; defaults to the Argo CD project."), None,
                               values="partOf", doc="app.kubernetes.io/part-of label.")
    labels: Pairs = knob(string_map("Extra labels on every resource.", examples=[{"team": "search"}]), (),
                         values="commonLabels",
                         doc="Extra labels on every resource (never on selectors, which are immutable).")
    annotations: Pairs = knob(annotation_map("Extra annotations on every resource."), (), values="commonAnnotations",
                              doc="Extra annotations on every resource.")
    pod_annotations: Pairs = knob(annotation_map("Extra annotations on pods."), (), values="podAnnotations",
                                  doc="Extra pod annotations.")
    image: Image | None = knob(block(Image, "Container image.", required=[]), None, load=_load_image,
                               values="image", doc="Container image. A digest, when set, wins over the tag.")
    command: tuple[str, ...] = knob(string_list("Container command.", examples=[["uvicorn"]]), (),
                                    values="command", doc="Container entrypoint; empty keeps the image's.")
    args: tuple[str, ...] = knob(string_list("Container arguments.", {"type": "string"},
                                             examples=[["app.main:app", "--port", "8000"]],
                                             **{"x-hint": "quote numbers: args are strings"}), (),
                                 values="args", doc="Container arguments; empty keeps the image's.")
    ports: tuple[Port, ...] = knob(string_list("Named container ports.", PORT, maxItems=16), (), values="ports",
                                   doc="Named container ports. Services, probes and NetworkPolicies refer to them "
                                       "by name.")
    env: tuple[EnvVar, ...] = knob(
        {"type": "object", "description": "Environment variables: NAME → value or reference.",
         "propertyNames": {"pattern": r"^[A-Za-z_][A-Za-z0-9_.-]*$", "x-expected": "an environment variable name"},
         "additionalProperties": ENV_VALUE,
         "examples": [{"LOG_LEVEL": "info", "HF_TOKEN": {"secretKeyRef": {"name": "hf-token", "key": "token"}}}]},
        (), load=_load_env, values="env",
        doc="Environment variables. Secrets only ever as valueFrom.secretKeyRef, never as literal values.")
    probes: Probes = knob(block(Probes, "Container probes."), Probes())
    resources: Resources = knob(block(Resources, "CPU and memory requests and limits.",
                                      examples=[{"requests": {"cpu": "2", "memory": "8Gi"},
                                                 "limits": {"cpu": "4", "memory": "16Gi"}}]), Resources())
    gpu: Gpu | None = knob(block(Gpu, "GPU scheduling. Requests always equal limits for extended resources.",
                                 examples=[{"count": 1, "nodeSelector": {"node-type": "gpu"}}]), None)
    node_selector: Pairs = knob(string_map("Node labels required (non-GPU).",
                                           examples=[{"kubernetes.io/arch": "amd64"}]), ())
    tolerations: tuple[Toleration, ...] = knob(string_list("Tolerations (non-GPU).", TOLERATION), ())
    # a core/v1 Affinity object, passed through and schema-checked
    affinity: Any = knob({"type": "object", "description": "A core/v1 Affinity object, passed through."}, None,
                         values="affinity", doc="Pod affinity and anti-affinity.")
    scaling: Scaling = knob(block(Scaling, "Fixed replicas, or an autoscaled min..max range.",
                                  examples=[{"min": 1, "max": 5, "cpuUtilization": 70}, {"replicas": 2}]), Scaling())
    # an empty disruption: {} is no PodDisruptionBudget
    disruption: Disruption | None = knob(block(Disruption, "PodDisruptionBudget; set one of the two.",
                                               examples=[{"maxUnavailable": 1}]), None, load=optional(Disruption),
                                         values="podDisruptionBudget",
                                         doc="PodDisruptionBudget for voluntary evictions (drains, upgrades).")
    mounts: tuple[Mount, ...] = knob(string_list(
        "Claims (declared under top-level claims) mounted into the container.",
        block(Mount, "A volume mount of a shared claim.",
              examples=[{"claim": "model-cache", "mountPath": "/models", "readOnly": True}])), ())
    config_maps: tuple[ConfigMap, ...] = knob(string_list(
        "ConfigMaps the chart creates from inline data; a change rolls the pods (checksum annotation on the pod "
        "template).", CONFIG_MAP, maxItems=16), (), values="configMaps",
        doc="ConfigMaps this chart creates; the pod template's checksum/config annotation rolls the pods when one "
            "changes.")
    service: Service = knob(block(Service, "Service exposure."), Service(), values="service",
                            doc="The Service in front of the pods.")
    ingress: Ingress | None = knob(block(Ingress, "An Ingress in front of the Service."), None, values="ingress",
                                   doc="Ingress in front of the Service.")
    kong: Kong | None = knob(block(Kong, "Kong gateway plugins, attached with the konghq.com/plugins annotation."),
                             None, values="kong", doc="Kong gateway plugins.")
    network_policy: NetworkPolicy = knob(block(NetworkPolicy, "Ingress NetworkPolicy; on by default."),
                                         NetworkPolicy(), values="networkPolicy",
                                         doc="NetworkPolicy: all ingress traffic is denied except these rules.")
    monitoring: Monitoring = knob(block(Monitoring, "Prometheus scraping."), Monitoring(), values="serviceMonitor",
                                  doc="Prometheus Operator ServiceMonitor for the metrics port.")
    service_account: ServiceAccount = knob(block(ServiceAccount, "Pod identity."), ServiceAccount(),
                                           values="serviceAccount", doc="The pods' ServiceAccount.")
    security: Security = knob(block(Security, "Pod security; defaults meet Pod Security Standards restricted."),
                              Security())
    cluster: Cluster = field(default_factory=Cluster)
    knative: Knative | None = None
    kserve: KServe | None = None
    torchserve: TorchServe | None = None
    argocd: ArgoCD = knob(block(ArgoCD, "Per-model Argo CD Application settings."), ArgoCD())
    # the canary's image is merged over the stable one: the loader (catalog/build.py) passes it in
    rollout: Rollout | None = knob(block(
        Rollout, "A canary rollout: a new version taking `percent` of the requests. Promote: copy the canary's "
        "tag or storageUri to the stable field and delete `rollout`. Roll back: delete `rollout` (or percent: 0).",
        examples=[{"canary": {"image": {"tag": "1.5.0"}}, "percent": 10}]), None)
    # Settings of serving modes that have no field above (plugin modes): (mode name, settings object).
    mode_settings: tuple[tuple[str, Any], ...] = ()

    def port(self, name: str) -> Port | None:
        return next((p for p in self.ports if p.name == name), None)

    def settings_for(self, mode: str) -> Any:
        """The settings block of serving mode ``mode``: its own field, else :attr:`mode_settings`."""
        if mode in MODE_FIELDS:
            return getattr(self, mode)
        return dict(self.mode_settings).get(mode)


MODE_FIELDS = frozenset({"knative", "kserve"})  # built-in modes whose settings are typed fields of Model


@dataclass(frozen=True)
class Project:
    """Catalog-wide Argo CD settings: the AppProject and the app-of-apps root."""

    name: str = knob(dns_label("AppProject name.", examples=["ml-inference"]), key="project")
    repo_url: str = knob(string("Git repository Argo CD syncs from.", pattern=r"^(https://|ssh://|git@)\S+$",
                                examples=["https://git.example.com/platform/ml-gitops.git"],
                                **{"x-expected": "an https://, ssh:// or git@ repository URL"}), key="repoURL")
    target_revision: str = knob(string("Git revision.", default=DEFAULT), "HEAD")
    namespace: str = knob(dns_label("Namespace Argo CD runs in.", default=DEFAULT), "argocd")
    root_app: str = knob(dns_label("Name of the app-of-apps Application.", default=DEFAULT), "infergen-root")
    server: str = knob(string("Cluster API server of the root app.", default=DEFAULT), "https://kubernetes.default.svc")


@dataclass(frozen=True)
class Validation:
    """Schema sources for rendered manifests, paths already resolved against the catalog."""

    crds: tuple[str, ...] = knob(string_list("CRD YAML files or directories, relative to the catalog, for custom "
                                             "kinds.", _TEXT, examples=[["crds/"]]), ())
    schema_locations: tuple[str, ...] = knob(string_list(
        "kubeconform-style schema locations (directory or URL template).", _TEXT), ())
    ignore_missing_schemas: bool = knob(boolean("Accept kinds no schema is found for.", DEFAULT), False)


def storage_chart_name(namespace: str) -> str:
    """Name of the chart and Application holding the claims created in ``namespace``."""
    return f"storage-{namespace}"[:53].rstrip("-")


# apps/<name>.yaml files that are not a model's Application
RESERVED_APP_NAMES = ("project", "root", "argocd-health")


@dataclass(frozen=True)
class Catalog:
    path: str
    project: Project
    models: tuple[Model, ...]
    claims: tuple[Claim, ...] = ()
    warnings: tuple[Finding, ...] = ()  # catalog findings that do not stop generation
    validation: Validation = field(default_factory=Validation)
    environments: tuple[Environment, ...] = ()  # empty: one cluster, today's layout

    def model(self, name: str) -> Model | None:
        return next((m for m in self.models if m.name == name), None)

    def claim(self, name: str, namespace: str) -> Claim | None:
        return next((c for c in self.claims if c.name == name and c.namespace == namespace), None)


# --- Environments (issue 19) ---------------------------------------------------------------


# On every Application of an environment, and (values-<env>.yaml commonLabels) on every resource
# its releases create: `infergen diff --summary` groups changes by it.
ENVIRONMENT_LABEL = "infergen.io/environment"


@dataclass(frozen=True)
class EnvironmentCluster:
    """``environments.<name>.cluster``: the Argo CD destination cluster, by URL or by name."""

    server: str | None = knob(string("Cluster API server URL.", pattern=r"^https://\S+$",
                                     examples=["https://kubernetes.default.svc"],
                                     **{"x-expected": "an https:// URL"}), None)
    name: str | None = knob(dns_label("Cluster name as registered in Argo CD (argocd cluster add --name).", 253,
                                      examples=["staging"]), None)


@dataclass(frozen=True)
class Environment:
    """One deployment target of every model: ``environments.<name>`` applied to the catalog.

    ``catalog`` holds the models and claims as this environment deploys them (its overrides
    merged, namespaces renamed); its models line up with the base catalog's, one for one.
    The declared fields are the environment's own settings; ``overrides`` (a partial model,
    schema ``$defs/modelOverride``) is merged by the catalog loader and not kept here.
    """

    name: str
    catalog: Catalog
    cluster: EnvironmentCluster = knob(block(
        EnvironmentCluster, "Argo CD destination cluster: its API server URL or its name in Argo CD (one of them).",
        None, None, minProperties=1, maxProperties=1, **{"x-hint": "give server or name, not both"}))
    namespace: str | None = knob(dns_label("Put every model and claim of this environment into this one namespace.",
                                           examples=["ml-staging"]), None)
    namespace_suffix: str | None = knob(string(
        "Appended to every model's and claim's namespace (unless namespace is set).",
        pattern=r"^-[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength=20, examples=["-staging"],
        **{"x-expected": "'-' and a DNS label, such as -staging"}), None)
    max_replicas: int | None = knob(integer("Cap on every model's replicas, scaling.max and scaling.min in this "
                                            "environment.", 1, 1000, examples=[1]), None)
    gpu_product: str | None = knob(string("nvidia.com/gpu.product of this cluster's GPU nodes, for every model with "
                                          "a gpu block.", examples=["NVIDIA-A10"]), None)
    host_prefix: str | None = knob(string("Prepended to every ingress host (and TLS host) in this environment.",
                                          pattern=r"^[a-z0-9]([-a-z0-9.]*[-.])?$", maxLength=40,
                                          examples=["staging."],
                                          **{"x-expected": "host name characters, such as staging. or stg-"}), None)
    location: Location | None = None  # environments.<name> in the catalog
    blocks: tuple[Location | None, ...] = ()  # per model: its environments.<name> block, if any

    def destination(self) -> dict[str, str]:
        """``spec.destination`` minus the namespace: server or name, never both."""
        return {"name": self.cluster.name} if self.cluster.name else {"server": self.cluster.server or ""}

    @property
    def by_name(self) -> bool:
        """Whether the destination is a cluster registered in Argo CD (else an API server URL)."""
        return self.cluster.name is not None

    @property
    def target(self) -> str:
        """Server or cluster name, as AppProject destinations match it."""
        return self.cluster.name or self.cluster.server or ""
