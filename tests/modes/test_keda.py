"""scaling.keda → a KEDA ScaledObject (never with an HPA), or KServe's own KEDA fields, on parsed resources."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from generator.catalog import load_catalog
from generator.findings import Severity
from tests.conftest import base_catalog, find
from tests.modes.conftest import assert_points_at, catalog_errors, error_for, schema_errors

PROM = {"type": "prometheus", "serverAddress": "http://prometheus.monitoring.svc:9090",
        "query": 'sum(rate(http_requests_total{service="demo"}[2m]))', "threshold": 10}
QUEUE = {"type": "rabbitmq", "metadata": {"queueName": "jobs", "mode": "QueueLength", "value": "20"},
         "authenticationRef": {"name": "rabbitmq-auth"}}
S3 = {"endpoint": "minio.minio.svc.cluster.local:9000", "secretName": "minio-credentials"}


def deployment(keda: dict[str, Any], **scaling: Any) -> dict[str, Any]:
    return base_catalog(scaling={"min": 0, "max": 4, **scaling, "keda": keda})


def kserve(keda: dict[str, Any], version: str = "0.20", **scaling: Any) -> dict[str, Any]:
    cat = base_catalog(name="iris", serving="kserve", image={}, ports=[], probes={},
                       kserve={"modelFormat": "sklearn", "storageUri": "s3://models/iris", "s3": S3},
                       cluster={"kserveVersion": version}, scaling={"min": 0, "max": 3, **scaling, "keda": keda})
    for key in ("image", "ports", "probes"):
        del cat["models"][0][key]
    return cat


def kinds(docs: list[dict[str, Any]]) -> set[str]:
    return {d["kind"] for d in docs}


def test_deployment_gets_a_scaled_object_and_no_hpa(build):
    built = build(deployment({"cooldownPeriod": 600, "pollingInterval": 15, "triggers": [PROM, QUEUE]}))
    docs = built.render()
    assert "HorizontalPodAutoscaler" not in kinds(docs)
    so = find(docs, "ScaledObject", "demo")
    spec = so["spec"]
    assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "demo"}
    assert (spec["minReplicaCount"], spec["maxReplicaCount"]) == (0, 4)  # scale to zero
    assert (spec["cooldownPeriod"], spec["pollingInterval"]) == (600, 15)
    assert "idleReplicaCount" not in spec
    prom, queue = spec["triggers"]
    assert prom == {"type": "prometheus", "metadata": {"serverAddress": PROM["serverAddress"],
                                                       "query": PROM["query"], "threshold": "10"}}
    assert queue["metadata"] == QUEUE["metadata"]
    assert queue["authenticationRef"] == {"name": "rabbitmq-auth", "kind": "TriggerAuthentication"}
    assert "replicas" not in find(docs, "Deployment", "demo")["spec"]  # the ScaledObject's HPA owns it
    values = yaml.safe_load(built.file("charts/demo/values.yaml"))
    assert "autoscaling" not in values and "replicaCount" not in values and values["keda"]["maxReplicaCount"] == 4
    assert schema_errors(built.root, "demo", "ml") == []  # bundled KEDA v2.20.2 schema and the KEDA rules


def test_argocd_ignores_the_replicas_keda_owns(build):
    app = build(deployment({"triggers": [PROM]})).app("demo")
    assert {"group": "apps", "kind": "Deployment", "name": "demo", "namespace": "ml",
            "jsonPointers": ["/spec/replicas"]} in app["spec"]["ignoreDifferences"]
    # without it a sync would apply the ignored field anyway (argo-cd controller/sync.go, v3.5.1)
    assert "RespectIgnoreDifferences=true" in app["spec"]["syncPolicy"]["syncOptions"]


def test_values_override_reaches_the_scaled_object(build):
    built = build(deployment({"cooldownPeriod": 600, "triggers": [PROM]}))
    override = "keda:\n  minReplicaCount: 1\n  maxReplicaCount: 9\n  cooldownPeriod: 60\n"
    spec = find(built.render(values_override=override), "ScaledObject")["spec"]
    assert (spec["minReplicaCount"], spec["maxReplicaCount"], spec["cooldownPeriod"]) == (1, 9, 60)


def test_kserve_standard_uses_kserve_keda_when_it_can(build):
    built = build(kserve({"triggers": [{**PROM, "authenticationRef": {"name": "prom-auth"}}]}))
    docs = built.render()
    assert not kinds(docs) & {"ScaledObject", "HorizontalPodAutoscaler", "Deployment"}  # KServe creates them
    isvc = find(docs, "InferenceService", "iris")
    assert isvc["metadata"]["annotations"]["serving.kserve.io/autoscalerClass"] == "keda"
    predictor = isvc["spec"]["predictor"]
    assert (predictor["minReplicas"], predictor["maxReplicas"]) == (0, 3)
    assert predictor["autoScaling"]["metrics"] == [{"type": "External", "external": {
        "metric": {"backend": "prometheus", "serverAddress": PROM["serverAddress"], "query": PROM["query"]},
        "target": {"type": "Value", "value": "10"}, "authenticationRef": {"authenticationRef": {"name": "prom-auth"}}}}]
    assert schema_errors(built.root, "iris", "ml") == []  # kserve-min-replicas-zero accepts class keda


@pytest.mark.parametrize(("keda", "version"), [
    ({"triggers": [QUEUE]}, "0.20"),  # KServe's metrics have no queue backends
    ({"cooldownPeriod": 900, "triggers": [PROM]}, "0.20"),  # nor KEDA's timing
    ({"triggers": [PROM]}, "0.14"),  # no autoscalerClass keda before v0.15
    ({"triggers": [{**PROM, "authenticationRef": {"name": "prom-auth"}}]}, "0.15"),  # no authenticationRef
], ids=["queue", "cooldown", "kserve-0.14", "auth-0.15"])
def test_kserve_standard_gets_the_charts_scaled_object_otherwise(build, keda, version):
    built = build(kserve(keda, version))
    docs = built.render()
    assert "HorizontalPodAutoscaler" not in kinds(docs)
    isvc = find(docs, "InferenceService", "iris")
    assert isvc["metadata"]["annotations"]["serving.kserve.io/autoscalerClass"] == "external"  # KServe: no HPA
    assert not {"minReplicas", "maxReplicas", "autoScaling"} & set(isvc["spec"]["predictor"])
    spec = find(docs, "ScaledObject", "iris")["spec"]
    assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "iris-predictor"}
    assert (spec["minReplicaCount"], spec["maxReplicaCount"]) == (0, 3)
    assert [t["type"] for t in spec["triggers"]] == [t["type"] for t in keda["triggers"]]
    assert schema_errors(built.root, "iris", "ml") == []


def test_models_without_keda_are_unchanged(build):
    docs = build(base_catalog(scaling={"min": 1, "max": 3, "cpuUtilization": 70})).render()
    assert "ScaledObject" not in kinds(docs) and find(docs, "HorizontalPodAutoscaler", "demo")


def _knative_kserve() -> dict[str, Any]:
    """ServingMode.scales_with_keda: KServe's Knative deploymentMode has no Deployment for KEDA."""
    cat = kserve({"triggers": [PROM]})
    cat["models"][0]["kserve"]["deploymentMode"] = "Knative"
    return cat


INVALID = [
    (deployment({"triggers": [PROM]}, cpuUtilization=70), "models[0].scaling.cpuUtilization", "HPA",
     "cpuUtilization"),
    (base_catalog(scaling={"replicas": 2, "keda": {"triggers": [PROM]}}), "models[0].scaling.replicas",
     "scaling.min", "replicas"),
    (base_catalog(serving="knative", scaling={"min": 0, "max": 2, "keda": {"triggers": [PROM]}}),
     "models[0].scaling.keda", "Knative", "keda"),
    (_knative_kserve(), "models[0].scaling.keda", "Knative", "keda"),
    (deployment({"idleReplicas": 1, "triggers": [PROM]}, min=1), "models[0].scaling.keda.idleReplicas",
     "below scaling.min", "idleReplicas"),
    (deployment({"triggers": [{**PROM, "name": "load"}, {**QUEUE, "name": "load"}]}),
     "models[0].scaling.keda.triggers[1].name", "unique", "name: load"),
    (deployment({"triggers": [{**QUEUE, "type": "rabbit"}]}), "models[0].scaling.keda.triggers[0].type",
     "rabbitmq", "rabbit"),
    (deployment({"triggers": [{**PROM, "threshold": "ten"}]}), "models[0].scaling.keda.triggers[0].threshold",
     "number", "ten"),
    (deployment({"triggers": []}), "models[0].scaling.keda.triggers", "", "triggers"),
]


@pytest.mark.parametrize(("cat", "path", "text", "key"), INVALID, ids=[c[1] for c in INVALID])
def test_invalid_keda_settings_are_located(write_catalog, cat, path, text, key):
    file = write_catalog(cat)
    finding = error_for(catalog_errors(file), path)
    assert text in finding.message + (finding.hint or "")
    assert_points_at(file, finding, key)


def test_kserve_scale_metric_is_refused_with_keda(write_catalog):
    cat = kserve({"triggers": [PROM]})
    cat["models"][0]["kserve"]["scaleMetric"] = "cpu"
    finding = error_for(catalog_errors(write_catalog(cat)), "models[0].kserve.scaleMetric")
    assert "triggers" in finding.message


def test_timing_without_idle_is_a_warning(write_catalog):
    catalog = load_catalog(write_catalog(deployment({"cooldownPeriod": 600, "triggers": [PROM]}, min=1)))
    assert catalog.models[0].scaling.keda is not None
    warnings = [w for w in catalog.warnings if w.severity is Severity.WARNING]
    assert any(w.path == "models[0].scaling.keda.cooldownPeriod" for w in warnings), warnings


def test_report_names_keda_as_the_autoscaler(write_catalog):
    from generator.report import summarize

    row = summarize(load_catalog(write_catalog(deployment({"triggers": [PROM]})))).models[0]
    assert (row.autoscaler, row.min_pods, row.max_pods) == ("KEDA", 0, 4)
