"""The built-in serving modes' settings (Knative, KServe, TorchServe) and the target cluster.

Plain dataclasses without ``knob()``: the serving-mode plugins (generator/render/modes/) and the
catalog loader own their schemas and build them from catalog data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


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
