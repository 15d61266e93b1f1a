"""Module-scoped builders for the core acceptance tests: generate once, assert many times."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalog import load_catalog
from generator.output.write import write_tree
from generator.render.generate import generate
from tests.conftest import Built, base_catalog

_counter = itertools.count()


def build_into(root: Path, content: dict[str, Any]) -> Built:
    """Write ``content`` as ``root/catalog.yaml``, generate next to it and return the tree."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "catalog.yaml"
    path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    catalog = load_catalog(path)
    write_tree(root, generate(catalog).files)
    return Built(root, catalog)


@pytest.fixture(scope="module")
def module_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[dict[str, Any]], Built]:
    """Like ``build`` but module-scoped: each call gets its own fresh directory."""

    def _build(content: dict[str, Any]) -> Built:
        return build_into(tmp_path_factory.mktemp(f"build{next(_counter)}"), content)

    return _build


DIGEST = "sha256:" + "ab" * 32


def full_model() -> dict[str, Any]:
    """A deployment-mode model that uses nearly every option."""
    return {
        "image": {
            "repository": "registry.example.com/demo",
            "digest": DIGEST,
            "pullPolicy": "Always",
            "pullSecrets": ["regcred", "mirror-cred"],
        },
        "command": ["python", "-m", "serve"],
        "args": ["--port", "8000", "--workers", "2"],
        "ports": [
            {"name": "http", "port": 8000},
            {"name": "metrics", "port": 9090},
            {"name": "grpc", "port": 9000, "appProtocol": "grpc"},
        ],
        "env": {
            "PLAIN": "plain-value",
            "DB_PASSWORD": {"secretKeyRef": {"name": "db", "key": "password"}},
            "MODEL_CONFIG": {"configMapKeyRef": {"name": "model-config", "key": "config.json"}},
            "POD_IP": {"fieldRef": "status.podIP"},
        },
        "probes": {
            "readiness": {
                "path": "/ready",
                "port": "http",
                "initialDelaySeconds": 5,
                "periodSeconds": 7,
                "timeoutSeconds": 3,
                "failureThreshold": 4,
                "successThreshold": 1,
            },
            "liveness": {"port": "grpc", "initialDelaySeconds": 30, "periodSeconds": 15},
            "startup": {"path": "/started", "port": "http", "failureThreshold": 60},
        },
        "resources": {
            "requests": {"cpu": "1", "memory": "4Gi", "ephemeral-storage": "1Gi"},
            "limits": {"cpu": "4", "memory": "8Gi"},
        },
        "gpu": {
            "count": 2,
            "resource": "nvidia.com/mig-1g.10gb",
            "product": "NVIDIA-A100-SXM4-80GB",
            "nodeSelector": {"node-type": "gpu"},
            "runtimeClassName": "nvidia",
        },
        "nodeSelector": {"topology.kubernetes.io/zone": "zone-a"},
        "scaling": {
            "min": 2,
            "max": 6,
            "cpuUtilization": 60,
            "memoryUtilization": 75,
            "behavior": {
                "scaleUp": {
                    "stabilizationWindowSeconds": 30,
                    "selectPolicy": "Max",
                    "policies": [
                        {"type": "Percent", "value": 100, "periodSeconds": 60},
                        {"type": "Pods", "value": 2, "periodSeconds": 60},
                    ],
                },
                "scaleDown": {
                    "stabilizationWindowSeconds": 300,
                    "policies": [{"type": "Pods", "value": 1, "periodSeconds": 120}],
                },
            },
        },
        "disruption": {"minAvailable": 1},
        "mounts": [{"claim": "model-cache", "mountPath": "/models", "readOnly": True, "subPath": "demo"}],
        "service": {
            "type": "ClusterIP",
            "nodePorts": {"http": 30080},
            "headless": True,
            "annotations": {"example.com/svc": "yes"},
        },
        "ingress": {
            "className": "kong",
            "host": "demo.example.com",
            "path": "/v1",
            "tls": {"secretName": "demo-tls"},
            "annotations": {"example.com/ing": "yes"},
        },
        "kong": {
            "keyAuth": True,
            "keyNames": ["apikey", "x-api-key"],
            "consumers": [
                {"username": "client-a", "credentialSecret": "client-a-key"},
                {"username": "client-b", "credentialSecret": "client-b-key"},
            ],
            "rateLimit": {"minute": 60, "hour": 1000, "policy": "local"},
        },
        "monitoring": {"serviceMonitor": True, "interval": "15s", "labels": {"release": "prometheus"}},
        "networkPolicy": {
            "allowFrom": [
                {"podLabels": {"app": "gateway"}},
                {"namespaceLabels": {"kubernetes.io/metadata.name": "kong"}},
                {"podLabels": {"role": "client"}, "namespaceLabels": {"team": "a"}},
            ],
            "ports": ["http", "grpc"],
        },
        "labels": {"team": "ml-platform"},
        "annotations": {"example.com/owner": "ml@example.com"},
        "podAnnotations": {"example.com/scrape": "true"},
        "serviceAccount": {
            "create": True,
            "name": "demo-runner",
            "automountToken": True,
            "annotations": {"iam.example.com/role": "demo"},
        },
    }


def full_catalog(**overrides: Any) -> dict[str, Any]:
    model = full_model()
    model.update(overrides)
    cat = base_catalog(**model)
    cat["claims"] = [
        {
            "name": "model-cache",
            "namespace": "ml",
            "size": "100Gi",
            "storageClass": "nfs-client",
            "accessModes": ["ReadWriteMany"],
        }
    ]
    return copy.deepcopy(cat)


@pytest.fixture(scope="module")
def full(module_build: Callable[[dict[str, Any]], Built]) -> Built:
    """The full-featured catalog, generated once per test module."""
    return module_build(full_catalog())


@pytest.fixture(scope="module")
def docs(full: Built) -> list[dict[str, Any]]:
    """Every rendered manifest of ``full``."""
    return full.render()
