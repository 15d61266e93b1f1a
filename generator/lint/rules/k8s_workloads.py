"""Deployment and StatefulSet spec rules of the apps validators."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig, group_of
from generator.lint.rules.pods import selector_matches

E = Severity.ERROR


def _zero(value: object) -> bool:
    return value in (0, "0", "0%")


@rule("workload-spec", E, "Deployment/StatefulSet whose selector does not match its pod template labels, "
      "negative replicas, or a rolling update with maxSurge and maxUnavailable both 0",
      "make spec.selector match spec.template.metadata.labels; replicas ≥ 0; let maxSurge or maxUnavailable "
      "be positive", kinds={"Deployment", "StatefulSet"},
      origin="kubernetes/kubernetes pkg/apis/apps/validation/validation.go ValidateDeploymentSpec, "
             "ValidateStatefulSetSpec, ValidateRollingUpdateDeployment (not verified at a tag); maxSurge and "
             "maxUnavailable not both 0 as documented in staging/src/k8s.io/api/apps/v1/types.go "
             "RollingUpdateDeployment at v1.34.1")
def workload_spec(doc: Document, ctx: Context) -> Iterator[Hit]:
    if group_of(doc.api_version) != "apps":
        return
    spec = doc.obj.get("spec") or {}
    selector, labels = spec.get("selector"), dig(spec, "template", "metadata", "labels")
    if isinstance(selector, dict) and selector and not selector_matches(
            selector, {str(k): str(v) for k, v in (labels or {}).items()}):
        yield Hit("spec.selector", "selector does not match the pod template labels")
    replicas = spec.get("replicas")
    if isinstance(replicas, int) and replicas < 0:
        yield Hit("spec.replicas", f"replicas {replicas} is negative")
    rolling = dig(spec, "strategy", "rollingUpdate")
    if doc.kind == "Deployment" and isinstance(rolling, dict) and _zero(rolling.get("maxSurge", "25%")) and \
            _zero(rolling.get("maxUnavailable", "25%")):
        yield Hit("spec.strategy.rollingUpdate", "maxSurge and maxUnavailable cannot both be 0")
