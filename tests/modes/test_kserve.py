"""serving: kserve → an InferenceService in the spec.predictor.model form, S3 via the ServiceAccount."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalog import load_catalog
from generator.findings import Severity
from generator.pipeline import run_generate
from generator.validate.modechange import mode_changes
from tests.conftest import REPO, base_catalog, find
from tests.modes.conftest import assert_points_at, catalog_errors, error_for, schema_errors

CLAIM = {"name": "torchserve-claim", "namespace": "kubeflow-megaputer", "size": "50Gi",
         "storageClass": "nfs-client", "accessModes": ["ReadWriteMany"]}
S3 = {"endpoint": "minio.minio.svc.cluster.local:9000", "useHttps": False, "secretName": "minio-credentials"}


def kserve(kserve_block: dict[str, Any], **model: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"serving": "kserve", "kserve": kserve_block, "ports": [], "probes": {}}
    entry.update(model)
    cat = base_catalog(**entry)
    for key in ("ports", "probes", "image"):
        if not cat["models"][0][key]:
            del cat["models"][0][key]
    cat["claims"] = [dict(CLAIM), {**CLAIM, "namespace": "ml", "accessModes": ["ReadWriteMany"]}]
    return cat


def nllb() -> dict[str, Any]:
    return kserve({"modelFormat": "pytorch", "runtime": "kserve-torchserve", "protocolVersion": "v1",
                   "storageUri": "pvc://torchserve-claim/nllb-200-1dot3b", "timeout": 300},
                  name="nllb-200-1dot3b", namespace="kubeflow-megaputer", image={}, gpu={"count": 1},
                  resources={"requests": {"cpu": "2", "memory": "8Gi"}, "limits": {"cpu": "2", "memory": "12Gi"}},
                  scaling={"min": 1, "max": 1}, ingress={"host": "nllb.example.com", "className": "nginx"})


def test_reference_inference_service(build):
    built = build(nllb())
    docs = built.render()
    isvc = find(docs, "InferenceService", "nllb-200-1dot3b")
    assert isvc["apiVersion"] == "serving.kserve.io/v1beta1"
    assert isvc["metadata"]["annotations"]["serving.kserve.io/deploymentMode"] == "Standard"
    predictor = isvc["spec"]["predictor"]
    assert "pytorch" not in predictor  # never the legacy form
    model = predictor["model"]
    assert model["modelFormat"] == {"name": "pytorch"}
    assert (model["runtime"], model["protocolVersion"]) == ("kserve-torchserve", "v1")
    assert model["storageUri"] == "pvc://torchserve-claim/nllb-200-1dot3b"
    assert model["resources"]["limits"] == {"cpu": "2", "memory": "12Gi", "nvidia.com/gpu": 1}
    assert (predictor["minReplicas"], predictor["maxReplicas"], predictor["timeout"]) == (1, 1, 300)
    assert predictor["serviceAccountName"] == "nllb-200-1dot3b"
    backend = find(docs, "Ingress")["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": "nllb-200-1dot3b-predictor", "port": {"number": 80}}
    assert not [d for d in docs if d["kind"] in ("HorizontalPodAutoscaler", "Deployment", "Service")]
    assert schema_errors(built.root, "nllb-200-1dot3b", "kubeflow-megaputer") == []
    chart = yaml.safe_load(built.file("charts/nllb-200-1dot3b/Chart.yaml"))
    assert chart["annotations"]["infergen.io/kserve-deployment-mode"] == "Standard"


@pytest.mark.parametrize(("version", "mode", "expected"), [
    ("0.15", "Standard", "RawDeployment"), ("0.15", "Knative", "Serverless"),
    ("0.16", "Standard", "Standard"), ("0.20", "Knative", "Knative")])
def test_deployment_mode_per_kserve_version(build, version, mode, expected):
    cat = kserve({"modelFormat": "sklearn", "storageUri": "pvc://torchserve-claim/iris", "deploymentMode": mode},
                 image={}, cluster={"kserveVersion": version,
                                    "knative": {"features": ["kubernetes.podspec-persistent-volume-claim"]}})
    built = build(cat)
    isvc = find(built.render(), "InferenceService", "demo")
    assert isvc["metadata"]["annotations"]["serving.kserve.io/deploymentMode"] == expected
    assert schema_errors(built.root, "demo", "ml") == []


def test_s3_settings_live_on_the_secret_the_account_lists(build):
    built = build(kserve({"modelFormat": "onnx", "protocolVersion": "v2", "storageUri": "s3://models/fraud/1",
                          "s3": {**S3, "region": "us-east-1"}}, image={}, scaling={"min": 1, "max": 2,
                                                                                   "cpuUtilization": 60}))
    docs = built.render()
    isvc = find(docs, "InferenceService", "demo")
    assert not [k for k in isvc["metadata"]["annotations"] if k.startswith("serving.kserve.io/s3-")]
    account = find(docs, "ServiceAccount", "demo")
    assert not [k for k in account["metadata"]["annotations"] if k.startswith("serving.kserve.io/s3-")]
    assert account["secrets"] == [{"name": "minio-credentials"}]
    secret = find(docs, "Secret", "minio-credentials")
    ann = secret["metadata"]["annotations"]
    assert ann["serving.kserve.io/s3-endpoint"] == "minio.minio.svc.cluster.local:9000"
    assert (ann["serving.kserve.io/s3-usehttps"], ann["serving.kserve.io/s3-region"]) == ("0", "us-east-1")
    assert "data" not in secret and "stringData" not in secret  # no value ever in git
    app = yaml.safe_load(built.file("apps/demo.yaml"))
    assert {"group": "", "kind": "Secret", "name": "minio-credentials", "namespace": "ml",
            "jsonPointers": ["/data"]} in app["spec"]["ignoreDifferences"]
    assert "RespectIgnoreDifferences=true" in app["spec"]["syncPolicy"]["syncOptions"]
    predictor = isvc["spec"]["predictor"]
    assert predictor["serviceAccountName"] == "demo"
    assert predictor["autoScaling"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 60
    assert schema_errors(built.root, "demo", "ml") == []


def test_s3_with_irsa_annotates_the_service_account(build):
    role = "arn:aws:iam::123456789012:role/models"
    built = build(kserve({"modelFormat": "onnx", "storageUri": "s3://models/fraud/1",
                          "s3": {"endpoint": "s3.eu-west-1.amazonaws.com", "roleArn": role}}, image={}))
    docs = built.render()
    ann = find(docs, "ServiceAccount", "demo")["metadata"]["annotations"]
    assert ann["eks.amazonaws.com/role-arn"] == role
    assert ann["serving.kserve.io/s3-endpoint"] == "s3.eu-west-1.amazonaws.com"
    assert not [d for d in docs if d["kind"] == "Secret"]
    assert "secrets" not in find(docs, "ServiceAccount", "demo")


def test_custom_predictor_container(build):
    built = build(kserve({"deploymentMode": "Knative"}, ports=[{"name": "http", "port": 8080}],
                         probes={"readiness": {"path": "/health", "port": "http"}}, scaling={"min": 0, "max": 2}))
    predictor = find(built.render(), "InferenceService", "demo")["spec"]["predictor"]
    container = predictor["containers"][0]
    assert container["name"] == "kserve-container"
    assert container["image"] == "registry.example.com/demo:1.0.0"
    assert container["ports"][0]["name"] == "http1"  # Knative mode: Knative port names
    assert predictor["minReplicas"] == 0
    assert "securityContext" not in predictor  # no security-context flag in Knative mode
    assert schema_errors(built.root, "demo", "ml") == []


INVALID = [
    ({"kserve": {"modelFormat": "onnx", "storageUri": "pvc://torchserve-claim/x"}, "scaling": {"min": 0, "max": 1}},
     "models[0].scaling.min", "Knative", "min"),
    ({"kserve": {"modelFormat": "onnx", "storageUri": "pvc://torchserve-claim/x", "canaryTrafficPercent": 10}},
     "models[0].kserve.canaryTrafficPercent", "Knative", "canaryTrafficPercent"),
    ({"kserve": {"modelFormat": "onnx", "storageUri": "pvc://torchserve-claim/x", "deploymentMode": "Knative",
                 "deploymentStrategy": "Recreate"}, "cluster": {"knative": {"features": [
                     "kubernetes.podspec-persistent-volume-claim"]}}},
     "models[0].kserve.deploymentStrategy", "Standard", "deploymentStrategy"),
    ({"kserve": {"modelFormat": "onnx", "storageUri": "pvc://torchserve-claim/x", "deploymentMode": "Knative"},
      "scaling": {"min": 1, "max": 3, "behavior": {"scaleUp": {"stabilizationWindowSeconds": 5}}},
      "cluster": {"knative": {"features": ["kubernetes.podspec-persistent-volume-claim"]}}},
     "models[0].scaling", "HPA", "scaling"),
    ({"kserve": {"modelFormat": "onnx", "storageUri": "pvc://torchserve-claim/x", "deploymentMode": "Knative"}},
     "models[0].kserve.storageUri", "kubernetes.podspec-persistent-volume-claim", "storageUri"),
    ({"kserve": {"modelFormat": "onnx", "storageUri": "s3://models/x"}}, "models[0].kserve.storageUri",
     "kserve.s3", "storageUri"),
    ({"kserve": {"modelFormat": "onnx", "storageUri": "pvc://torchserve-claim/x", "s3": S3}}, "models[0].kserve.s3",
     "pvc://", "s3"),
    ({"kserve": {"modelFormat": "onnx", "storageUri": "pvc://missing-claim/x"}}, "models[0].kserve.storageUri",
     "missing-claim", "storageUri"),
    ({"kserve": {"modelFormat": "onnx", "storageUri": "s3://m/x", "s3": {**S3, "endpoint": "http://minio:9000"}}},
     "models[0].kserve.s3.endpoint", "", "endpoint"),
    ({"kserve": {"modelFormat": "onnx", "storageUri": "pvc://torchserve-claim/x"},
      "ports": [{"name": "mgmt", "port": 8081}]}, "models[0].ports[0].port", "management", "8081"),
    ({"kserve": {"modelFormat": "onnx", "storageUri": "pvc://torchserve-claim/x"}, "service": {"headless": True}},
     "models[0].service.headless", "deployment", "headless"),
]


@pytest.mark.parametrize(("fields", "path", "text", "key"), INVALID, ids=[c[1] for c in INVALID])
def test_invalid_kserve_settings(write_catalog, fields, path, text, key):
    cat = kserve(fields.pop("kserve"), image={}, **fields)
    file = write_catalog(cat)
    finding = error_for(catalog_errors(file), path)
    assert text in finding.message + (finding.hint or "")
    assert_points_at(file, finding, key)


def test_deployment_mode_change_needs_rename_or_replace(write_catalog, tmp_path: Path):
    cat = kserve({"modelFormat": "onnx", "storageUri": "pvc://torchserve-claim/x"}, image={})
    path = write_catalog(cat)
    assert run_generate(path, tmp_path, check=False, validate=False, quiet=True).exit == 0
    cat["models"][0]["kserve"]["deploymentMode"] = "Knative"
    cat["models"][0]["cluster"] = {"knative": {"features": ["kubernetes.podspec-persistent-volume-claim"]}}
    path = write_catalog(cat)
    [finding] = mode_changes(load_catalog(path), tmp_path)
    assert finding.severity is Severity.ERROR and "Standard to Knative" in finding.message
    assert run_generate(path, tmp_path, check=False, validate=False, quiet=True).exit == 1
    cat["models"][0]["argocd"] = {"replace": True}
    path = write_catalog(cat)
    assert mode_changes(load_catalog(path), tmp_path)[0].severity is Severity.WARNING
    assert run_generate(path, tmp_path, check=False, validate=False, quiet=True).exit == 0
    app = yaml.safe_load((tmp_path / "apps" / "demo.yaml").read_text())
    assert "Replace=true" in app["spec"]["syncPolicy"]["syncOptions"]
    assert mode_changes(load_catalog(path), tmp_path) == []


def test_example_catalog_holds_the_reference_deployments():
    catalog = load_catalog(REPO / "catalog.yaml")
    modes = {m.name: m.serving for m in catalog.models}
    for name in ("triton-multilingual-asr", "pytorch-classifier", "inference-server", "msv2-inference",
                 "nllb-200-1dot3b", "minilm-embedder", "fraud-detector"):
        assert name in modes
    assert modes["msv2-inference"] == "knative" and modes["nllb-200-1dot3b"] == "kserve"
    fraud = catalog.model("fraud-detector")
    assert fraud is not None and fraud.kserve is not None and fraud.kserve.s3 is not None
    minilm = catalog.model("minilm-embedder")
    assert minilm is not None and minilm.torchserve is not None and minilm.torchserve.max_batch_delay_ms == 5


def test_s3_secret_managed_outside_the_chart(build):
    built = build(kserve({"modelFormat": "onnx", "storageUri": "s3://models/fraud/1",
                          "s3": {**S3, "createSecret": False}}, image={}))
    docs = built.render()
    assert not [d for d in docs if d["kind"] == "Secret"]
    assert find(docs, "ServiceAccount", "demo")["secrets"] == [{"name": "minio-credentials"}]
    app = yaml.safe_load(built.file("apps/demo.yaml"))
    assert "ignoreDifferences" not in app["spec"]
    projects = list(yaml.safe_load_all(built.file("apps/project.yaml")))
    assert "Secret" not in {k["kind"] for p in projects for k in p["spec"]["namespaceResourceWhitelist"]}
    notes = built.file("charts/demo/templates/NOTES.txt")
    assert "annotate secret minio-credentials serving.kserve.io/s3-endpoint=minio.minio.svc.cluster.local:9000" \
        in notes
