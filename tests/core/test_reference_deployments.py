"""The example catalog's five reference deployments, rendered by the helm engine as Argo CD would,
checked figure by figure against what those teams run (README "Reference deployments", issue 18).

Every figure asserted here is a figure of the reference (ports, NodePorts, HPA bounds and
behaviour, resources, claim sizes, key header, gateway paths, CORS, LoadBalancer, ConfigMaps).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.reliability.trees import REPO
from tests.security.rendered import render_catalog

Docs = dict[str, list[dict[str, Any]]]


def _example(tmp: Path, edit: Any = None) -> Path:
    data = yaml.safe_load((REPO / "catalog.yaml").read_text(encoding="utf-8"))
    data.pop("validation", None)
    if edit is not None:
        edit(data)
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Docs:
    root = tmp_path_factory.mktemp("reference")
    return render_catalog(_example(root / "tree"), root / "out")


def one(docs: Docs, chart: str, kind: str, name: str | None = None) -> dict[str, Any]:
    found = [d for d in docs[chart] if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]
    assert len(found) == 1, f"{chart}: {len(found)} {kind} {name or ''}"
    return found[0]


def pod_spec(doc: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = doc["spec"]["template"]["spec"]
    return spec


def container(doc: dict[str, Any]) -> dict[str, Any]:
    first: dict[str, Any] = pod_spec(doc)["containers"][0]
    return first


def resources(cpu_req: str, mem_req: str, cpu_lim: str, mem_lim: str, gpus: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {"requests": {"cpu": cpu_req, "memory": mem_req},
                           "limits": {"cpu": cpu_lim, "memory": mem_lim}}
    if gpus:
        out["requests"]["nvidia.com/gpu"] = out["limits"]["nvidia.com/gpu"] = gpus
    return out


# --- 1. Knative GPU embedding service: scales to zero after an hour idle ----------------------------


def test_knative_embedding_scales_to_zero_after_an_hour(rendered: Docs):
    ksvc = one(rendered, "msv2-inference", "Service")
    assert ksvc["apiVersion"] == "serving.knative.dev/v1"
    annotations = ksvc["spec"]["template"]["metadata"]["annotations"]
    assert annotations["autoscaling.knative.dev/min-scale"] == "0"
    assert annotations["autoscaling.knative.dev/max-scale"] == "1"
    assert annotations["autoscaling.knative.dev/scale-to-zero-pod-retention-period"] == "1h"
    spec = ksvc["spec"]["template"]["spec"]
    assert spec["timeoutSeconds"] == 120
    assert spec["runtimeClassName"] == "nvidia"
    assert spec["nodeSelector"] == {"kubernetes.io/hostname": "adama"}
    c = spec["containers"][0]
    # the example rolls out 2.0 as a canary: the template is the canary's, 80 % stays on the stable
    # (:latest) revision, named by the hash of its template
    assert c["image"] == "hatchikin/msv2-inference-gpu:2.0"
    assert c["imagePullPolicy"] == "IfNotPresent"  # an immutable tag (:latest would pull Always)
    stable, canary = ksvc["spec"]["traffic"]
    assert stable["revisionName"].startswith("msv2-inference-") and stable["percent"] == 80
    assert canary == {"latestRevision": True, "tag": "canary", "percent": 20}
    assert [p["containerPort"] for p in c["ports"]] == [8000]
    assert c["resources"] == resources("2", "8Gi", "4", "16Gi", gpus=1)


# --- 2. Triton ASR: HPA, PDB, three ports, NodePorts, Kong with CORS and X-API-Key --------------------


ASR = "triton-multilingual-asr"


def test_asr_workload_ports_resources_and_pull_policy(rendered: Docs):
    deployment = one(rendered, ASR, "Deployment", ASR)
    c = container(deployment)
    assert {p["name"]: p["containerPort"] for p in c["ports"]} == {"http": 8000, "grpc": 8001, "metrics": 8002}
    assert c["resources"] == resources("2", "8Gi", "4", "16Gi", gpus=1)
    assert c["imagePullPolicy"] == "Always"
    assert pod_spec(deployment)["nodeSelector"] == {"node-type": "gpu"}
    assert c["readinessProbe"]["httpGet"] == {"path": "/v2/health/ready", "port": "http"}
    assert c["livenessProbe"]["httpGet"] == {"path": "/v2/health/live", "port": "http"}
    assert "replicas" not in deployment["spec"]  # the HPA owns it


def test_asr_hpa_bounds_and_behaviour(rendered: Docs):
    spec = one(rendered, ASR, "HorizontalPodAutoscaler")["spec"]
    assert (spec["minReplicas"], spec["maxReplicas"]) == (1, 5)
    targets = {m["resource"]["name"]: m["resource"]["target"]["averageUtilization"] for m in spec["metrics"]}
    assert targets == {"cpu": 70, "memory": 80}
    assert spec["behavior"] == {
        "scaleUp": {"stabilizationWindowSeconds": 60, "selectPolicy": "Max",
                    "policies": [{"type": "Percent", "value": 50, "periodSeconds": 60},
                                 {"type": "Pods", "value": 2, "periodSeconds": 60}]},
        "scaleDown": {"stabilizationWindowSeconds": 300,
                      "policies": [{"type": "Percent", "value": 10, "periodSeconds": 60}]},
    }
    assert one(rendered, ASR, "PodDisruptionBudget")["spec"]["maxUnavailable"] == 1


def test_asr_node_ports_30080_to_30082(rendered: Docs):
    svc = one(rendered, ASR, "Service", f"{ASR}-nodeport")
    assert svc["spec"]["type"] == "NodePort"
    assert {p["name"]: p["nodePort"] for p in svc["spec"]["ports"]} == {"http": 30080, "grpc": 30081,
                                                                        "metrics": 30082}
    assert svc["spec"]["externalTrafficPolicy"] == "Local"
    primary = one(rendered, ASR, "Service", ASR)["spec"]
    # the ClusterIP Service keeps no external-traffic field: the API server rejects it there
    assert primary["type"] == "ClusterIP" and "externalTrafficPolicy" not in primary


def test_asr_network_policy_admits_kong_and_the_lab_on_the_node_ports(rendered: Docs):
    rules = one(rendered, ASR, "NetworkPolicy", ASR)["spec"]["ingress"]
    kong = [r for r in rules if {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kong"}}}
            in r["from"]]
    assert len(kong) == 1
    external = [r for r in rules if any("ipBlock" in peer for peer in r["from"])]
    assert len(external) == 1
    assert external[0]["from"] == [{"ipBlock": {"cidr": "10.0.0.0/8"}}]
    assert sorted(p["port"] for p in external[0]["ports"]) == ["grpc", "http", "metrics"]


def test_asr_gateway_paths_key_header_cors_and_rate_limit(rendered: Docs):
    ingress = one(rendered, ASR, "Ingress")
    assert ingress["spec"]["ingressClassName"] == "kong"
    [rule] = ingress["spec"]["rules"]
    assert rule["host"] == "asr.example.com"
    assert [p["path"] for p in rule["http"]["paths"]] == ["/api/v1/asr", "/v2/models", "/v2/health"]
    assert {p["backend"]["service"]["name"] for p in rule["http"]["paths"]} == {ASR}
    plugins = {d["plugin"]: d for d in rendered[ASR] if d["kind"] == "KongPlugin"}
    assert set(plugins) == {"cors", "key-auth", "rate-limiting"}
    attached = ingress["metadata"]["annotations"]["konghq.com/plugins"].split(",")
    assert sorted(attached) == sorted(p["metadata"]["name"] for p in plugins.values())
    assert plugins["key-auth"]["config"] == {"key_names": ["X-API-Key"], "hide_credentials": True}
    assert plugins["cors"]["config"] == {
        "origins": ["https://asr.example.com"], "methods": ["GET", "POST", "OPTIONS"],
        "headers": ["Content-Type", "X-API-Key"], "exposed_headers": ["X-Request-Id"], "credentials": False,
        "max_age": 3600, "preflight_continue": False}
    assert plugins["rate-limiting"]["config"] == {"minute": 120, "policy": "local", "limit_by": "consumer"}
    consumer = one(rendered, ASR, "KongConsumer")
    assert (consumer["username"], consumer["credentials"]) == ("asr-client", ["asr-client-key"])


def test_asr_service_monitor_carries_the_prometheus_release_label(rendered: Docs):
    monitor = one(rendered, ASR, "ServiceMonitor")
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    assert monitor["spec"]["endpoints"][0]["port"] == "metrics"


# --- 3. KServe TorchServe translation model on an NFS claim ------------------------------------------


def test_kserve_translation_on_the_nfs_claim(rendered: Docs):
    isvc = one(rendered, "nllb-200-1dot3b", "InferenceService")
    predictor = isvc["spec"]["predictor"]
    model = predictor["model"]
    assert model["storageUri"] == "pvc://torchserve-claim/nllb-200-1dot3b"
    assert (model["modelFormat"]["name"], model["runtime"], model["protocolVersion"]) == (
        "pytorch", "kserve-torchserve", "v1")
    assert model["resources"] == resources("2", "8Gi", "2", "12Gi", gpus=1)
    assert (predictor["minReplicas"], predictor["maxReplicas"], predictor["timeout"]) == (1, 1, 300)
    assert predictor["deploymentStrategy"] == {"type": "Recreate"}
    claim = one(rendered, "storage-kubeflow-megaputer", "PersistentVolumeClaim", "torchserve-claim")
    assert claim["spec"]["resources"]["requests"]["storage"] == "50Gi"
    assert (claim["spec"]["accessModes"], claim["spec"]["storageClassName"]) == (["ReadWriteMany"], "nfs-client")


# --- 4. UI-driven classifier: Ingress with TLS, HPA 2..10 at 70 % CPU ---------------------------------


def test_classifier_hpa_two_to_ten_at_70_percent_cpu(rendered: Docs):
    spec = one(rendered, "pytorch-classifier", "HorizontalPodAutoscaler")["spec"]
    assert (spec["minReplicas"], spec["maxReplicas"]) == (2, 10)
    [metric] = spec["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"] == {"type": "Utilization", "averageUtilization": 70}


def test_classifier_ingress_tls_and_resources(rendered: Docs):
    ingress = one(rendered, "pytorch-classifier", "Ingress")["spec"]
    assert ingress["ingressClassName"] == "nginx"
    assert ingress["tls"] == [{"secretName": "api-example-com-tls", "hosts": ["api.example.com"]}]
    [path] = ingress["rules"][0]["http"]["paths"]
    assert (ingress["rules"][0]["host"], path["path"]) == ("api.example.com", "/predict")
    c = container(one(rendered, "pytorch-classifier", "Deployment"))
    assert c["resources"] == resources("2", "4Gi", "2", "4Gi")
    assert c["imagePullPolicy"] == "IfNotPresent"  # pinned 1.4.2


# --- 5. Inference fleet on a shared model cache, UI on a LoadBalancer, ConfigMaps ----------------------


def test_fleet_shared_cache_and_stateful_inference(rendered: Docs):
    claim = one(rendered, "storage-ml-inference", "PersistentVolumeClaim", "model-cache")
    assert claim["spec"]["resources"]["requests"]["storage"] == "100Gi"
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    sts = one(rendered, "inference-server", "StatefulSet")
    assert sts["spec"]["replicas"] == 2
    c = container(sts)
    assert c["resources"] == resources("4", "16Gi", "8", "32Gi", gpus=1)
    assert {"name": "claim-model-cache", "mountPath": "/models", "readOnly": True} in c["volumeMounts"]
    rules = one(rendered, "inference-server", "NetworkPolicy")["spec"]["ingress"]
    allowed = [p["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for p in rules[0]["from"]]
    assert allowed == ["trainer-server", "ui-server"] and rules[0]["ports"] == [{"port": "http", "protocol": "TCP"}]


@pytest.mark.parametrize(("chart", "kind", "config_map", "key"), [
    ("inference-server", "StatefulSet", "inference-config", "INITIAL_MODEL_REPO_ID"),
    ("trainer-server", "Deployment", "trainer-config", "OUTPUT_DIR"),
])
def test_fleet_config_maps_are_read_as_env(rendered: Docs, chart: str, kind: str, config_map: str, key: str):
    cm = one(rendered, chart, "ConfigMap", config_map)
    assert key in cm["data"]
    workload = one(rendered, chart, kind)
    assert container(workload)["envFrom"] == [{"configMapRef": {"name": config_map}}]
    checksum = workload["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
    assert re.fullmatch(r"[0-9a-f]{64}", checksum)


def test_changing_a_config_map_rolls_the_pods(rendered: Docs, tmp_path: Path):
    def edit(data: dict[str, Any]) -> None:
        model = next(m for m in data["models"] if m["name"] == "inference-server")
        model["configMaps"][0]["data"]["INITIAL_MODEL_REPO_ID"] = "another/model"

    changed = render_catalog(_example(tmp_path / "tree", edit), tmp_path / "out")

    def checksum(docs: Docs, chart: str, kind: str) -> str:
        value: str = one(docs, chart, kind)["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
        return value

    assert checksum(changed, "inference-server", "StatefulSet") != checksum(rendered, "inference-server",
                                                                           "StatefulSet")
    # an unrelated chart keeps its pods
    assert checksum(changed, "trainer-server", "Deployment") == checksum(rendered, "trainer-server", "Deployment")


def test_fleet_ui_is_a_load_balancer_open_to_its_source_ranges(rendered: Docs):
    svc = one(rendered, "ui-server", "Service", "ui-server")["spec"]
    assert svc["type"] == "LoadBalancer"
    assert svc["loadBalancerSourceRanges"] == ["10.0.0.0/8"]
    assert svc["externalTrafficPolicy"] == "Local"
    assert [p["port"] for p in svc["ports"]] == [3000]
    rules = one(rendered, "ui-server", "NetworkPolicy")["spec"]["ingress"]
    external = [r for r in rules if any("ipBlock" in p for p in r["from"])]
    assert external == [{"from": [{"ipBlock": {"cidr": "10.0.0.0/8"}}], "ports": [{"port": "http",
                                                                                   "protocol": "TCP"}]}]

