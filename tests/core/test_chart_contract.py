"""Issue 2: chart conventions (names, labels, values schema, headers, helm test) and Argo CD objects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import helm_python
import pytest
import yaml

from generator.stages.write import MARKER
from tests.conftest import base_catalog, find
from tests.core.conftest import full_catalog

STANDARD = (
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/component",
    "app.kubernetes.io/part-of",
    "app.kubernetes.io/managed-by",
    "helm.sh/chart",
)


@pytest.fixture(scope="module")
def full(module_build):
    return module_build(full_catalog())


@pytest.fixture(scope="module")
def docs(full) -> list[dict[str, Any]]:
    return full.render()


def _parse(manifests: dict[str, str]) -> list[dict[str, Any]]:
    return [
        d for name, text in manifests.items() if name.endswith(".yaml") for d in yaml.safe_load_all(text) if d
    ]


def test_fullname_truncated_to_63(full):
    chart = helm_python.Chart.load(str(full.root / "charts" / "demo"))
    release = "a-very-long-release-name-that-goes-on-and-on-for-quite-a-while-x"  # 64 chars, no "demo"
    docs = _parse(chart.render(None, name=release, namespace="ml", is_install=True))
    deployment = find(docs, "Deployment")
    name = deployment["metadata"]["name"]
    assert len(name) <= 63 and not name.endswith("-")
    assert name == f"{release}-demo"[:63].rstrip("-")
    assert find(docs, "Service", name)["spec"]["selector"]["app.kubernetes.io/instance"] == release
    assert find(docs, "HorizontalPodAutoscaler", name)["spec"]["scaleTargetRef"]["name"] == name
    # a release name that contains the chart name is used as is
    docs = _parse(chart.render(None, name="team-demo", namespace="ml", is_install=True))
    assert find(docs, "Deployment")["metadata"]["name"] == "team-demo"


def test_selector_labels_are_name_and_instance_only(docs):
    expected = {"app.kubernetes.io/name": "demo", "app.kubernetes.io/instance": "demo"}
    assert find(docs, "Deployment")["spec"]["selector"] == {"matchLabels": expected}
    assert find(docs, "Service", "demo")["spec"]["selector"] == expected
    assert find(docs, "PodDisruptionBudget")["spec"]["selector"] == {"matchLabels": expected}
    assert find(docs, "NetworkPolicy")["spec"]["podSelector"] == {"matchLabels": expected}


def test_standard_labels_on_every_resource(docs):
    for doc in docs:
        labels = doc["metadata"]["labels"]
        missing = [k for k in STANDARD if k not in labels]
        assert not missing, f"{doc['kind']}/{doc['metadata']['name']} lacks {missing}"
        assert labels["helm.sh/chart"] == "demo-1.0.0"
        assert labels["app.kubernetes.io/managed-by"] == "Helm"
        assert labels["app.kubernetes.io/component"] == "inference"
        assert labels["app.kubernetes.io/part-of"] == "ml"
        assert labels["app.kubernetes.io/version"] == "abababababab"  # digest → short appVersion


def test_version_label_from_tag_and_component(build):
    docs = build(base_catalog(component="ranker", partOf="search")).render()
    labels = find(docs, "Deployment")["spec"]["template"]["metadata"]["labels"]
    assert labels["app.kubernetes.io/version"] == "1.0.0"
    assert labels["app.kubernetes.io/component"] == "ranker"
    assert labels["app.kubernetes.io/part-of"] == "search"


@pytest.mark.parametrize(
    "override",
    [
        {"replicaCount": "three"},
        {"image": {"pullPolicy": 3}},
        {"imagePullPolicy": "Always"},  # misspelt top-level key
        {"service": {"type": "ClusterIP", "portz": []}},
    ],
)
def test_values_schema_rejects_bad_overrides(build, override):
    built = build(base_catalog())
    chart = helm_python.Chart.load(str(built.root / "charts" / "demo"))
    chart.validate_schema({})  # the defaults themselves are valid
    with pytest.raises(helm_python.HelmError):
        chart.validate_schema(override)


def test_values_schema_accepts_good_override(build):
    chart = helm_python.Chart.load(str(build(base_catalog()).root / "charts" / "demo"))
    chart.validate_schema({"replicaCount": 3, "image": {"tag": "1.0.1"}})
    docs = _parse(
        chart.render(
            {"replicaCount": 3, "image": {"tag": "1.0.1"}}, name="demo", namespace="ml", is_install=True
        )
    )
    deployment = find(docs, "Deployment")
    assert deployment["spec"]["replicas"] == 3
    assert (
        deployment["spec"]["template"]["spec"]["containers"][0]["image"] == "registry.example.com/demo:1.0.1"
    )


def test_every_generated_file_has_the_header(full):
    files = [p for p in (full.root / "charts").rglob("*") if p.is_file()]
    files += list((full.root / "apps").glob("*.yaml"))
    assert len(files) > 20
    for path in files:
        head = path.read_bytes()[:512]
        assert MARKER in head, path
        if path.suffix == ".json":
            assert json.loads(path.read_text())["$comment"].startswith("Generated by `infergen generate`")
        elif path.name not in ("_helpers.tpl", "_pod.tpl", "NOTES.txt"):
            assert head.startswith(b"# Generated by `infergen generate`"), path


def test_helm_test_hook_pod(docs):
    pod = find(docs, "Pod", "demo-test-health")
    ann = pod["metadata"]["annotations"]
    assert ann["helm.sh/hook"] == "test"
    assert ann["argocd.argoproj.io/hook"] == "Skip"
    assert pod["metadata"]["labels"]["infergen.io/role"] == "helm-test"
    container = pod["spec"]["containers"][0]
    assert container["command"] == ["curl"]
    assert container["args"][-1] == "http://demo.ml.svc:8000/ready"
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
    assert pod["spec"]["restartPolicy"] == "Never"


def test_no_test_hook_without_readiness(build):
    built = build(base_catalog(probes={"liveness": {"path": "/live", "port": "http"}}))
    assert not (built.root / "charts/demo/templates/tests").exists()
    assert "Pod" not in [d["kind"] for d in built.render()]


# --- Argo CD --------------------------------------------------------------------------------------------


def test_application_fields(full):
    app = full.app("demo")
    assert app["apiVersion"] == "argoproj.io/v1alpha1" and app["kind"] == "Application"
    assert app["metadata"]["namespace"] == "argocd"
    assert app["metadata"]["finalizers"] == ["resources-finalizer.argocd.argoproj.io"]
    assert app["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] == "0"
    spec = app["spec"]
    assert spec["project"] == "ml"
    assert spec["source"] == {
        "repoURL": "https://git.example.com/ml.git",
        "targetRevision": "HEAD",
        "path": "charts/demo",
        "helm": {"releaseName": "demo", "valueFiles": ["values.yaml"]},
    }
    assert spec["destination"] == {"server": "https://kubernetes.default.svc", "namespace": "ml"}
    policy = spec["syncPolicy"]
    assert policy["automated"] == {"prune": True, "selfHeal": True}
    assert {"CreateNamespace=true", "RespectIgnoreDifferences=true"} <= set(policy["syncOptions"])
    assert policy["retry"] == {"limit": 5, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "5m"}}


def test_application_per_model_argocd_settings(build):
    cat = base_catalog(
        argocd={
            "server": "https://prod.example.com",
            "targetRevision": "v1.2.3",
            "prune": False,
            "selfHeal": False,
            "replace": True,
        }
    )
    cat["argocd"]["targetRevision"] = "main"
    built = build(cat)
    spec = built.app("demo")["spec"]
    assert spec["destination"]["server"] == "https://prod.example.com"
    assert spec["source"]["targetRevision"] == "v1.2.3"
    assert spec["syncPolicy"]["automated"] == {"prune": False, "selfHeal": False}
    assert "Replace=true" in spec["syncPolicy"]["syncOptions"]
    project = next(
        d for d in yaml.safe_load_all(built.file("apps/project.yaml")) if d["metadata"]["name"] == "ml"
    )
    assert project["spec"]["destinations"] == [{"server": "https://prod.example.com", "namespace": "ml"}]
    assert built.app("root")["spec"]["source"]["targetRevision"] == "main"


def test_app_project_least_privilege(full):
    projects = {d["metadata"]["name"]: d for d in yaml.safe_load_all(full.file("apps/project.yaml"))}
    assert set(projects) == {"ml", "ml-root"}
    spec = projects["ml"]["spec"]
    assert spec["sourceRepos"] == ["https://git.example.com/ml.git"]
    assert spec["destinations"] == [{"server": "https://kubernetes.default.svc", "namespace": "ml"}]
    assert spec["clusterResourceWhitelist"] == [{"group": "", "kind": "Namespace"}]
    used = {(d["apiVersion"].rpartition("/")[0], d["kind"]) for d in full.render() if d["kind"] != "Pod"}
    used.add(("", "PersistentVolumeClaim"))  # the storage chart
    assert {(k["group"], k["kind"]) for k in spec["namespaceResourceWhitelist"]} == used
    root = projects["ml-root"]["spec"]
    assert root["clusterResourceWhitelist"] == []
    assert root["namespaceResourceWhitelist"] == [
        {"group": "argoproj.io", "kind": "Application"},
        {"group": "argoproj.io", "kind": "AppProject"},
    ]
    assert root["destinations"] == [{"server": "https://kubernetes.default.svc", "namespace": "argocd"}]


def test_app_project_minimal_kinds(build):
    built = build(base_catalog(networkPolicy={"enabled": False}))
    project = next(yaml.safe_load_all(built.file("apps/project.yaml")))
    kinds = {(k["group"], k["kind"]) for k in project["spec"]["namespaceResourceWhitelist"]}
    assert kinds == {("", "Service"), ("", "ServiceAccount"), ("apps", "Deployment")}


def test_root_app_of_apps(full):
    root = full.app("root")
    assert root["metadata"]["name"] == "infergen-root"
    assert root["spec"]["project"] == "ml-root"
    assert root["spec"]["source"]["path"] == "apps"
    assert root["spec"]["source"]["directory"] == {"recurse": False, "exclude": "root.yaml"}
    assert root["spec"]["destination"]["namespace"] == "argocd"
    assert root["spec"]["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}
    assert sorted(p.name for p in Path(full.root, "apps").iterdir()) == [
        "demo.yaml",
        "project.yaml",
        "root.yaml",
        "storage-ml.yaml",
    ]
