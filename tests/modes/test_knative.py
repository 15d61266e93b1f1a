"""serving: knative → a Knative Service that Knative's webhook and the CRD schema accept."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from generator.catalog import knative_flags as kf
from tests.conftest import base_catalog, bench_path, find
from tests.modes.conftest import assert_points_at, catalog_errors, error_for, schema_errors

# Flag names as Knative spells them in knative/serving config/core/configmaps/features.yaml
# (tag knative-v1.23.0; the team's copy is ../shared/crds/reference/knative-serving/features.yaml).
# Typed here, never imported from generator.catalog.knative_flags, so a misspelt constant there fails.
NODE_SELECTOR = "kubernetes.podspec-nodeselector"
TOLERATIONS = "kubernetes.podspec-tolerations"
RUNTIME_CLASS = "kubernetes.podspec-runtimeclassname"
AFFINITY = "kubernetes.podspec-affinity"
PVC = "kubernetes.podspec-persistent-volume-claim"
PVC_WRITE = "kubernetes.podspec-persistent-volume-write"
SECURITY_CONTEXT = "kubernetes.podspec-securitycontext"
FIELD_REF = "kubernetes.podspec-fieldref"
FLAGS = [NODE_SELECTOR, TOLERATIONS, RUNTIME_CLASS]


def test_flag_names_are_knatives() -> None:
    """The module's constants are the names above, and each is a flag upstream's config-features lists."""
    ours = {"NODE_SELECTOR": NODE_SELECTOR, "TOLERATIONS": TOLERATIONS, "RUNTIME_CLASS": RUNTIME_CLASS,
            "AFFINITY": AFFINITY, "PVC": PVC, "PVC_WRITE": PVC_WRITE, "SECURITY_CONTEXT": SECURITY_CONTEXT,
            "FIELD_REF": FIELD_REF, "INIT_CONTAINERS": "kubernetes.podspec-init-containers"}
    assert {name: getattr(kf, name) for name in ours} == ours
    features = bench_path("reference", "knative-serving", "features.yaml", what="Knative's config-features")
    example = yaml.safe_load(features.read_text())["data"]["_example"]
    upstream = set(re.findall(r"^\s*(kubernetes\.[a-z-]+):", example, re.MULTILINE))
    assert len(upstream) > 20  # the parse found the flag list
    assert set(ours.values()) <= upstream, set(ours.values()) - upstream


def knative(**model: Any) -> dict[str, Any]:
    cat = base_catalog(serving="knative", **model)
    cat["defaults"] = {"cluster": {"knative": {"features": FLAGS}}}
    return cat


def msv2() -> dict[str, Any]:
    return knative(name="msv2-inference", namespace="glasgow-prod",
                   image={"repository": "hatchikin/msv2-inference-gpu", "tag": "latest"},
                   env={"MINIO_ENDPOINT": "minio-service.glasgow-prod.svc.cluster.local:9000"},
                   gpu={"count": 1, "nodeSelector": {"kubernetes.io/hostname": "adama"}, "runtimeClassName": "nvidia"},
                   scaling={"min": 0, "max": 1},
                   knative={"scaleToZeroPodRetentionPeriod": "1h", "timeoutSeconds": 120, "window": "60s",
                            "target": 10, "metric": "concurrency"})


def test_reference_knative_service(build):
    built = build(msv2())
    docs = built.render("msv2-inference")
    ksvc = find([d for d in docs if d["apiVersion"] == "serving.knative.dev/v1"], "Service", "msv2-inference")
    top = ksvc["metadata"].get("annotations") or {}
    assert not [k for k in top if k.startswith("autoscaling.knative.dev/")]
    tpl = ksvc["spec"]["template"]
    ann = tpl["metadata"]["annotations"]
    assert ann["autoscaling.knative.dev/min-scale"] == "0"
    assert ann["autoscaling.knative.dev/max-scale"] == "1"
    assert ann["autoscaling.knative.dev/scale-to-zero-pod-retention-period"] == "1h"
    assert ann["autoscaling.knative.dev/window"] == "60s"
    assert ann["serving.knative.dev/progress-deadline"] == "10m"  # GPU default
    assert all(k.split("/")[1].islower() for k in ann)  # kebab-case only
    spec = tpl["spec"]
    assert spec["timeoutSeconds"] == 120
    assert spec["runtimeClassName"] == "nvidia"
    assert spec["nodeSelector"] == {"kubernetes.io/hostname": "adama"}
    assert "terminationGracePeriodSeconds" not in spec
    container = spec["containers"][0]
    assert container["ports"] == [{"name": "http1", "containerPort": 8000, "protocol": "TCP"}]
    assert container["readinessProbe"]["httpGet"]["port"] == 8000
    assert container["resources"]["limits"]["nvidia.com/gpu"] == 1
    # no security-context flag: the pod-level context moves to the container
    assert "securityContext" not in spec
    assert container["securityContext"]["runAsUser"] == 1000
    assert container["securityContext"]["runAsNonRoot"] is True
    assert "privileged" not in container["securityContext"]
    assert not [d for d in docs if d["kind"] in ("HorizontalPodAutoscaler", "PodDisruptionBudget")]
    policy = find(docs, "NetworkPolicy")
    namespaces = [p["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
                  for p in policy["spec"]["ingress"][0]["from"]]
    assert namespaces == ["knative-serving", "kourier-system"]
    assert {p["port"] for p in policy["spec"]["ingress"][0]["ports"]} >= {8012, 8013}
    assert schema_errors(built.root, "msv2-inference", "glasgow-prod", tuple(FLAGS)) == []
    notes = built.file("charts/msv2-inference/templates/NOTES.txt")
    assert RUNTIME_CLASS in notes
    assert "SkipDryRunOnMissingResource=true" in built.app("msv2-inference")["spec"]["syncPolicy"]["syncOptions"]


def test_security_context_flag_keeps_pod_context(build):
    cat = knative()
    cat["defaults"]["cluster"]["knative"]["features"] = [SECURITY_CONTEXT]
    built = build(cat)
    spec = find(built.render(), "Service", "demo")["spec"]["template"]["spec"]
    assert spec["securityContext"]["fsGroup"] == 1000
    assert "fsGroupChangePolicy" not in spec["securityContext"]
    assert schema_errors(built.root, "demo", "ml", (SECURITY_CONTEXT,)) == []


def test_grpc_port_is_named_h2c_and_replicas_pin_scale(build):
    built = build(knative(ports=[{"name": "grpc", "port": 9000, "appProtocol": "grpc"}],
                          probes={"readiness": {"port": "grpc"}}, scaling={"replicas": 2}))
    tpl = find(built.render(), "Service", "demo")["spec"]["template"]
    assert tpl["spec"]["containers"][0]["ports"][0]["name"] == "h2c"
    assert tpl["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"] == "2"
    assert tpl["metadata"]["annotations"]["autoscaling.knative.dev/max-scale"] == "2"


FLAG_CASES = [
    ({"nodeSelector": {"disk": "ssd"}}, NODE_SELECTOR, "models[0].nodeSelector", "nodeSelector"),
    ({"gpu": {"count": 1, "tolerations": [], "product": "A100"}}, NODE_SELECTOR, "models[0].gpu.product",
     "product"),
    ({"tolerations": [{"key": "dedicated"}]}, TOLERATIONS, "models[0].tolerations", "tolerations"),
    ({"gpu": {"count": 1}}, TOLERATIONS, "models[0].gpu.tolerations", "gpu"),
    ({"gpu": {"count": 1, "tolerations": [], "runtimeClassName": "nvidia"}}, RUNTIME_CLASS,
     "models[0].gpu.runtimeClassName", "runtimeClassName"),
    ({"affinity": {"nodeAffinity": {}}}, AFFINITY, "models[0].affinity", "affinity"),
    ({"mounts": [{"claim": "cache", "mountPath": "/models", "readOnly": True}]}, PVC,
     "models[0].mounts[0].claim", "claim"),
    ({"mounts": [{"claim": "cache", "mountPath": "/models"}]}, PVC_WRITE, "models[0].mounts[0].readOnly",
     "claim"),
    ({"env": {"POD_IP": {"fieldRef": "status.podIP"}}}, FIELD_REF, "models[0].env.POD_IP", "POD_IP"),
]


@pytest.mark.parametrize(("fields", "flag", "path", "key"), FLAG_CASES, ids=[c[1] + "-" + c[2] for c in FLAG_CASES])
def test_missing_feature_flag_is_a_catalog_error(write_catalog, fields, flag, path, key):
    cat = base_catalog(serving="knative", **fields)
    cat["claims"] = [{"name": "cache", "namespace": "ml", "size": "1Gi"}]
    file = write_catalog(cat)
    finding = error_for(catalog_errors(file), path)
    assert flag in finding.message
    assert f'{{"data":{{"{flag}":"enabled"}}}}' in (finding.hint or "")
    assert "kubectl patch configmap/config-features -n knative-serving --type merge" in (finding.hint or "")
    assert_points_at(file, finding, key)


def test_flags_enabled_per_model_load(build):
    cat = base_catalog(serving="knative", affinity={"nodeAffinity": {}},
                       cluster={"knative": {"features": [AFFINITY]}})
    built = build(cat)
    assert find(built.render(), "Service", "demo")["spec"]["template"]["spec"]["affinity"] == {"nodeAffinity": {}}


INVALID = [
    ({"knative": {"metric": "cpu"}}, "models[0].knative.metric", "hpa.autoscaling.knative.dev", "metric"),
    ({"knative": {"timeoutSeconds": 900}}, "models[0].knative.timeoutSeconds", "max-revision-timeout-seconds",
     "timeoutSeconds"),
    ({"knative": {"initialScale": 0}}, "models[0].knative.initialScale", "zero initial", "initialScale"),
    ({"ports": [{"name": "http", "port": 8000}, {"name": "metrics", "port": 9000}]}, "models[0].ports[1]",
     "exactly one container port", "metrics"),
    ({"disruption": {"maxUnavailable": 1}}, "models[0].disruption", "PodDisruptionBudget", "disruption"),
    ({"scaling": {"min": 1, "max": 3, "cpuUtilization": 50}}, "models[0].scaling", "HPA", "scaling"),
]


@pytest.mark.parametrize(("fields", "path", "text", "key"), INVALID, ids=[c[1] for c in INVALID])
def test_invalid_knative_settings(write_catalog, fields, path, text, key):
    file = write_catalog(base_catalog(serving="knative", **fields))
    finding = error_for(catalog_errors(file), path)
    assert text in finding.message + (finding.hint or "")
    assert_points_at(file, finding, key)


def test_cluster_limits_allow_what_they_enable(build):
    cat = base_catalog(serving="knative", knative={"timeoutSeconds": 900, "initialScale": 0},
                       cluster={"knative": {"maxRevisionTimeoutSeconds": 1200, "allowZeroInitialScale": True}})
    ann = find(build(cat).render(), "Service", "demo")["spec"]["template"]["metadata"]["annotations"]
    assert ann["autoscaling.knative.dev/initial-scale"] == "0"
