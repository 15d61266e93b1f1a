"""The spec package: every spec name, importable as ``generator.spec.X``."""

from generator.spec.model import (
    CANARY_IMAGE as CANARY_IMAGE,
)
from generator.spec.model import (
    CONFIG_MAP as CONFIG_MAP,
)
from generator.spec.model import (
    DEFAULT_GPU_RESOURCE as DEFAULT_GPU_RESOURCE,
)
from generator.spec.model import (
    DEFAULT_GPU_TOLERATIONS as DEFAULT_GPU_TOLERATIONS,
)
from generator.spec.model import (
    DEFAULT_MONITORING_LABELS as DEFAULT_MONITORING_LABELS,
)
from generator.spec.model import (
    ENV_VALUE as ENV_VALUE,
)
from generator.spec.model import (
    ENVIRONMENT_LABEL as ENVIRONMENT_LABEL,
)
from generator.spec.model import (
    GPU_PRODUCT_LABEL as GPU_PRODUCT_LABEL,
)
from generator.spec.model import (
    KEDA_QUEUE_TYPES as KEDA_QUEUE_TYPES,
)
from generator.spec.model import (
    KEDA_TRIGGER as KEDA_TRIGGER,
)
from generator.spec.model import (
    MODE_FIELDS as MODE_FIELDS,
)
from generator.spec.model import (
    PORT as PORT,
)
from generator.spec.model import (
    PROBE as PROBE,
)
from generator.spec.model import (
    PROMETHEUS_KEYS as PROMETHEUS_KEYS,
)
from generator.spec.model import (
    RESERVED_APP_NAMES as RESERVED_APP_NAMES,
)
from generator.spec.model import (
    S3 as S3,
)
from generator.spec.model import (
    SCALING_RULES as SCALING_RULES,
)
from generator.spec.model import (
    TOLERATION as TOLERATION,
)
from generator.spec.model import (
    ArgoCD as ArgoCD,
)
from generator.spec.model import (
    Behavior as Behavior,
)
from generator.spec.model import (
    Canary as Canary,
)
from generator.spec.model import (
    Catalog as Catalog,
)
from generator.spec.model import (
    Claim as Claim,
)
from generator.spec.model import (
    Cluster as Cluster,
)
from generator.spec.model import (
    ConfigMap as ConfigMap,
)
from generator.spec.model import (
    Cors as Cors,
)
from generator.spec.model import (
    Disruption as Disruption,
)
from generator.spec.model import (
    Environment as Environment,
)
from generator.spec.model import (
    EnvironmentCluster as EnvironmentCluster,
)
from generator.spec.model import (
    EnvVar as EnvVar,
)
from generator.spec.model import (
    Gateway as Gateway,
)
from generator.spec.model import (
    Gpu as Gpu,
)
from generator.spec.model import (
    Image as Image,
)
from generator.spec.model import (
    Ingress as Ingress,
)
from generator.spec.model import (
    Keda as Keda,
)
from generator.spec.model import (
    KedaAuth as KedaAuth,
)
from generator.spec.model import (
    KedaTrigger as KedaTrigger,
)
from generator.spec.model import (
    Knative as Knative,
)
from generator.spec.model import (
    KnativeFeatures as KnativeFeatures,
)
from generator.spec.model import (
    Kong as Kong,
)
from generator.spec.model import (
    KongConsumer as KongConsumer,
)
from generator.spec.model import (
    KServe as KServe,
)
from generator.spec.model import (
    Location as Location,
)
from generator.spec.model import (
    Model as Model,
)
from generator.spec.model import (
    Monitoring as Monitoring,
)
from generator.spec.model import (
    Mount as Mount,
)
from generator.spec.model import (
    NetworkPolicy as NetworkPolicy,
)
from generator.spec.model import (
    Pairs as Pairs,
)
from generator.spec.model import (
    Peer as Peer,
)
from generator.spec.model import (
    Port as Port,
)
from generator.spec.model import (
    Probe as Probe,
)
from generator.spec.model import (
    Probes as Probes,
)
from generator.spec.model import (
    Project as Project,
)
from generator.spec.model import (
    RateLimit as RateLimit,
)
from generator.spec.model import (
    Resources as Resources,
)
from generator.spec.model import (
    Rollout as Rollout,
)
from generator.spec.model import (
    Scaling as Scaling,
)
from generator.spec.model import (
    ScalingPolicy as ScalingPolicy,
)
from generator.spec.model import (
    ScalingRules as ScalingRules,
)
from generator.spec.model import (
    SecretRef as SecretRef,
)
from generator.spec.model import (
    Security as Security,
)
from generator.spec.model import (
    Service as Service,
)
from generator.spec.model import (
    ServiceAccount as ServiceAccount,
)
from generator.spec.model import (
    Serving as Serving,
)
from generator.spec.model import (
    SmokeTest as SmokeTest,
)
from generator.spec.model import (
    Tls as Tls,
)
from generator.spec.model import (
    Toleration as Toleration,
)
from generator.spec.model import (
    TorchServe as TorchServe,
)
from generator.spec.model import (
    Validation as Validation,
)
from generator.spec.model import (
    WorkloadKind as WorkloadKind,
)
from generator.spec.model import (
    canary_image as canary_image,
)
from generator.spec.model import (
    storage_chart_name as storage_chart_name,
)
