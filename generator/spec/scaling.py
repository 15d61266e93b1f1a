"""How many pods: fixed replicas or an autoscaled range (HPA, KEDA or Knative), and the PodDisruptionBudget.

KEDA's trigger schema is built here at import, from the declared fields of :class:`KedaTrigger`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from generator.declare.common import INT_OR_PERCENT
from generator.declare.convert import Pairs
from generator.declare.field import DEFAULT, block, knob, load, optional
from generator.declare.parts import Schema, dns_label, enum, integer, obj, string, string_list


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
