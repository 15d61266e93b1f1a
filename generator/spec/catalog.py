"""The whole catalog: Argo CD project, shared claims, validation sources, models and environments.

The top of the spec: the loader returns a :class:`Catalog`, and each :class:`Environment` holds its
own, so both live here, above the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.declare.common import TEXT
from generator.declare.field import DEFAULT, block, knob
from generator.declare.parts import boolean, dns_label, enum, integer, quantity, string, string_list
from generator.findings import Finding
from generator.spec.model import Location, Model


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
                                             "kinds.", TEXT, examples=[["crds/"]]), ())
    schema_locations: tuple[str, ...] = knob(string_list(
        "kubeconform-style schema locations (directory or URL template).", TEXT), ())
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
