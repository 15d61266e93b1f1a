"""Secure by default: every pod the charts produce meets Pod Security Standards "restricted",
with a read-only root, explicit writable emptyDirs, no API token, a memory limit and a
NetworkPolicy; each opt-out is explicit per model and reported as a warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalog import load_catalog
from generator.findings import Severity
from generator.validate.tree import Options, validate_tree
from tests.reliability.trees import catalog, model
from tests.security.rendered import example_catalog, render_catalog

WORKLOADS = {"Deployment", "StatefulSet", "Job", "DaemonSet"}
TORCHSERVE = model("ts-model", image={"repository": "pytorch/torchserve", "tag": "0.12.0-cpu"},
                   ports=[{"name": "http", "port": 8080}], torchserve={"modelFile": "model.pt"})
OPT_OUT = model("legacy", security={"allowRoot": True, "allowPrivilegeEscalation": True,
                                    "capabilitiesAdd": ["NET_ADMIN"], "readOnlyRootFilesystem": False},
                networkPolicy={"enabled": False}, serviceAccount={"automountToken": True})


def pod_specs(docs: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Every pod template, whichever kind carries it: workloads, Pods, Knative Services (the
    revision template) and InferenceServices (the predictor is a pod spec plus a model container)."""
    out = []
    for doc in docs:
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        if doc["kind"] in WORKLOADS or (doc["kind"] == "Service" and doc["apiVersion"].startswith("serving.knative")):
            out.append((where, doc["spec"]["template"]["spec"]))
        elif doc["kind"] == "Pod":
            out.append((where, doc["spec"]))
        elif doc["kind"] == "InferenceService":
            predictor = doc["spec"]["predictor"]
            containers = predictor.get("containers") or [{"name": "kserve-container", **predictor["model"]}]
            out.append((where, {**predictor, "containers": containers}))
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp("secure")
    src = tmp / "src"
    src.mkdir()
    docs = render_catalog(example_catalog(src), tmp / "example")
    extra = tmp / "extra"
    extra.mkdir()
    (extra / "catalog.yaml").write_text(yaml.safe_dump(catalog([TORCHSERVE])))
    docs.update(render_catalog(extra / "catalog.yaml", tmp / "extra-out"))
    return docs


def test_every_pod_is_restricted(rendered: dict[str, list[dict[str, Any]]]) -> None:
    pods = [p for docs in rendered.values() for p in pod_specs(docs)]
    kinds = {name.split("/")[0] for name, _spec in pods}
    assert kinds == {"Deployment", "StatefulSet", "Pod", "Service", "InferenceService"}, kinds
    assert len(pods) >= 14
    for name, spec in pods:
        pod_sc = spec.get("securityContext") or {}
        assert spec.get("automountServiceAccountToken") is False, name
        assert not any(spec.get(k) for k in ("hostNetwork", "hostPID", "hostIPC")), name
        assert all("hostPath" not in v for v in spec.get("volumes") or []), name
        for c in spec["containers"] + spec.get("initContainers", []):
            sc = c.get("securityContext") or {}
            where = f"{name} container {c['name']}"
            assert sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) is True, where
            assert sc.get("runAsUser", pod_sc.get("runAsUser", 1)) != 0, where
            assert sc.get("allowPrivilegeEscalation") is False, where
            assert sc.get("privileged", False) is False, where
            assert sc["capabilities"]["drop"] == ["ALL"] and not sc["capabilities"].get("add"), where
            seccomp = sc.get("seccompProfile") or pod_sc.get("seccompProfile")
            assert seccomp["type"] == "RuntimeDefault", where
            assert sc.get("readOnlyRootFilesystem") is True, where
            assert c["resources"]["limits"]["memory"], where


def test_writable_paths_are_emptydirs(rendered: dict[str, list[dict[str, Any]]]) -> None:
    for chart, docs in rendered.items():
        for name, spec in pod_specs(docs):
            if name.startswith("Pod/"):
                continue  # the helm test pod writes nothing
            volumes = {v["name"]: v for v in spec.get("volumes") or []}
            mounts = {m["mountPath"]: m["name"] for m in spec["containers"][0].get("volumeMounts") or []}
            assert "/tmp" in mounts and "emptyDir" in volumes[mounts["/tmp"]], chart
            if chart == "ts-model":
                for path in ("/home/model-server/tmp", "/home/model-server/logs"):
                    assert path in mounts and "emptyDir" in volumes[mounts[path]], path


def test_service_accounts_and_network_policies(rendered: dict[str, list[dict[str, Any]]]) -> None:
    for chart, docs in rendered.items():
        if chart.startswith("storage-"):
            continue
        kinds = {d["kind"] for d in docs}
        assert "NetworkPolicy" in kinds, chart
        for sa in (d for d in docs if d["kind"] == "ServiceAccount"):
            assert sa["automountServiceAccountToken"] is False, chart
        policy = next(d for d in docs if d["kind"] == "NetworkPolicy")
        assert policy["spec"]["policyTypes"] == ["Ingress"]
        for rule in policy["spec"].get("ingress") or []:
            assert rule.get("from"), f"{chart}: a rule without 'from' admits every source"


def test_app_project_is_least_privilege(tmp_path: Path) -> None:
    src = example_catalog(tmp_path)
    render_catalog(src, tmp_path / "m")
    projects = [p for path in sorted((tmp_path / "apps").rglob("project.yaml"))  # one per environment
                for p in yaml.safe_load_all(path.read_text())]
    assert len(projects) == 2 * len(load_catalog(src).environments or [None])
    for project in projects:
        spec = project["spec"]
        assert "*" not in spec["sourceRepos"]
        assert all(d["namespace"] != "*" and d.get("server", d.get("name")) not in ("*", None)
                   for d in spec["destinations"])
        assert all(k["kind"] != "*" and k["group"] != "*" for k in spec["namespaceResourceWhitelist"])
        assert spec["clusterResourceWhitelist"] in ([], [{"group": "", "kind": "Namespace"}])
        kinds = {k["kind"] for k in spec["namespaceResourceWhitelist"]}
        assert not kinds & {"Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"}
    # Secret only where a model needs its annotated, data-less S3 Secret (kserve.s3.secretName
    # with createSecret left on): KServe reads the endpoint from that Secret's annotations.
    s3_secret = [m for m in load_catalog(src).models if m.kserve and m.kserve.s3
                 and m.kserve.s3.secret_name and m.kserve.s3.create_secret]
    managed = {k["kind"] for p in projects for k in p["spec"]["namespaceResourceWhitelist"]}
    assert ("Secret" in managed) == bool(s3_secret), managed


def test_opt_outs_render_and_warn(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(catalog([OPT_OUT])))
    cat = load_catalog(path, "catalog.yaml")
    warned = {f.path.rsplit(".", 1)[-1] for f in cat.warnings if f.severity is Severity.WARNING}
    assert {"allowRoot", "allowPrivilegeEscalation", "capabilitiesAdd", "readOnlyRootFilesystem", "enabled",
            "automountToken"} <= warned, warned
    docs = render_catalog(path, tmp_path / "m")["legacy"]
    assert "NetworkPolicy" not in {d["kind"] for d in docs}
    (_, spec), = [p for p in pod_specs(docs) if not p[0].startswith("Pod/")]
    sc = spec["containers"][0]["securityContext"]
    assert sc["allowPrivilegeEscalation"] is True and sc["readOnlyRootFilesystem"] is False
    assert sc["capabilities"]["add"] == ["NET_ADMIN"] and spec["automountServiceAccountToken"] is True
    findings = validate_tree(cat, tmp_path, Options(ignore_missing_schemas=True)).findings
    restricted = [f for f in findings if f.rule == "pod-security-restricted"]
    assert restricted and all(f.severity is Severity.WARNING for f in restricted)
    assert not [f for f in findings if f.severity is Severity.ERROR], [str(f) for f in findings]


def test_defaults_produce_no_security_warnings(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(catalog([model("clean")])))
    cat = load_catalog(path, "catalog.yaml")
    assert not [f for f in cat.warnings if "opt-out" in f.message]
    render_catalog(path, tmp_path / "m")
    findings = validate_tree(cat, tmp_path, Options(ignore_missing_schemas=True)).findings
    assert not [f for f in findings if f.rule == "pod-security-restricted"], [str(f) for f in findings]
