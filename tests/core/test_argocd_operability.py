"""Issue 18: Applications an Argo CD operator can run: the Application health check that makes
sync waves wait, manifest-generate-paths, the root app leaving argocd-cm alone, and the example
catalog validating with no finding but the :latest warnings of the two references that use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalog import load_catalog
from generator.render.argocd_health import FILE, KEY, LUA
from generator.render.generate import generate
from tests.reliability.trees import REPO
from tests.validate.conftest import generate_into, run_validate


def _example_files(tmp: Path) -> dict[str, str]:
    """The example without its environments: the one-cluster layout (apps/<model>.yaml); the
    per-environment layout is tests/core/test_environments.py's."""
    data = yaml.safe_load((REPO / "catalog.yaml").read_text(encoding="utf-8"))
    data.pop("validation", None)
    data.pop("environments", None)
    for model in data["models"]:
        model.pop("environments", None)
    path = tmp / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return generate(load_catalog(path, "catalog.yaml")).files


def _apps(files: dict[str, str]) -> dict[str, dict[str, Any]]:
    out = {}
    for name, text in files.items():
        if name.startswith("apps/") and name.endswith(".yaml") and name != FILE:
            for doc in yaml.safe_load_all(text):
                if doc and doc["kind"] == "Application":
                    out[doc["metadata"]["name"]] = doc
    return out


def test_every_application_refreshes_only_for_its_own_path(tmp_path: Path):
    apps = _apps(_example_files(tmp_path))
    assert len(apps) == 10 + 2 + 1  # models, storage apps, root
    for app in apps.values():
        annotation = app["metadata"]["annotations"]["argocd.argoproj.io/manifest-generate-paths"]
        assert annotation == "/" + app["spec"]["source"]["path"]


def test_sync_waves_order_storage_before_models(tmp_path: Path):
    apps = _apps(_example_files(tmp_path))
    waves = {name: int(a["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"])
             for name, a in apps.items() if "argocd.argoproj.io/sync-wave" in a["metadata"]["annotations"]}
    assert waves["storage-ml-inference"] < waves["inference-server"]
    assert waves["storage-kubeflow-megaputer"] < waves["nllb-200-1dot3b"]


def test_health_patch_is_a_partial_argocd_cm_the_root_app_skips(tmp_path: Path):
    files = _example_files(tmp_path)
    [cm] = list(yaml.safe_load_all(files[FILE]))
    assert (cm["apiVersion"], cm["kind"], cm["metadata"]["name"], cm["metadata"]["namespace"]) == (
        "v1", "ConfigMap", "argocd-cm", "argocd")
    assert list(cm["data"]) == [KEY]
    lua = cm["data"][KEY]
    assert lua == LUA
    # the child's own reported health decides; Progressing until there is one
    assert "obj.status" in lua and "health.status" in lua and '"Progressing"' in lua and "return hs" in lua
    root = _apps(files)["infergen-root"]
    assert root["spec"]["source"]["directory"]["exclude"] == "{root.yaml,argocd-health.yaml}"
    # the root app's project may manage Applications and AppProjects only, never argocd-cm
    root_project = list(yaml.safe_load_all(files["apps/project.yaml"]))[1]
    assert {k["kind"] for k in root_project["spec"]["namespaceResourceWhitelist"]} == {"Application",
                                                                                      "AppProject"}


def test_ignore_differences_only_where_a_controller_owns_the_field(tmp_path: Path):
    apps = _apps(_example_files(tmp_path))
    owned = {name: a["spec"]["ignoreDifferences"] for name, a in apps.items() if "ignoreDifferences" in a["spec"]}
    # the two HPA-scaled Deployments, the KEDA-scaled one (its ScaledObject's HPA writes the scale
    # subresource), and the S3 Secret whose keys are filled outside git
    assert set(owned) == {"triton-multilingual-asr", "pytorch-classifier", "doc-summarizer", "fraud-detector"}
    assert owned["doc-summarizer"] == [{"group": "apps", "kind": "Deployment", "name": "doc-summarizer",
                                        "namespace": "ml-inference", "jsonPointers": ["/spec/replicas"]}]
    assert owned["pytorch-classifier"] == [{"group": "apps", "kind": "Deployment", "name": "pytorch-classifier",
                                            "namespace": "ml-production", "jsonPointers": ["/spec/replicas"]}]
    assert owned["fraud-detector"] == [{"group": "", "kind": "Secret", "name": "minio-credentials",
                                        "namespace": "ml-inference", "jsonPointers": ["/data"]}]


def test_readme_tells_the_operator_to_apply_the_health_check():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"kubectl apply --server-side --field-manager=infergen -f {FILE}" in readme


def test_example_catalog_validates_with_only_the_latest_warnings(tmp_path: Path):
    text = (REPO / "catalog.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data.pop("validation", None)
    generate_into(tmp_path, data)
    run = run_validate(tmp_path)
    assert run.exit_code == 0
    assert sorted((f["rule"], f["resource"]) for f in run.findings) == [
        ("image-latest", "Deployment/asr-staging/triton-multilingual-asr"),
        ("image-latest", "Deployment/asr/triton-multilingual-asr"),
    ]


def _run_health(lua: str, app: dict[str, Any]) -> dict[str, str]:
    """Run the health script as Argo CD's Lua VM does: the resource as the global ``obj``."""
    lupa = pytest.importorskip("lupa", reason="lupa (a dev dependency) runs the Lua health check")
    runtime = lupa.LuaRuntime(unpack_returned_tuples=True)

    def table(value: Any) -> Any:
        if isinstance(value, dict):
            return runtime.table_from({k: table(v) for k, v in value.items()})
        if isinstance(value, list):
            return runtime.table_from([table(v) for v in value])
        return value

    runtime.globals().obj = table(app)
    result = runtime.execute(lua)
    return {k: result[k] for k in ("status", "message") if result[k] is not None}


def test_health_check_runs_and_follows_the_child_application(tmp_path: Path):
    lua = yaml.safe_load(_example_files(tmp_path)[FILE])["data"][KEY]
    base = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": {"name": "m"}}
    # no status yet: the wave waits (Argo CD's default would call it Healthy at once)
    assert _run_health(lua, base)["status"] == "Progressing"
    assert _run_health(lua, {**base, "status": {"sync": {"status": "Synced"}}})["status"] == "Progressing"
    for status in ("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"):
        out = _run_health(lua, {**base, "status": {"health": {"status": status, "message": f"{status} now"}}})
        assert out == {"status": status, "message": f"{status} now"}
    assert _run_health(lua, {**base, "status": {"health": {"status": "Degraded"}}}) == {
        "status": "Degraded", "message": ""}
