"""A model: every catalog model field in schema order, plus its per-model Argo CD settings.

It gathers the blocks of the other spec modules (pod, scheduling, scaling, exposure, modes,
rollout); only catalog.py sits above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.declare.convert import Pairs
from generator.declare.field import DEFAULT, block, knob, optional
from generator.declare.parts import (
    DNS1035_LABEL,
    annotation_map,
    boolean,
    dns_label,
    enum,
    string,
    string_list,
    string_map,
)
from generator.spec.exposure import Ingress, Kong, Monitoring, NetworkPolicy, Service
from generator.spec.modes import Cluster, Knative, KServe, TorchServe
from generator.spec.pod import (
    CONFIG_MAP,
    ENV_VALUE,
    PORT,
    ConfigMap,
    EnvVar,
    Image,
    Mount,
    Port,
    Probes,
    Resources,
    Security,
    ServiceAccount,
    load_env,
    load_image,
)
from generator.spec.rollout import Rollout
from generator.spec.scaling import Disruption, Scaling
from generator.spec.scheduling import TOLERATION, Gpu, Toleration

# A serving mode's name; the catalog schema's enum lists the registered ones (generator/catalog/modes/registry.py).
Serving = str
WorkloadKind = Literal["Deployment", "StatefulSet"]


@dataclass(frozen=True)
class ArgoCD:
    server: str = knob(string("Destination cluster API server.", default=DEFAULT), "https://kubernetes.default.svc")
    # empty: the catalog-wide argocd.targetRevision, filled in by the loader
    target_revision: str = knob(string("Git revision; default the catalog-wide one."), "")
    prune: bool = knob(boolean("Delete resources removed from the chart.", DEFAULT), True)
    self_heal: bool = knob(boolean("Revert drift.", DEFAULT), True)
    # Replace=true, e.g. after changing a KServe deploymentMode
    replace: bool = knob(boolean("Sync with Replace=true (needed after changing an immutable field).", DEFAULT), False)


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
    image: Image | None = knob(block(Image, "Container image.", required=[]), None, load=load_image,
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
        (), load=load_env, values="env",
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
