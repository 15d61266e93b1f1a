"""Throughput of the lint engine (schemas + rules) on synthetic manifests, one core.

    PYTHONPATH=. python bench/lint.py [N ...]

Documents are built in memory (parsing is not measured): per "app" a Deployment, Service,
HPA, PDB, NetworkPolicy and ConfigMap, spread over 20 namespaces. Besides wall-clock rates it
prints rates by the process's CPU time, which other work on a shared machine disturbs less
(run pinned, e.g. ``taskset -c 0``, so both count one core).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from generator.lint import Document, LintConfig, Linter

SC = {"allowPrivilegeEscalation": False, "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]},
      "seccompProfile": {"type": "RuntimeDefault"}}


def app(i: int) -> list[dict[str, Any]]:
    """Six documents for one application."""
    name, ns, labels = f"app-{i}", f"ns-{i % 20}", {"app": f"app-{i}", "tier": "model"}
    meta = {"name": name, "namespace": ns}
    container = {"name": "model", "image": f"registry.example.com/model:{i}",
                 "ports": [{"name": "http", "containerPort": 8080}],
                 "readinessProbe": {"httpGet": {"path": "/ping", "port": "http"}},
                 "resources": {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"memory": "2Gi"}},
                 "securityContext": SC,
                 "volumeMounts": [{"name": "cfg", "mountPath": "/cfg"}]}
    return [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta,
         "spec": {"selector": {"matchLabels": labels}, "template": {"metadata": {"labels": labels}, "spec": {
             "containers": [container], "volumes": [{"name": "cfg", "configMap": {"name": name}}]}}}},
        {"apiVersion": "v1", "kind": "Service", "metadata": meta,
         "spec": {"selector": labels, "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}},
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta,
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                  "minReplicas": 2, "maxReplicas": 4}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta,
         "spec": {"minAvailable": 1, "selector": {"matchLabels": labels}}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": meta,
         "spec": {"podSelector": {"matchLabels": labels}, "policyTypes": ["Ingress"]}},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta, "data": {"config.properties": "x=1"}},
    ]


def measure(n: int, config: LintConfig) -> tuple[float, float, int]:
    """(documents/s by wall clock, documents/s by CPU time, documents)."""
    docs = [Document(obj=o) for i in range(n // 6) for o in app(i)]
    linter = Linter(config)
    linter.lint(docs[:12])  # compile the validators once, as a long-lived process would
    start, cpu = time.perf_counter(), time.process_time()
    findings = linter.lint(docs)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert not findings, findings[:3]
    return len(docs) / elapsed, len(docs) / cpu, len(docs)


def main() -> None:
    sizes = [int(x) for x in sys.argv[1:]] or [600, 6000, 60000]
    cpu = "(CPU time)"
    print(f"{'documents':>10} {'schemas+rules docs/s':>22} {'rules only docs/s':>18} {cpu:>12} {cpu:>12}")
    for n in sizes:
        full, full_cpu, count = measure(n, LintConfig())
        rules, rules_cpu, _ = measure(n, LintConfig(schemas=False))
        print(f"{count:>10} {full:>22,.0f} {rules:>18,.0f} {full_cpu:>12,.0f} {rules_cpu:>12,.0f}")


if __name__ == "__main__":
    main()
