"""Typed, frozen spec objects: the contract between the catalog loader and every stage.

The loader turns ``catalog.yaml`` into a :class:`Catalog`; nothing downstream sees raw YAML. A
field declared with ``knob`` carries its catalog schema, default and values knob in that one
declaration (:mod:`generator.declare.field`). Mappings are stored as sorted tuples of pairs so that
specs stay hashable and iteration order never depends on the input file.

One module per concern: model imports the block modules (scheduling, pod, scaling, exposure, modes,
rollout, which imports pod), catalog imports model. This package re-exports every name, so callers
write ``spec.Model`` without knowing which module holds it.
"""

from generator.declare.convert import Pairs
from generator.spec.catalog import (
    ENVIRONMENT_LABEL,
    RESERVED_APP_NAMES,
    Catalog,
    Claim,
    Environment,
    EnvironmentCluster,
    Project,
    Validation,
    storage_chart_name,
)
from generator.spec.exposure import (
    DEFAULT_MONITORING_LABELS,
    Cors,
    Ingress,
    Kong,
    KongConsumer,
    Monitoring,
    NetworkPolicy,
    Peer,
    RateLimit,
    Service,
    Tls,
)
from generator.spec.model import MODE_FIELDS, ArgoCD, Location, Model, Serving, WorkloadKind
from generator.spec.modes import S3, Cluster, Knative, KnativeFeatures, KServe, SmokeTest, TorchServe
from generator.spec.pod import (
    CONFIG_MAP,
    ENV_VALUE,
    PORT,
    PROBE,
    ConfigMap,
    EnvVar,
    Image,
    Mount,
    Port,
    Probe,
    Probes,
    Resources,
    SecretRef,
    Security,
    ServiceAccount,
    load_env,
    load_image,
)
from generator.spec.rollout import CANARY_IMAGE, Canary, Gateway, Rollout, canary_image
from generator.spec.scaling import (
    KEDA_QUEUE_TYPES,
    KEDA_TRIGGER,
    PROMETHEUS_KEYS,
    SCALING_RULES,
    Behavior,
    Disruption,
    Keda,
    KedaAuth,
    KedaTrigger,
    Scaling,
    ScalingPolicy,
    ScalingRules,
)
from generator.spec.scheduling import (
    DEFAULT_GPU_RESOURCE,
    DEFAULT_GPU_TOLERATIONS,
    GPU_PRODUCT_LABEL,
    TOLERATION,
    Gpu,
    Toleration,
)

__all__ = [
    "CANARY_IMAGE", "CONFIG_MAP", "DEFAULT_GPU_RESOURCE", "DEFAULT_GPU_TOLERATIONS", "DEFAULT_MONITORING_LABELS",
    "ENVIRONMENT_LABEL", "ENV_VALUE", "GPU_PRODUCT_LABEL", "KEDA_QUEUE_TYPES", "KEDA_TRIGGER", "MODE_FIELDS",
    "PORT", "PROBE", "PROMETHEUS_KEYS", "RESERVED_APP_NAMES", "S3", "SCALING_RULES", "TOLERATION", "ArgoCD",
    "Behavior", "Canary", "Catalog", "Claim", "Cluster", "ConfigMap", "Cors", "Disruption", "EnvVar",
    "Environment", "EnvironmentCluster", "Gateway", "Gpu", "Image", "Ingress", "KServe", "Keda", "KedaAuth",
    "KedaTrigger", "Knative", "KnativeFeatures", "Kong", "KongConsumer", "Location", "Model", "Monitoring",
    "Mount", "NetworkPolicy", "Pairs", "Peer", "Port", "Probe", "Probes", "Project", "RateLimit", "Resources",
    "Rollout", "Scaling", "ScalingPolicy", "ScalingRules", "SecretRef", "Security", "Service", "ServiceAccount",
    "Serving", "SmokeTest", "Tls", "Toleration", "TorchServe", "Validation", "WorkloadKind", "canary_image",
    "load_env", "load_image", "storage_chart_name",
]
