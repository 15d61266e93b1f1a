"""Typed, frozen spec objects: the contract between the catalog loader and every stage.

The loader turns ``catalog.yaml`` into a :class:`Catalog`; nothing downstream sees raw
YAML. Mappings are stored as sorted tuples of pairs so that specs stay hashable and
iteration order never depends on the input file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.findings import Finding

Pairs = tuple[tuple[str, str], ...]
Serving = Literal["deployment", "knative", "kserve"]
WorkloadKind = Literal["Deployment", "StatefulSet"]

DEFAULT_GPU_RESOURCE = "nvidia.com/gpu"
GPU_PRODUCT_LABEL = "nvidia.com/gpu.product"


@dataclass(frozen=True)
class Toleration:
    key: str
    operator: str = "Exists"
    value: str | None = None
    effect: str | None = None
    toleration_seconds: int | None = None


DEFAULT_GPU_TOLERATIONS = (Toleration(key="nvidia.com/gpu", operator="Exists", effect="NoSchedule"),)


@dataclass(frozen=True)
class Image:
    repository: str
    tag: str | None = None
    digest: str | None = None
    pull_policy: str = "IfNotPresent"  # the builder picks Always for :latest or untagged images
    pull_secrets: tuple[str, ...] = ()

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


@dataclass(frozen=True)
class Port:
    name: str
    port: int
    protocol: str = "TCP"
    app_protocol: str | None = None
    node_port: int | None = None


@dataclass(frozen=True)
class SecretRef:
    name: str
    key: str


@dataclass(frozen=True)
class EnvVar:
    name: str
    value: str | None = None
    secret: SecretRef | None = None
    config_map: SecretRef | None = None
    field_path: str | None = None


@dataclass(frozen=True)
class Probe:
    path: str | None = None  # None: TCP probe on the port
    port: str | int = "http"
    initial_delay_seconds: int | None = None
    period_seconds: int | None = None
    timeout_seconds: int | None = None
    failure_threshold: int | None = None
    success_threshold: int | None = None


@dataclass(frozen=True)
class Probes:
    readiness: Probe | None = None
    liveness: Probe | None = None
    startup: Probe | None = None


@dataclass(frozen=True)
class Resources:
    requests: Pairs = ()
    limits: Pairs = ()


@dataclass(frozen=True)
class Gpu:
    count: int
    resource: str = DEFAULT_GPU_RESOURCE
    product: str | None = None
    node_selector: Pairs = ()
    tolerations: tuple[Toleration, ...] = DEFAULT_GPU_TOLERATIONS
    runtime_class_name: str | None = None


@dataclass(frozen=True)
class ScalingPolicy:
    type: Literal["Pods", "Percent"]
    value: int
    period_seconds: int


@dataclass(frozen=True)
class ScalingRules:
    stabilization_window_seconds: int | None = None
    select_policy: str | None = None
    policies: tuple[ScalingPolicy, ...] = ()


@dataclass(frozen=True)
class Behavior:
    scale_up: ScalingRules | None = None
    scale_down: ScalingRules | None = None


@dataclass(frozen=True)
class Scaling:
    """Fixed ``replicas`` or a ``min``..``max`` range owned by an autoscaler.

    Which autoscaler depends on the serving mode: an HPA for Deployments and KServe
    Standard mode, Knative's autoscaler for Knative and KServe Knative mode.
    """

    replicas: int | None = None
    min: int | None = None
    max: int | None = None
    cpu_utilization: int | None = None
    memory_utilization: int | None = None
    behavior: Behavior | None = None

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
    min_available: int | str | None = None
    max_unavailable: int | str | None = None


@dataclass(frozen=True)
class Claim:
    """A PersistentVolumeClaim declared once in the catalog (``claims:``) and shared."""

    name: str
    namespace: str
    create: bool = True
    size: str | None = None
    storage_class: str | None = None
    access_modes: tuple[str, ...] = ("ReadWriteOnce",)


@dataclass(frozen=True)
class Mount:
    claim: str
    mount_path: str
    sub_path: str | None = None
    read_only: bool = False


@dataclass(frozen=True)
class Service:
    type: Literal["ClusterIP", "NodePort", "LoadBalancer"] = "ClusterIP"
    headless: bool = False  # an extra ``<name>-headless`` Service (always for StatefulSets)
    node_ports: Pairs = ()  # port name -> nodePort; with type ClusterIP adds a NodePort Service
    annotations: Pairs = ()
    load_balancer_source_ranges: tuple[str, ...] = ()
    external_traffic_policy: Literal["Cluster", "Local"] | None = None
    gateway_bypass: bool = False  # published ports skip the model's gateway, knowingly

    @property
    def published(self) -> bool:
        """Whether clients outside the cluster reach the pods through node or load-balancer ports."""
        return self.type != "ClusterIP" or bool(self.node_ports)


@dataclass(frozen=True)
class Tls:
    secret_name: str
    hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ingress:
    host: str
    class_name: str | None = None
    path: str = "/"
    path_type: str = "Prefix"
    port: str = "http"
    tls: Tls | None = None
    annotations: Pairs = ()
    paths: tuple[str, ...] = ()  # several paths to the same backend; empty: (path,)

    @property
    def all_paths(self) -> tuple[str, ...]:
        return self.paths or (self.path,)


@dataclass(frozen=True)
class KongConsumer:
    username: str
    credential_secret: str


@dataclass(frozen=True)
class RateLimit:
    second: int | None = None
    minute: int | None = None
    hour: int | None = None
    policy: str = "local"


@dataclass(frozen=True)
class Cors:
    """Kong's ``cors`` plugin; the gateway answers preflights before key-auth runs."""

    origins: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    exposed_headers: tuple[str, ...] = ()
    credentials: bool = False
    max_age: int | None = None
    preflight_continue: bool = False


@dataclass(frozen=True)
class Kong:
    key_auth: bool = False
    key_names: tuple[str, ...] = ("apikey",)
    hide_credentials: bool = True
    consumers: tuple[KongConsumer, ...] = ()
    rate_limit: RateLimit | None = None
    cors: Cors | None = None


@dataclass(frozen=True)
class Peer:
    pod_labels: Pairs = ()
    namespace_labels: Pairs = ()


@dataclass(frozen=True)
class NetworkPolicy:
    enabled: bool = True
    allow_from: tuple[Peer, ...] = ()
    ports: tuple[str, ...] = ()  # port names; empty = every declared port
    allow_same_namespace: bool = False
    # CIDRs of clients outside the cluster, admitted on the published ports only; empty falls
    # back to service.loadBalancerSourceRanges
    external_clients: tuple[str, ...] = ()


# kube-prometheus-stack's Prometheus selects ServiceMonitors labelled release=<its Helm release>
# (prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues, true by default); the
# release name its README installs with is kube-prometheus-stack.
DEFAULT_MONITORING_LABELS: Pairs = (("release", "kube-prometheus-stack"),)


@dataclass(frozen=True)
class Monitoring:
    service_monitor: bool = False
    port: str = "metrics"
    path: str = "/metrics"
    interval: str = "30s"
    labels: Pairs = DEFAULT_MONITORING_LABELS


@dataclass(frozen=True)
class ConfigMap:
    """A ConfigMap the chart creates from inline data, mounted as files and/or read as env."""

    name: str
    data: Pairs = ()
    mount_path: str | None = None
    env_from: bool = False


@dataclass(frozen=True)
class ServiceAccount:
    create: bool = True
    name: str | None = None
    automount_token: bool = False
    annotations: Pairs = ()


@dataclass(frozen=True)
class Security:
    """Pod security; the defaults meet Pod Security Standards "restricted".

    Each ``allow_*`` opt-out is explicit per model and reported as a warning by validate.
    """

    run_as_user: int = 1000
    run_as_group: int = 1000
    fs_group: int | None = 1000
    read_only_root_filesystem: bool = True
    writable_paths: tuple[str, ...] = ("/tmp",)
    allow_root: bool = False
    allow_privilege_escalation: bool = False
    capabilities_add: tuple[str, ...] = ()


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
    server: str = "https://kubernetes.default.svc"
    target_revision: str = "HEAD"
    prune: bool = True
    self_heal: bool = True
    replace: bool = False  # Replace=true, e.g. after changing a KServe deploymentMode


# --- Rollouts (issue 19): a new version and its share of traffic -------------------------


@dataclass(frozen=True)
class Gateway:
    """The Gateway API Gateway an HTTPRoute attaches to (``parentRefs``)."""

    name: str
    namespace: str | None = None
    section_name: str | None = None


@dataclass(frozen=True)
class Canary:
    """What changes in the new version: the image (merged over the stable one) and/or, for
    KServe, the storage URI of the new weights."""

    image: Image | None = None
    storage_uri: str | None = None


@dataclass(frozen=True)
class Rollout:
    """A canary taking ``percent`` of the requests; the rest stays on the stable version."""

    canary: Canary
    percent: int
    replicas: int | None = None  # serving: deployment (and KServe Standard): the canary's pod count
    gateway: Gateway | None = None  # serving: deployment: None routes through the mesh (HTTPRoute on the Service)


@dataclass(frozen=True)
class Location:
    """Where a node sits in the catalog file (1-based, as editors show it)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Model:
    name: str
    namespace: str
    serving: Serving
    location: Location
    image: Image | None = None
    workload: WorkloadKind = "Deployment"
    component: str = "inference"
    part_of: str | None = None
    labels: Pairs = ()
    annotations: Pairs = ()
    pod_annotations: Pairs = ()
    command: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    ports: tuple[Port, ...] = ()
    env: tuple[EnvVar, ...] = ()
    probes: Probes = field(default_factory=Probes)
    resources: Resources = field(default_factory=Resources)
    gpu: Gpu | None = None
    node_selector: Pairs = ()
    tolerations: tuple[Toleration, ...] = ()
    affinity: Any = None  # a core/v1 Affinity object, passed through and schema-checked
    scaling: Scaling = field(default_factory=Scaling)
    disruption: Disruption | None = None
    mounts: tuple[Mount, ...] = ()
    config_maps: tuple[ConfigMap, ...] = ()
    service: Service = field(default_factory=Service)
    ingress: Ingress | None = None
    kong: Kong | None = None
    network_policy: NetworkPolicy = field(default_factory=NetworkPolicy)
    monitoring: Monitoring = field(default_factory=Monitoring)
    service_account: ServiceAccount = field(default_factory=ServiceAccount)
    security: Security = field(default_factory=Security)
    cluster: Cluster = field(default_factory=Cluster)
    knative: Knative | None = None
    kserve: KServe | None = None
    torchserve: TorchServe | None = None
    argocd: ArgoCD = field(default_factory=ArgoCD)
    rollout: Rollout | None = None

    def port(self, name: str) -> Port | None:
        return next((p for p in self.ports if p.name == name), None)


@dataclass(frozen=True)
class Project:
    """Catalog-wide Argo CD settings: the AppProject and the app-of-apps root."""

    name: str
    repo_url: str
    namespace: str = "argocd"
    target_revision: str = "HEAD"
    root_app: str = "infergen-root"
    server: str = "https://kubernetes.default.svc"


@dataclass(frozen=True)
class Validation:
    """Schema sources for rendered manifests, paths already resolved against the catalog."""

    crds: tuple[str, ...] = ()
    schema_locations: tuple[str, ...] = ()
    ignore_missing_schemas: bool = False


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

    def model(self, name: str) -> Model | None:
        return next((m for m in self.models if m.name == name), None)

    def claim(self, name: str, namespace: str) -> Claim | None:
        return next((c for c in self.claims if c.name == name and c.namespace == namespace), None)
