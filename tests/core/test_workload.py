"""Issue 2: every container- and pod-level option of the deployment mode, asserted on rendered YAML."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import base_catalog, find
from tests.core.conftest import DIGEST


@pytest.fixture(scope="module")
def pod(docs) -> dict[str, Any]:
    return find(docs, "Deployment", "demo")["spec"]["template"]["spec"]


@pytest.fixture(scope="module")
def container(pod) -> dict[str, Any]:
    assert len(pod["containers"]) == 1
    return pod["containers"][0]


def test_image_digest_pull_policy_and_secrets(pod, container):
    assert container["image"] == f"registry.example.com/demo@{DIGEST}"
    assert container["imagePullPolicy"] == "Always"
    assert pod["imagePullSecrets"] == [{"name": "regcred"}, {"name": "mirror-cred"}]


def test_image_tag(build):
    docs = build(base_catalog(image={"repository": "r.example.com/m", "tag": "2.0.1"})).render()
    container = find(docs, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "r.example.com/m:2.0.1"
    assert container["imagePullPolicy"] == "IfNotPresent"
    assert "imagePullSecrets" not in find(docs, "Deployment")["spec"]["template"]["spec"]


def test_command_and_args(container):
    assert container["command"] == ["python", "-m", "serve"]
    assert container["args"] == ["--port", "8000", "--workers", "2"]


def test_named_ports(container):
    assert container["ports"] == [
        {"name": "http", "containerPort": 8000, "protocol": "TCP"},
        {"name": "metrics", "containerPort": 9090, "protocol": "TCP"},
        {"name": "grpc", "containerPort": 9000, "protocol": "TCP"},
    ]


def test_env_plain_secret_configmap_fieldref(container):
    env = {e["name"]: e for e in container["env"]}
    assert env["PLAIN"] == {"name": "PLAIN", "value": "plain-value"}
    assert env["DB_PASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": "db", "key": "password"}}
    assert env["MODEL_CONFIG"]["valueFrom"] == {
        "configMapKeyRef": {"name": "model-config", "key": "config.json"}
    }
    assert env["POD_IP"]["valueFrom"] == {"fieldRef": {"fieldPath": "status.podIP"}}
    assert len(env) == 4


def test_probes_http_tcp_and_timings(container):
    assert container["readinessProbe"] == {
        "httpGet": {"path": "/ready", "port": "http"},
        "initialDelaySeconds": 5,
        "periodSeconds": 7,
        "timeoutSeconds": 3,
        "failureThreshold": 4,
        "successThreshold": 1,
    }
    assert container["livenessProbe"] == {
        "tcpSocket": {"port": "grpc"},
        "initialDelaySeconds": 30,
        "periodSeconds": 15,
    }
    assert container["startupProbe"] == {
        "httpGet": {"path": "/started", "port": "http"},
        "failureThreshold": 60,
    }


def test_resources_and_gpu_request_equals_limit(container):
    res = container["resources"]
    assert res["requests"]["cpu"] == "1" and res["requests"]["memory"] == "4Gi"
    assert res["requests"]["ephemeral-storage"] == "1Gi"
    assert res["limits"]["cpu"] == "4" and res["limits"]["memory"] == "8Gi"
    assert res["requests"]["nvidia.com/mig-1g.10gb"] == res["limits"]["nvidia.com/mig-1g.10gb"] == 2
    assert "nvidia.com/gpu" not in res["limits"]


def test_gpu_scheduling(pod):
    assert pod["nodeSelector"] == {
        "node-type": "gpu",
        "nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB",
        "topology.kubernetes.io/zone": "zone-a",
    }
    assert pod["tolerations"] == [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]
    assert pod["runtimeClassName"] == "nvidia"
    assert pod["terminationGracePeriodSeconds"] == 60


def test_gpu_defaults_and_custom_tolerations(build):
    docs = build(
        base_catalog(
            gpu={"count": 1},
            tolerations=[{"key": "dedicated", "operator": "Equal", "value": "ml", "effect": "NoExecute"}],
        )
    ).render()
    pod = find(docs, "Deployment")["spec"]["template"]["spec"]
    res = pod["containers"][0]["resources"]
    assert res["requests"]["nvidia.com/gpu"] == res["limits"]["nvidia.com/gpu"] == 1
    assert pod["tolerations"] == [
        {"key": "dedicated", "operator": "Equal", "value": "ml", "effect": "NoExecute"},
        {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
    ]
    assert "runtimeClassName" not in pod and "nodeSelector" not in pod


def test_gpu_custom_tolerations_replace_default(build):
    docs = build(
        base_catalog(gpu={"count": 1, "tolerations": [{"key": "gpu-pool", "operator": "Exists"}]})
    ).render()
    pod = find(docs, "Deployment")["spec"]["template"]["spec"]
    assert pod["tolerations"] == [{"key": "gpu-pool", "operator": "Exists"}]


def test_no_gpu_means_no_gpu_scheduling(build):
    pod = find(build(base_catalog()).render(), "Deployment")["spec"]["template"]["spec"]
    assert "tolerations" not in pod and "nodeSelector" not in pod
    assert not any("nvidia" in k for k in pod["containers"][0]["resources"]["limits"])
    assert pod["terminationGracePeriodSeconds"] == 30


def test_memory_limit_defaults_to_request(build):
    docs = build(base_catalog(resources={"requests": {"cpu": "1", "memory": "3Gi"}})).render()
    res = find(docs, "Deployment")["spec"]["template"]["spec"]["containers"][0]["resources"]
    assert res["limits"] == {"memory": "3Gi"}


def test_shared_claim_mount(pod, container):
    vol = next(v for v in pod["volumes"] if "persistentVolumeClaim" in v)
    assert vol["persistentVolumeClaim"] == {"claimName": "model-cache", "readOnly": True}
    mount = next(m for m in container["volumeMounts"] if m["name"] == vol["name"])
    assert mount == {"name": vol["name"], "mountPath": "/models", "readOnly": True, "subPath": "demo"}


def test_storage_chart_keeps_the_claim(full):
    pvc = find(_storage(full), "PersistentVolumeClaim", "model-cache")
    assert pvc["metadata"]["namespace"] == "ml"
    assert pvc["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    assert "Prune=false" in pvc["metadata"]["annotations"]["argocd.argoproj.io/sync-options"]
    assert pvc["spec"] == {
        "accessModes": ["ReadWriteMany"],
        "storageClassName": "nfs-client",
        "resources": {"requests": {"storage": "100Gi"}},
    }
    app = full.app("storage-ml")
    assert app["spec"]["source"]["path"] == "charts/storage-ml"
    assert app["spec"]["syncPolicy"]["automated"]["prune"] is False
    assert app["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] == "-1"


def _storage(built) -> list[dict[str, Any]]:
    import yaml

    from generator import helm

    release = helm.Release(built.root / "charts" / "storage-ml", "storage-ml", "ml")
    return [d for text in helm.render(release).manifests.values() for d in yaml.safe_load_all(text) if d]


def test_labels_and_annotations(docs):
    for doc in docs:
        if doc["kind"] in ("KongConsumer", "Pod"):
            continue
        assert doc["metadata"]["labels"]["team"] == "ml-platform", doc["kind"]
        if doc["kind"] not in ("KongPlugin",):
            assert doc["metadata"]["annotations"]["example.com/owner"] == "ml@example.com", doc["kind"]
    template = find(docs, "Deployment")["spec"]["template"]
    assert template["metadata"]["annotations"] == {"example.com/scrape": "true"}
    assert template["metadata"]["labels"]["team"] == "ml-platform"


def test_service_account(docs, pod):
    sa = find(docs, "ServiceAccount", "demo-runner")
    assert sa["automountServiceAccountToken"] is True
    assert sa["metadata"]["annotations"]["iam.example.com/role"] == "demo"
    assert pod["serviceAccountName"] == "demo-runner"
    assert pod["automountServiceAccountToken"] is True


def test_service_account_default_and_existing(build, module_build):
    docs = build(base_catalog()).render()
    sa = find(docs, "ServiceAccount", "demo")
    assert sa["automountServiceAccountToken"] is False
    assert find(docs, "Deployment")["spec"]["template"]["spec"]["serviceAccountName"] == "demo"
    docs = module_build(base_catalog(serviceAccount={"create": False, "name": "shared-sa"})).render()
    assert not [d for d in docs if d["kind"] == "ServiceAccount"]
    pod = find(docs, "Deployment")["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == "shared-sa" and pod["automountServiceAccountToken"] is False


def test_security_defaults_are_pss_restricted(pod, container):
    assert pod["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 1000,
        "runAsGroup": 1000,
        "fsGroup": 1000,
        "fsGroupChangePolicy": "OnRootMismatch",
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "privileged": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    writable = next(v for v in pod["volumes"] if v["name"].startswith("writable-"))
    assert "emptyDir" in writable
    assert {"name": writable["name"], "mountPath": "/tmp"} in container["volumeMounts"]


def test_security_opt_outs(build):
    docs = build(
        base_catalog(
            security={
                "allowRoot": True,
                "allowPrivilegeEscalation": True,
                "capabilitiesAdd": ["SYS_PTRACE"],
                "readOnlyRootFilesystem": False,
                "runAsUser": 2000,
            }
        )
    ).render()
    pod = find(docs, "Deployment")["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert pod["securityContext"]["runAsNonRoot"] is False
    assert "runAsUser" not in pod["securityContext"]
    sc = container["securityContext"]
    assert sc["allowPrivilegeEscalation"] is True
    assert sc["capabilities"] == {"drop": ["ALL"], "add": ["SYS_PTRACE"]}
    assert sc["readOnlyRootFilesystem"] is False
    assert "volumes" not in pod  # no emptyDirs needed for a writable root filesystem


def test_custom_run_as_user(build):
    pod = find(
        build(base_catalog(security={"runAsUser": 2000, "runAsGroup": 3000, "fsGroup": 4000})).render(),
        "Deployment",
    )["spec"]["template"]["spec"]
    assert (
        pod["securityContext"]["runAsUser"],
        pod["securityContext"]["runAsGroup"],
        pod["securityContext"]["fsGroup"],
    ) == (2000, 3000, 4000)
