"""Synthesise realistic catalogs of N models for the benchmarks.

The mix follows what platform teams run: mostly Deployments with HPA and PDB, a share of
Knative scale-to-zero services and KServe InferenceServices; about a third on GPUs; some
behind an Ingress or Kong, with NetworkPolicies and shared model-cache claims.

    python bench/catalog.py 1000 > /tmp/catalog-1000.yaml
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import yaml

NAMESPACES = ("team-a", "team-b", "team-c", "team-d")
FEATURES = ["kubernetes.podspec-nodeselector", "kubernetes.podspec-tolerations",
            "kubernetes.podspec-runtimeclassname", "kubernetes.podspec-persistent-volume-claim",
            "kubernetes.podspec-securitycontext"]


def _deployment(i: int, rng: random.Random) -> dict[str, Any]:
    model: dict[str, Any] = {
        "serving": "deployment",
        "image": {"repository": f"registry.example.com/ml/model-{i}", "tag": f"1.{i % 7}.{i % 3}"},
        "ports": [{"name": "http", "port": 8000}, {"name": "metrics", "port": 8002}],
        "probes": {"readiness": {"path": "/health", "port": "http"},
                   "liveness": {"path": "/health", "port": "http", "initialDelaySeconds": 30}},
        "resources": {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"cpu": "2", "memory": "4Gi"}},
        "env": {"MODEL_NAME": f"model-{i}", "LOG_LEVEL": "info"},
        "scaling": {"min": 2, "max": 6, "cpuUtilization": 70,
                    "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300,
                                               "policies": [{"type": "Percent", "value": 10,
                                                             "periodSeconds": 60}]}}},
        "disruption": {"maxUnavailable": 1},
        "monitoring": {"serviceMonitor": rng.random() < 0.5},
        "networkPolicy": {"allowFrom": [{"namespaceLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}]},
    }
    roll = rng.random()
    if roll < 0.3:
        model["ingress"] = {"className": "nginx", "host": f"model-{i}.example.com",
                            "tls": {"secretName": f"model-{i}-tls"}}
    elif roll < 0.4:
        model["ingress"] = {"className": "kong", "host": f"model-{i}.api.example.com"}
        model["kong"] = {"keyAuth": True, "rateLimit": {"minute": 600}}
        # the Kong proxy, not ingress-nginx, forwards this model's traffic
        model["networkPolicy"] = {"allowFrom": [{"namespaceLabels": {"kubernetes.io/metadata.name": "kong"}}]}
    if rng.random() < 0.2:
        model["mounts"] = [{"claim": "model-cache", "mountPath": "/models", "readOnly": True}]
    return model


def _knative(i: int, rng: random.Random) -> dict[str, Any]:
    return {
        "serving": "knative",
        "image": {"repository": f"registry.example.com/ml/embed-{i}", "tag": "2.0.1"},
        "ports": [{"name": "http", "port": 8080}],
        "probes": {"readiness": {"path": "/health", "port": "http"}},
        "resources": {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"cpu": "2", "memory": "4Gi"}},
        "scaling": {"min": 0, "max": 3},
        "knative": {"scaleToZeroPodRetentionPeriod": "1h", "timeoutSeconds": 120, "target": 10},
    }


def _kserve(i: int, rng: random.Random) -> dict[str, Any]:
    return {
        "serving": "kserve",
        "resources": {"requests": {"cpu": "1", "memory": "4Gi"}, "limits": {"cpu": "2", "memory": "8Gi"}},
        "scaling": {"min": 1, "max": 3},
        "kserve": {"modelFormat": rng.choice(["sklearn", "onnx", "pytorch"]), "protocolVersion": "v2",
                   "storageUri": f"pvc://model-cache/models/model-{i}", "deploymentMode": "Standard"},
    }


def synthesise(n: int, seed: int = 7, modes: tuple[str, ...] = ("deployment", "knative", "kserve")) -> dict[str, Any]:
    """A catalog of ``n`` models (deterministic for a given seed)."""
    rng = random.Random(seed)
    builders = {"deployment": _deployment, "knative": _knative, "kserve": _kserve}
    weights = {"deployment": 0.6, "knative": 0.2, "kserve": 0.2}
    choices = [m for m in modes]
    models = []
    for i in range(n):
        mode = rng.choices(choices, [weights[m] for m in choices])[0]
        model = {"name": f"{mode[:4]}-model-{i}", "namespace": NAMESPACES[i % len(NAMESPACES)],
                 **builders[mode](i, rng)}
        if rng.random() < 0.33:
            model["gpu"] = {"count": 1, "product": "NVIDIA-A100-SXM4-80GB", "nodeSelector": {"node-type": "gpu"}}
        models.append(model)
    return {
        "version": 1,
        "argocd": {"project": "bench", "repoURL": "https://git.example.com/ml/gitops.git", "targetRevision": "main"},
        "validation": {"crds": [str(Path(__file__).resolve().parents[2] / "shared" / "crds" / "yaml")]},
        "defaults": {"cluster": {"kubernetesVersion": "1.33", "kserveVersion": "0.20",
                                 "knative": {"features": FEATURES}}},
        "claims": [{"name": "model-cache", "namespace": ns, "size": "500Gi", "storageClass": "nfs-client",
                    "accessModes": ["ReadWriteMany"]} for ns in NAMESPACES],
        "models": models,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--modes", default="deployment,knative,kserve")
    args = parser.parse_args()
    yaml.safe_dump(synthesise(args.n, args.seed, tuple(args.modes.split(","))), sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main()
