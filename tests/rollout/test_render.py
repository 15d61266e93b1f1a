"""Rollouts render a traffic split per serving mode: asserted on the parsed, rendered resources."""

from __future__ import annotations

import copy
from typing import Any

from tests.conftest import base_catalog, find
from tests.modes.conftest import schema_errors

CLAIM = {"name": "weights", "namespace": "ml", "size": "10Gi", "accessModes": ["ReadWriteMany"]}
KNATIVE_FLAGS = ("kubernetes.podspec-securitycontext", "kubernetes.podspec-persistent-volume-claim")


def deployment(**rollout: Any) -> dict[str, Any]:
    return base_catalog(scaling={"min": 4, "max": 8, "cpuUtilization": 70},
                        ingress={"host": "demo.example.com", "className": "kong"},
                        networkPolicy={"allowFrom": [{"namespaceLabels": {"kubernetes.io/metadata.name": "kong"}}]},
                        rollout={"canary": {"image": {"tag": "2.0.0"}}, "percent": 10, **rollout})


def knative(**model: Any) -> dict[str, Any]:
    cat = base_catalog(serving="knative", scaling={"min": 0, "max": 2}, **model)
    cat["defaults"] = {"cluster": {"knative": {"features": list(KNATIVE_FLAGS)}}}
    return cat


def kserve(mode: str, version: str = "0.20", **model: Any) -> dict[str, Any]:
    cat = base_catalog(serving="kserve", kserve={"modelFormat": "sklearn", "storageUri": "pvc://weights/v1",
                                                 "deploymentMode": mode},
                       scaling={"min": 2, "max": 2}, cluster={"kserveVersion": version}, **model)
    for key in ("image", "ports", "probes"):
        del cat["models"][0][key]
    cat["claims"] = [CLAIM]
    cat["defaults"] = {"cluster": {"knative": {"features": list(KNATIVE_FLAGS)}}}
    return cat


def pod_labels(workload: dict[str, Any]) -> dict[str, str]:
    labels: dict[str, str] = workload["spec"]["template"]["metadata"]["labels"]
    return labels


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def test_deployment_canary_behind_weighted_httproute(build):
    built = build(deployment(gateway={"name": "kong", "namespace": "kong"}))
    docs = built.render()
    stable, canary = find(docs, "Deployment", "demo"), find(docs, "Deployment", "demo-canary")
    assert stable["spec"]["template"]["spec"]["containers"][0]["image"] == "registry.example.com/demo:1.0.0"
    assert canary["spec"]["template"]["spec"]["containers"][0]["image"] == "registry.example.com/demo:2.0.0"
    assert canary["spec"]["replicas"] == 1  # ceil(4 stable pods x 10 %)
    assert pod_labels(canary)["app.kubernetes.io/version"] == "2.0.0"
    # each Service and workload selects its own pods only: the split is the HTTPRoute's alone
    stable_svc = find(docs, "Service", "demo")
    canary_svc = find(docs, "Service", "demo-canary")
    assert selects(stable_svc["spec"]["selector"], pod_labels(stable))
    assert not selects(stable_svc["spec"]["selector"], pod_labels(canary))
    assert not selects(stable["spec"]["selector"]["matchLabels"], pod_labels(canary))
    assert selects(canary_svc["spec"]["selector"], pod_labels(canary))
    assert not selects(canary_svc["spec"]["selector"], pod_labels(stable))
    hpa = find(docs, "HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"]["name"] == "demo"  # the canary keeps its fixed count
    route = find(docs, "HTTPRoute", "demo")
    assert route["spec"]["parentRefs"] == [{"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "kong",
                                            "namespace": "kong"}]
    assert route["spec"]["hostnames"] == ["demo.example.com"]
    refs = route["spec"]["rules"][0]["backendRefs"]
    assert [(r["name"], r["port"], r["weight"]) for r in refs] == [("demo", 8000, 90), ("demo-canary", 8000, 10)]
    policy = find(docs, "NetworkPolicy", "demo-canary")
    assert selects(policy["spec"]["podSelector"]["matchLabels"], pod_labels(canary))
    stable_rules = find(docs, "NetworkPolicy", "demo")["spec"]["ingress"]
    assert policy["spec"]["ingress"] == [r for r in stable_rules if not any("ipBlock" in p for p in r["from"])]
    assert policy["spec"]["ingress"]  # the Kong namespace and the helm test pod still reach the canary
    assert schema_errors(built.root, "demo", "ml") == []


def test_deployment_without_gateway_attaches_to_the_service_and_sizes_the_canary(build):
    built = build(deployment(percent=50))
    docs = built.render()
    route = find(docs, "HTTPRoute", "demo")
    assert route["spec"]["parentRefs"] == [{"group": "", "kind": "Service", "name": "demo", "port": 8000}]
    assert "hostnames" not in route["spec"]
    assert [r["weight"] for r in route["spec"]["rules"][0]["backendRefs"]] == [50, 50]
    assert find(docs, "Deployment", "demo-canary")["spec"]["replicas"] == 2
    assert built.catalog.warnings and "Ingress" in built.catalog.warnings[0].message
    assert schema_errors(built.root, "demo", "ml") == []


def test_deployment_percent_is_a_values_knob(build):
    built = build(deployment(replicas=3))
    docs = built.render(values_override="rollout:\n  percent: 30\n")
    assert [r["weight"] for r in find(docs, "HTTPRoute")["spec"]["rules"][0]["backendRefs"]] == [70, 30]
    assert find(docs, "Deployment", "demo-canary")["spec"]["replicas"] == 3


def test_knative_split_between_named_revisions(build):
    plain = build(knative()).render()
    stable_name = find(plain, "Service", "demo")["spec"]["template"]["metadata"]["name"]
    assert stable_name.startswith("demo-") and "traffic" not in find(plain, "Service", "demo")["spec"]

    built = build(knative(rollout={"canary": {"image": {"tag": "2.0.0"}}, "percent": 20}))
    ksvc = find(built.render(), "Service", "demo")
    template = ksvc["spec"]["template"]
    assert template["spec"]["containers"][0]["image"] == "registry.example.com/demo:2.0.0"
    assert template["metadata"]["name"] not in (stable_name, "") and template["metadata"]["name"].startswith("demo-")
    # the stable share goes to the revision the catalog had before the rollout, by its name
    assert ksvc["spec"]["traffic"] == [
        {"revisionName": stable_name, "tag": "stable", "percent": 80},
        {"latestRevision": True, "tag": "canary", "percent": 20}]
    assert sum(t["percent"] for t in ksvc["spec"]["traffic"]) == 100
    assert schema_errors(built.root, "demo", "ml", KNATIVE_FLAGS) == []

    # promotion (stable image := the canary's, rollout deleted) keeps the canary revision: same name
    promoted = knative(image={"repository": "registry.example.com/demo", "tag": "2.0.0"})
    after = find(build(promoted).render(), "Service", "demo")["spec"]
    assert after["template"]["metadata"]["name"] == template["metadata"]["name"] and "traffic" not in after


def test_knative_revision_name_follows_every_template_change(build):
    first = find(build(knative()).render(), "Service", "demo")["spec"]["template"]["metadata"]["name"]
    cat = knative(env={"LOG_LEVEL": "debug"})
    second = find(build(cat).render(), "Service", "demo")["spec"]["template"]["metadata"]["name"]
    assert first != second  # Knative rejects a changed template under an unchanged name


def test_kserve_knative_mode_canary_traffic_percent(build):
    built = build(kserve("Knative", rollout={"canary": {"storageUri": "pvc://weights/v2"}, "percent": 25}))
    isvc = find(built.render(), "InferenceService", "demo")
    predictor = isvc["spec"]["predictor"]
    assert predictor["canaryTrafficPercent"] == 25
    assert predictor["model"]["storageUri"] == "pvc://weights/v2"
    assert "canary" not in isvc["spec"]
    assert schema_errors(built.root, "demo", "ml", KNATIVE_FLAGS) == []


def test_kserve_standard_mode_spec_canary(build):
    built = build(kserve("Standard", rollout={"canary": {"storageUri": "pvc://weights/v2"}, "percent": 10,
                                              "replicas": 1}))
    isvc = find(built.render(), "InferenceService", "demo")
    assert "canaryTrafficPercent" not in isvc["spec"]["predictor"]
    assert isvc["spec"]["predictor"]["model"]["storageUri"] == "pvc://weights/v1"
    [canary] = isvc["spec"]["canary"]
    assert canary["trafficPercent"] == 10
    assert canary["predictor"]["name"] == "canary" and canary["predictor"]["minReplicas"] == 1
    model = canary["predictor"]["model"]
    assert model["storageUri"] == "pvc://weights/v2"
    assert model["modelFormat"] == {"name": "sklearn"} and model["resources"] == isvc["spec"]["predictor"]["model"][
        "resources"]
    assert schema_errors(built.root, "demo", "ml") == []


def test_rollback_by_percent_zero_keeps_everything_on_stable(build):
    cat = deployment(percent=0)
    docs = build(cat).render()
    assert [r["weight"] for r in find(docs, "HTTPRoute")["spec"]["rules"][0]["backendRefs"]] == [100, 0]
    kn = knative(rollout={"canary": {"image": {"tag": "2.0.0"}}, "percent": 0})
    traffic = find(build(copy.deepcopy(kn)).render(), "Service", "demo")["spec"]["traffic"]
    assert [t["percent"] for t in traffic] == [100, 0]


def test_kserve_knative_mode_custom_container_canary_image(build):
    cat = base_catalog(serving="kserve", kserve={"deploymentMode": "Knative"}, scaling={"min": 1, "max": 2},
                       rollout={"canary": {"image": {"tag": "2.0.0"}}, "percent": 30})
    cat["defaults"] = {"cluster": {"knative": {"features": list(KNATIVE_FLAGS)}}}
    built = build(cat)
    predictor = find(built.render(), "InferenceService", "demo")["spec"]["predictor"]
    assert predictor["canaryTrafficPercent"] == 30
    assert [c["image"] for c in predictor["containers"]] == ["registry.example.com/demo:2.0.0"]
    assert schema_errors(built.root, "demo", "ml", KNATIVE_FLAGS) == []
