"""Facts read off rendered resources, (model, environment) rows, and the comment size budget."""

from __future__ import annotations

from typing import Any

from generator.pipeline.changes.compare import ENVIRONMENT_LABEL, ModelKey, build_report
from generator.pipeline.changes.facts import model_facts
from generator.pipeline.changes.markdown import markdown
from generator.validate.manifests import Key, Resource, Tree


def resource(doc: dict[str, Any], release: str = "demo") -> Resource:
    meta = doc["metadata"]
    api = doc["apiVersion"]
    group = api.rpartition("/")[0] if "." in api.rpartition("/")[0] else ""
    return Resource(Key(doc["kind"], meta.get("namespace", "ml"), meta["name"], group), doc, "charts/x", release)


def deployment(name: str = "demo", gpus: int = 1, env: str | None = None, replicas: int = 1) -> dict[str, Any]:
    labels = {ENVIRONMENT_LABEL: env} if env else {}
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": "ml", "labels": labels},
            "spec": {"replicas": replicas, "template": {"spec": {
                "nodeSelector": {"nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB"},
                "containers": [{"name": "main", "image": "r.example.com/demo:1",
                                "resources": {"limits": {"nvidia.com/gpu": gpus, "cpu": "2"}}}]}}}}


def tree(*docs: dict[str, Any]) -> Tree:
    found = [resource(d) for d in docs]
    return Tree({r.key: r for r in found}, ())


def test_workload_scaler_and_routing_facts():
    scaled = {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "metadata": {"name": "demo"},
              "spec": {"minReplicaCount": 0, "maxReplicaCount": 4}}
    refs = [{"name": "demo", "weight": 90}, {"name": "demo-canary", "weight": 10}]
    route = {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "metadata": {"name": "demo"},
             "spec": {"hostnames": ["demo.example.com"], "rules": [{"backendRefs": refs}]}}
    canary = deployment("demo-canary", gpus=2)
    facts = model_facts("demo", [resource(d) for d in (deployment(), canary, scaled, route)])
    assert facts["GPU"] == "1 × nvidia.com/gpu" and facts["GPU (demo-canary)"] == "2 × nvidia.com/gpu"
    assert facts["GPU product"] == "NVIDIA-A100-SXM4-80GB" and facts["CPU limit"] == "2"
    assert (facts["min replicas"], facts["max replicas"]) == ("0", "4")
    assert facts["hosts"] == ("demo.example.com",) and facts["traffic"] == "demo 90, demo-canary 10"


def test_knative_traffic_split_between_revisions():
    service = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "demo"},
               "spec": {"template": {"metadata": {"annotations": {"autoscaling.knative.dev/min-scale": "0"}},
                                     "spec": {"containers": [{"image": "r.example.com/demo:2"}]}},
                        "traffic": [{"revisionName": "demo-v1", "percent": 90},
                                    {"latestRevision": True, "tag": "canary", "percent": 10}]}}
    facts = model_facts("demo", [resource(service)])
    assert facts["serving"] == "knative" and facts["min replicas"] == "0"
    assert facts["traffic"] == "demo-v1 90 %, latest (canary) 10 %"


def test_kserve_standard_canary_share_and_storage():
    """KServe 0.20 Standard mode: spec.canary[] carries the canary's trafficPercent and its storageUri."""
    model = {"modelFormat": {"name": "pytorch"}, "storageUri": "pvc://claim/demo"}
    canary = {"predictor": {"name": "canary", "model": {**model, "storageUri": "pvc://claim/demo-v2"}},
              "trafficPercent": 10}
    isvc = {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
            "metadata": {"name": "demo", "annotations": {"serving.kserve.io/deploymentMode": "Standard"}},
            "spec": {"predictor": {"model": model}, "canary": [canary]}}
    facts = model_facts("demo", [resource(isvc)])
    assert facts["serving"] == "kserve (Standard)" and facts["storage URI"] == "pvc://claim/demo"
    assert facts["canary"] == "canary 10 % (pvc://claim/demo-v2)"
    promoted = {**isvc, "spec": {"predictor": {"model": canary["predictor"]["model"]}}}
    assert "canary" not in model_facts("demo", [resource(promoted)])


def test_rows_are_keyed_by_model_and_environment():
    old = tree(deployment(env="staging"), {**deployment(env="production"), "metadata": {
        "name": "demo", "namespace": "prod", "labels": {ENVIRONMENT_LABEL: "production"}}})
    new = tree(deployment(env="staging", gpus=2), {**deployment(env="production"), "metadata": {
        "name": "demo", "namespace": "prod", "labels": {ENVIRONMENT_LABEL: "production"}}})
    report = build_report("base", old, new)
    assert [m.key for m in report.models] == [ModelKey("demo", "staging")]
    assert report.unchanged == 1  # production's row: untouched by a staging change
    [change] = report.models[0].facts
    assert (change.fact, change.before, change.after) == ("GPU", "1 × nvidia.com/gpu", "2 × nvidia.com/gpu")
    assert "| `demo` | staging | GPU | 1 × nvidia.com/gpu | 2 × nvidia.com/gpu |" in markdown(report)


def test_markdown_leaves_out_diffs_past_the_budget_and_escapes_cells():
    report = build_report("a|b", tree(deployment(replicas=1)), tree(deployment(replicas=3)))
    full = markdown(report)
    assert "```diff\n" in full and "Compared with `a\\|b`" in full
    short = markdown(report, budget=len(full) // 2)
    assert "```diff" not in short and "`infergen diff --model demo`" in short
    assert "| `demo` | default | replicas | 1 | 3 |" in short


def test_no_changes():
    same = tree(deployment())
    report = build_report("HEAD:catalog.yaml", same, same)
    assert report.models == () and "No model changes." in markdown(report)


def test_statefulset_with_a_shared_cache_claim():
    sts = deployment()
    sts["kind"] = "StatefulSet"
    sts["spec"]["template"]["spec"]["volumes"] = [{"name": "cache", "persistentVolumeClaim": {"claimName": "cache"}},
                                                  {"name": "tmp", "emptyDir": {}}]
    facts = model_facts("demo", [resource(sts)])
    assert facts["serving"] == "deployment (StatefulSet)" and facts["PVCs"] == ("cache",)
    assert facts["replicas"] == "1" and facts["GPU"] == "1 × nvidia.com/gpu"
