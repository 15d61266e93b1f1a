"""Schema of ``scaling.keda``: a KEDA ScaledObject instead of an HPA (Deployments, KServe Standard).

The replica range stays ``scaling.min``/``scaling.max`` (min 0 = scale to zero); this block
adds the triggers and KEDA's timing. Field bounds follow the ScaledObject CRD of
kedacore/keda config/crd/bases/keda.sh_scaledobjects.yaml at v2.20.2.
"""

from __future__ import annotations

from generator.catalog.schema_parts import Schema, dns_label, enum, integer, obj, string

# Queue and stream scalers, as KEDA names them: kedacore/keda pkg/scaling/scalers_builder.go
# buildScaler, v2.20.2. Their metadata keys differ per scaler, so they pass through as strings.
QUEUE_TYPES = ["activemq", "apache-kafka", "artemis-queue", "aws-sqs-queue", "azure-queue", "azure-servicebus",
               "gcp-pubsub", "kafka", "nats-jetstream", "pulsar", "rabbitmq", "redis", "redis-streams"]

NUMBER: Schema = {"type": ["string", "number"], "pattern": r"^[0-9]+(\.[0-9]+)?$", "minimum": 0,
                  "x-expected": "a non-negative number",
                  "x-hint": "a number such as 10 or 0.5 (KEDA reads it as a string)"}

AUTH_REF = obj("A KEDA TriggerAuthentication (or ClusterTriggerAuthentication) holding the scaler's credentials.", {
    "name": dns_label("Name of the TriggerAuthentication in the model's namespace.", 253),
    "kind": enum("Kind of the referenced object.", ["TriggerAuthentication", "ClusterTriggerAuthentication"],
                 default="TriggerAuthentication"),
}, ["name"])

TRIGGER_NAME = dns_label("Trigger name; unique within the model (KEDA names the metric after it).")

PROMETHEUS = obj("Scale on a Prometheus query.", {
    "type": enum("Scaler type.", ["prometheus"]),
    "name": TRIGGER_NAME,
    "serverAddress": string("Prometheus URL.", pattern=r"^https?://[^\s]+$",
                            examples=["http://kube-prometheus-stack-prometheus.monitoring.svc:9090"],
                            **{"x-expected": "an http(s) URL"}),
    "query": string("PromQL query returning one value.", minLength=1,
                    examples=['sum(rate(http_requests_total{service="sentiment"}[2m]))']),
    "threshold": {**NUMBER, "description": "Target value per pod: replicas = ceil(query / threshold)."},
    "activationThreshold": {**NUMBER, "description": "Query value above which the workload wakes from zero."},
    "authenticationRef": AUTH_REF,
}, ["type", "serverAddress", "query", "threshold"])

QUEUE = obj("Scale on a queue or stream backlog; metadata keys are the scaler's (see keda.sh/docs/scalers).", {
    "type": enum("Scaler type.", QUEUE_TYPES),
    "name": TRIGGER_NAME,
    "metadata": {"type": "object", "description": "The scaler's settings, e.g. queueName and value for rabbitmq.",
                 "minProperties": 1, "propertyNames": {"pattern": r"^[A-Za-z][A-Za-z0-9]*$",
                                                       "x-expected": "a camelCase metadata key"},
                 "additionalProperties": {"type": "string"},
                 "x-hint": "values are strings: quote numbers (value: \"20\"); secrets go in a TriggerAuthentication"},
    "authenticationRef": AUTH_REF,
}, ["type", "metadata"])

KEDA: Schema = obj("Scale with a KEDA ScaledObject instead of an HPA (serving: deployment, or kserve Standard mode); "
                   "the range is scaling.min..max and min 0 scales to zero.", {
    "pollingInterval": integer("Seconds between trigger checks (KEDA default 30).", 1),
    "cooldownPeriod": integer("Seconds after the last active trigger before scaling to zero (KEDA default 300).", 0),
    "initialCooldownPeriod": integer("Seconds after creation before the first scale to zero (KEDA default 0).", 0),
    "idleReplicas": integer("Pods while no trigger is active; below scaling.min (usually 0 with min >= 1).", 0),
    "triggers": {"type": "array", "description": "What drives the replica count; the highest wins.", "minItems": 1,
                 "items": {"oneOf": [PROMETHEUS, QUEUE]},
                 "x-hint": "a prometheus trigger {type, serverAddress, query, threshold} or a queue trigger "
                           "{type, metadata}"},
}, ["triggers"], examples=[{"triggers": [{"type": "prometheus", "serverAddress": "http://prometheus:9090",
                                          "query": "sum(rate(requests_total[2m]))", "threshold": "10"}]}])
