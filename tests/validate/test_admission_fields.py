"""Where generate points for an admission error on a rendered manifest: the catalog field table."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.findings import Finding
from generator.lint import RULES
from generator.validate.admission import catalog_field, model_of, rejected

C = "spec.template.spec.containers[0]"


@pytest.mark.parametrize(("path", "resource", "field"), [
    (f"{C}.ports[1].name", "Deployment/ml/m", ("ports", 1)),
    (f"{C}.image", "Deployment/ml/m", ("image",)),
    (f"{C}.args[3]", "Deployment/ml/m", ("args",)),
    (f"{C}.resources.limits.nvidia.com/mig-1g.10gb", "Deployment/ml/m", ("gpu", "resource")),
    (f"{C}.resources.requests.memory", "Deployment/ml/m", ("resources", "requests")),
    (f"{C}.livenessProbe.successThreshold", "Deployment/ml/m", ("probes", "liveness")),
    (f"{C}.volumeMounts[0].name", "Deployment/ml/m", ("mounts",)),
    ("spec.template.metadata.labels.app.kubernetes.io/version", "Deployment/ml/m", ("image", "tag")),
    ("spec.template.metadata.annotations.autoscaling.knative.dev/activation-scale", "Service/ml/m",
     ("knative", "activationScale")),
    ("spec.template.metadata.annotations.autoscaling.knative.dev/max-scale", "Service/ml/m", ("scaling", "max")),
    ("spec.template.spec.timeoutSeconds", "Service/ml/m", ("knative", "timeoutSeconds")),
    ("spec.predictor.model.runtime", "InferenceService/ml/m", ("kserve", "runtime")),
    ("spec.predictor.model.modelFormat.name", "InferenceService/ml/m", ("kserve", "modelFormat")),
    ("spec.predictor.model.env[0].name", "InferenceService/ml/m", ("env",)),
    ("spec.predictor.minReplicas", "InferenceService/ml/m", ("scaling",)),
    ("spec.rules[0].http.paths[0].backend.service.name", "Ingress/ml/m", ("networkPolicy", "allowFrom")),
    ("spec.rules[0].http.paths[0].path", "Ingress/ml/m", ("ingress", "path")),
    ("spec.behavior.scaleDown.stabilizationWindowSeconds", "HorizontalPodAutoscaler/ml/m", ("scaling", "behavior")),
    ("spec.maxUnavailable", "PodDisruptionBudget/ml/m", ("disruption",)),
    ("metadata.name", "InferenceService/ml/m", ("name",)),
])
def test_catalog_field(path: str, resource: str, field: tuple[object, ...]) -> None:
    finding = Finding(file="charts/m/templates/x.yaml", line=1, column=1, path=path, message="m",
                      rule="image-reference", resource=resource)
    assert catalog_field(finding) == field


def test_only_errors_of_ported_rules_become_catalog_errors() -> None:
    made = [Finding(file="charts/m/templates/x.yaml", line=1, column=1, path="p", message="m", rule=r,
                    severity=RULES[r].severity) for r in ("image-reference", "memory-limit-missing",
                                                          "secret-literal", "duplicate-resource")]
    assert [f.rule for f in rejected(made)] == ["image-reference"]
    assert model_of(made[0]) == "m"
    assert model_of(Finding(file="apps/m.yaml", line=1, column=1, path="", message="")) is None


def test_admission_rules_are_listed_and_can_be_disabled(tmp_path) -> None:
    listed = CliRunner().invoke(cli, ["lint", "--list-rules"]).output
    ported = sorted(r.id for r in RULES.values() if r.origin)
    assert len(ported) >= 35 and all(rule_id in listed for rule_id in ported)
    manifest = tmp_path / "m.yaml"
    manifest.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels:\n"
                        "    version: 1.2.3+build.4\ndata: {}\n", encoding="utf-8")
    found = CliRunner().invoke(cli, ["lint", str(manifest), "-o", "json"])
    assert found.exit_code == 1 and '"rule": "label-syntax"' in found.output
    off = CliRunner().invoke(cli, ["lint", str(manifest), "--disable", "label-syntax"])
    assert off.exit_code == 0, off.output
