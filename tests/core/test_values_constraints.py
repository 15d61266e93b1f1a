"""values.schema.json carries the catalog's enums, patterns and ranges: Helm itself refuses a bad
override, and every chart's own defaults pass."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import helm_python
import pytest
import yaml

from generator.declare.parts import DNS_LABEL
from generator.render import values_constraints as vc
from generator.validate.chartcheck import _values_schema, coalesce
from tests.core.chart_trees import generated_charts

# chart → (override YAML, a word Helm's error must name)
BAD = [
    ("demo", "image:\n  pullPolicy: Sometimes\n", "pullPolicy"),
    ("demo", "image:\n  digest: md5:abc\n", "digest"),
    ("demo", "service:\n  type: Public\n", "type"),
    ("demo", "ports:\n  - {name: http, containerPort: 70000, protocol: TCP}\n", "containerPort"),
    ("demo", "ports:\n  - {name: http, containerPort: 8000, protocol: HTTP}\n", "protocol"),
    ("demo", "ports:\n  - {name: HTTP, containerPort: 8000, protocol: TCP}\n", "HTTP"),
    ("demo", "replicaCount: 5000\n", "replicaCount"),
    ("demo", "nameOverride: Not_A_Label\n", "nameOverride"),
    ("demo", "imagePullSecrets:\n  - name: Registry_Key\n", "name"),
    ("demo", "commonLabels:\n  'bad key!': x\n", "bad key!"),
    ("asr", "autoscaling:\n  maxReplicas: 0\n", "maxReplicas"),
    ("asr", "autoscaling:\n  targetCPUUtilizationPercentage: 150\n", "targetCPUUtilizationPercentage"),
    ("asr", "service:\n  ports:\n    - {name: http, port: 8000, protocol: TCP, nodePort: 80}\n", "nodePort"),
    ("minilm-embedder", "kserve:\n  deploymentMode: Serverful\n", "deploymentMode"),
    ("minilm-embedder", "predictor:\n  canaryTrafficPercent: 150\n", "canaryTrafficPercent"),
    ("minilm-embedder", "model:\n  protocolVersion: v9\n", "protocolVersion"),
    ("minilm-embedder", "model:\n  storageUri: gs://bucket/model\n", "storageUri"),
    ("minilm-embedder", "model:\n  modelFormat:\n    name: caffe\n", "name"),
    ("msv2-inference", "knative:\n  timeoutSeconds: 0\n", "timeoutSeconds"),
    ("doc-summarizer", "keda:\n  maxReplicaCount: 0\n", "maxReplicaCount"),
    ("doc-summarizer", "keda:\n  cooldownPeriod: -5\n", "cooldownPeriod"),
]


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {p.name: p for p in generated_charts(tmp_path_factory.mktemp("trees"))}


def render(chart: Path, override: str) -> None:
    values = helm_python.values_from_yaml(override)
    helm_python.Chart.load(str(chart)).render(values, name=chart.name, namespace="ml", is_install=True)


def test_every_bound_comes_from_a_catalog_field() -> None:
    rules = vc.constraints()
    assert rules["image.pullPolicy"]["enum"] == ["Always", "IfNotPresent", "Never"]
    assert rules["service.ports[].nodePort"] == {"type": "integer", "minimum": 30000, "maximum": 32767}
    assert rules["serviceAccount.name"]["pattern"] == f"^$|{DNS_LABEL}"  # empty means "the full name"
    assert rules["ports[].name"]["pattern"] == DNS_LABEL  # the catalog's IANA pattern needs look-ahead
    for path, field in vc._FROM_CATALOG.items():
        assert vc.catalog_field(field), path
        assert set(rules[path]) - {"type"}, f"{path}: no bound survived from catalog field {field}"
    for rule in rules.values():
        assert not any(a in rule.get("pattern", "") for a in ("(?=", "(?!")), "Go's regexp has no look-around"


def test_defaults_pass_helm_lint(charts: dict[str, Path]) -> None:
    assert len(charts) >= 12
    for chart in charts.values():
        report = helm_python.lint(str(chart), strict=True, namespace="ml")
        assert not report.get("errors"), (chart.name, report["errors"])


@pytest.mark.parametrize(("name", "override", "word"), BAD, ids=[f"{c}:{w}" for c, _, w in BAD])
def test_helm_rejects_a_bad_override(charts: dict[str, Path], name: str, override: str, word: str) -> None:
    chart = charts[name]
    values = yaml.safe_load((chart / "values.yaml").read_text())
    assert next(iter(yaml.safe_load(override))) in values, "override a key the chart has"
    with pytest.raises(helm_python.HelmValuesError, match=word):
        render(chart, override)


def test_good_overrides_pass(charts: dict[str, Path]) -> None:
    render(charts["demo"], "image:\n  pullPolicy: Always\n  digest: sha256:" + "ab" * 32 + "\nreplicaCount: 0\n"
                           "imagePullSecrets:\n  - name: registry-key\nnameOverride: web\n")
    render(charts["minilm-embedder"], "predictor:\n  canaryTrafficPercent: 10\n  minReplicas: 0\n"
                                      "kserve:\n  deploymentMode: RawDeployment\nimagePullSecrets:\n  - name: key\n")


GOOD = [
    ("demo", "image:\n  pullPolicy: Always\n  digest: sha256:" + "ab" * 32 + "\nreplicaCount: 0\n"
             "imagePullSecrets:\n  - name: registry-key\nnameOverride: web\n"),
    ("minilm-embedder", "predictor:\n  canaryTrafficPercent: 10\n  minReplicas: 0\n"
                        "kserve:\n  deploymentMode: RawDeployment\nimagePullSecrets:\n  - name: key\n"),
]


def _python_check(chart: Path, override: str) -> list[str]:
    """The values-schema check validate runs per chart instead of Helm's (see helm.render_prechecked)."""
    values = coalesce(yaml.safe_load((chart / "values.yaml").read_text()), yaml.safe_load(override))
    return [f"{f.path}: {f.message}" for f in _values_schema((chart / "values.schema.json").read_bytes(),
                                                            chart.name, values)]


@pytest.mark.parametrize(("name", "override", "word"), BAD, ids=[f"{c}:{w}" for c, _, w in BAD])
def test_validate_refuses_what_helm_refuses(charts: dict[str, Path], name: str, override: str, word: str) -> None:
    found = _python_check(charts[name], override)
    assert found, f"Helm refuses {override!r}; validate's own schema check must too"
    leaf = next(iter(yaml.safe_load(override)))
    assert any(f.startswith(leaf) or word in f for f in found), found


@pytest.mark.parametrize(("name", "override"), GOOD, ids=[c for c, _ in GOOD])
def test_validate_accepts_what_helm_accepts(charts: dict[str, Path], name: str, override: str) -> None:
    render(charts[name], override)
    assert _python_check(charts[name], override) == []
    assert all(_python_check(chart, "{}") == [] for chart in charts.values())


@pytest.mark.skipif(shutil.which("helm") is None, reason="the helm CLI is not on PATH")
def test_helm_cli_rejects_set_with_an_enum_violation(charts: dict[str, Path]) -> None:
    chart = charts["demo"]
    good = subprocess.run(["helm", "lint", "--strict", str(chart)], capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run(["helm", "template", "demo", str(chart), "--set", "image.pullPolicy=Sometimes"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode != 0
    assert "pullPolicy" in bad.stderr
