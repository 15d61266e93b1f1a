"""Built-in rules; importing this package registers them all in :data:`RULES`."""

from generator.lint.rules import (  # noqa: F401  (imported for registration)
    crossref,
    crossref_objects,
    images,
    k8s_meta,
    k8s_policy,
    k8s_ports,
    k8s_probes,
    k8s_resources,
    k8s_service,
    k8s_volumes,
    k8s_workloads,
    keda,
    keda_conflicts,
    knative,
    knative_admission,
    kserve,
    kserve_admission,
    kserve_keda,
    placement,
    reachability,
    resources,
    rollout,
    rollout_kserve,
    scaling,
    secret_literal,
    security,
    stages,
)
from generator.lint.rules.base import RULES, Context, Hit, Rule, rule

__all__ = ["RULES", "Context", "Hit", "Rule", "rule"]
