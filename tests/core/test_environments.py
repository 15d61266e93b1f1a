"""Issue 19: environments and clusters — one chart per model, values-<env>.yaml, apps/<env>/."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator import helm
from generator.catalog import load_catalog
from generator.cli import cli
from generator.errors import CatalogError, Exit, InputError
from generator.output.write import write_tree
from generator.render.chart import render_chart
from generator.render.environments import overlay
from generator.render.generate import generate
from generator.render.stamp import STAMP
from generator.spec import ENVIRONMENT_LABEL
from tests.conftest import REPO, base_catalog

ENVS = {"staging": {"cluster": {"name": "staging"}, "namespaceSuffix": "-staging", "maxReplicas": 1,
                    "gpuProduct": "NVIDIA-A10", "hostPrefix": "staging."},
        "production": {"cluster": {"server": "https://prod.example.com:6443"}}}


def example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "catalog.yaml").read_text(encoding="utf-8"))
    return data


def without_environments(data: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out.pop("environments", None)
    for model in out["models"]:
        model.pop("environments", None)
    return out


def files_of(tmp: Path, data: dict[str, Any], name: str = "catalog.yaml") -> dict[str, str]:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "serving").mkdir(exist_ok=True)
    path = tmp / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return generate(load_catalog(path, "catalog.yaml")).files


def docs(files: dict[str, str], rel: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(files[rel]) if d]


def rendered(root: Path, chart: str, namespace: str, value_files: tuple[str, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    release = helm.Release(root / "charts" / chart, chart, namespace, value_files)
    for template, text in helm.render(release).manifests.items():
        if template.endswith(".yaml"):
            out.extend(d for d in yaml.safe_load_all(text) if d)
    return out


def kind(items: list[dict[str, Any]], wanted: str, canary: bool = False) -> dict[str, Any]:
    """The one ``wanted`` resource of the stable version (or of the rollout's canary)."""
    hits = [d for d in items if d["kind"] == wanted and d["metadata"]["name"].endswith("-canary") == canary]
    assert len(hits) == 1, [d["kind"] for d in items]
    return hits[0]


@pytest.fixture(scope="module")
def example_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("example")
    files = files_of(root, example())
    write_tree(root, files)
    return root, files


# --- no environments: today's output ----------------------------------------------------------------


def test_catalog_without_environments_generates_todays_layout(tmp_path: Path):
    files = files_of(tmp_path, base_catalog())
    assert {p for p in files if p.startswith("apps/")} == {
        "apps/demo.yaml", "apps/project.yaml", "apps/root.yaml", "apps/argocd-health.yaml", f"apps/{STAMP}"}
    assert not [p for p in files if "/values-" in p]


def test_example_charts_are_the_environment_free_charts_byte_for_byte(tmp_path: Path, example_tree):
    """The example's production is its models as declared: dropping every environment leaves the
    same charts (minus the values-<env>.yaml files), and each production Application is the old
    Application plus the environment's name, project, values file and refresh paths."""
    _root, with_envs = example_tree
    plain = files_of(tmp_path, without_environments(example()))
    charts = {p: t for p, t in with_envs.items() if p.startswith("charts/") and "/values-" not in p
              and not p.endswith(STAMP)}
    assert charts == {p: t for p, t in plain.items() if p.startswith("charts/") and not p.endswith(STAMP)}
    for model in example()["models"]:
        old = docs(plain, f"apps/{model['name']}.yaml")[0]
        new = docs(with_envs, f"apps/production/{model['name']}.yaml")[0]
        assert new["metadata"]["name"] == f"{model['name']}-production"
        assert new["spec"]["project"] == "ml-inference-production"
        assert new["spec"]["source"]["helm"]["valueFiles"] == ["values.yaml", "values-production.yaml"]
        paths = new["metadata"]["annotations"]["argocd.argoproj.io/manifest-generate-paths"].split(";")
        assert f"/charts/{model['name']}/values-production.yaml" in paths and all(
            p.startswith(f"/charts/{model['name']}/") for p in paths)  # see the refresh test below
        assert new["metadata"]["labels"].pop(ENVIRONMENT_LABEL) == "production"
        for app in (old, new):
            del app["metadata"]["name"], app["spec"]["project"], app["spec"]["source"]["helm"]["valueFiles"]
            del app["metadata"]["annotations"]["argocd.argoproj.io/manifest-generate-paths"]
        assert new == old
        assert yaml.safe_load(with_envs[f"charts/{model['name']}/values-production.yaml"]) == {
            "commonLabels": {ENVIRONMENT_LABEL: "production"}}  # all production adds


# --- Applications, AppProjects, root apps -----------------------------------------------------------


def test_one_application_per_model_and_environment(tmp_path: Path):
    data = base_catalog()
    data["environments"] = ENVS
    files = files_of(tmp_path, data)
    staging = docs(files, "apps/staging/demo.yaml")[0]
    production = docs(files, "apps/production/demo.yaml")[0]
    assert staging["metadata"]["name"] == "demo-staging"
    assert staging["spec"]["destination"] == {"name": "staging", "namespace": "ml-staging"}
    assert production["spec"]["destination"] == {"server": "https://prod.example.com:6443", "namespace": "ml"}
    for env, app in (("staging", staging), ("production", production)):
        assert app["spec"]["project"] == f"ml-{env}"
        assert app["spec"]["source"]["path"] == "charts/demo"  # one chart, two value files
        assert app["spec"]["source"]["helm"] == {"releaseName": "demo",
                                                 "valueFiles": ["values.yaml", f"values-{env}.yaml"]}
        assert f"charts/demo/values-{env}.yaml" in files
    assert "apps/demo.yaml" not in files and "apps/project.yaml" not in files


def test_app_projects_only_reach_their_environments_cluster_and_namespaces(tmp_path: Path):
    data = base_catalog()
    data["models"].append({**copy.deepcopy(data["models"][0]), "name": "other", "namespace": "ml-b"})
    data["environments"] = ENVS
    files = files_of(tmp_path, data)
    for env, key, cluster, suffix in (("staging", "name", "staging", "-staging"),
                                      ("production", "server", "https://prod.example.com:6443", "")):
        project, root_project = docs(files, f"apps/{env}/project.yaml")
        assert project["metadata"]["name"] == f"ml-{env}"
        assert project["spec"]["destinations"] == sorted(
            [{key: cluster, "namespace": f"ml{suffix}"}, {key: cluster, "namespace": f"ml-b{suffix}"}],
            key=lambda d: d["namespace"])
        root = docs(files, f"apps/{env}/root.yaml")[0]
        assert root["metadata"]["name"] == f"infergen-root-{env}"
        assert root["spec"]["project"] == root_project["metadata"]["name"] == f"ml-{env}-root"
        assert root["spec"]["source"]["path"] == f"apps/{env}"
        assert root["spec"]["source"]["directory"]["exclude"] == "root.yaml"
        # the root app runs where Argo CD runs, whatever cluster the models go to
        assert root["spec"]["destination"] == {"server": "https://kubernetes.default.svc", "namespace": "argocd"}


def test_example_storage_follows_each_environments_namespaces(example_tree):
    _root, files = example_tree
    app = docs(files, "apps/staging/storage-ml-inference.yaml")[0]
    assert app["spec"]["source"]["path"] == "charts/storage-ml-inference"
    assert app["spec"]["destination"] == {"name": "staging", "namespace": "ml-inference-staging"}
    assert app["metadata"]["name"] == "storage-ml-inference-staging"


# --- rendered values differ as declared ----------------------------------------------------------------


def test_replicas_hosts_gpu_and_resources_differ_per_environment(example_tree):
    root, _files = example_tree
    prod = rendered(root, "triton-multilingual-asr", "asr", ("values.yaml", "values-production.yaml"))
    stag = rendered(root, "triton-multilingual-asr", "asr-staging", ("values.yaml", "values-staging.yaml"))
    assert kind(prod, "HorizontalPodAutoscaler")["spec"]["maxReplicas"] == 5
    assert kind(stag, "HorizontalPodAutoscaler")["spec"]["maxReplicas"] == 1  # maxReplicas: 1
    assert kind(prod, "Ingress")["spec"]["rules"][0]["host"] == "asr.example.com"
    assert kind(stag, "Ingress")["spec"]["rules"][0]["host"] == "staging.asr.example.com"  # hostPrefix
    # the rollout renders in both: the HTTPRoute follows the host, the canary the GPU product
    assert kind(prod, "HTTPRoute")["spec"]["hostnames"] == ["asr.example.com"]
    assert kind(stag, "HTTPRoute")["spec"]["hostnames"] == ["staging.asr.example.com"]
    canary_pod = kind(stag, "Deployment", canary=True)["spec"]["template"]["spec"]
    assert canary_pod["nodeSelector"] == kind(stag, "Deployment")["spec"]["template"]["spec"]["nodeSelector"]
    pod = kind(stag, "Deployment")["spec"]["template"]["spec"]
    assert pod["nodeSelector"] == {"node-type": "gpu", "nvidia.com/gpu.product": "NVIDIA-A10"}
    assert kind(prod, "Deployment")["spec"]["template"]["spec"]["nodeSelector"] == {"node-type": "gpu"}
    cors = next(d for d in stag if d["kind"] == "KongPlugin" and d["plugin"] == "cors")
    assert cors["config"]["origins"] == ["https://staging.asr.example.com"]  # the model's own staging block

    prod = rendered(root, "pytorch-classifier", "ml-production", ("values.yaml", "values-production.yaml"))
    stag = rendered(root, "pytorch-classifier", "ml-production-staging", ("values.yaml", "values-staging.yaml"))
    container = kind(stag, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert container["resources"]["limits"] == {"cpu": "1", "memory": "2Gi"}
    assert kind(prod, "Deployment")["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"] == {
        "cpu": "2", "memory": "4Gi"}
    assert kind(stag, "Ingress")["spec"]["tls"] == [{"secretName": "staging-api-example-com-tls",
                                                     "hosts": ["staging.api.example.com"]}]
    assert (kind(stag, "HorizontalPodAutoscaler")["spec"]["minReplicas"],
            kind(prod, "HorizontalPodAutoscaler")["spec"]["minReplicas"]) == (1, 2)


def test_every_application_and_resource_of_an_environment_carries_its_label(example_tree):
    root, files = example_tree
    for env in ("staging", "production"):
        apps = [d for rel in files if rel.startswith(f"apps/{env}/") for d in docs(files, rel)
                if d["kind"] == "Application"]
        assert len(apps) > 2 and all(a["metadata"]["labels"][ENVIRONMENT_LABEL] == env for a in apps)
        namespace = "asr-staging" if env == "staging" else "asr"
        items = rendered(root, "triton-multilingual-asr", namespace, ("values.yaml", f"values-{env}.yaml"))
        assert items and all(d["metadata"]["labels"][ENVIRONMENT_LABEL] == env for d in items)
        # never on a selector: those are immutable, and the label would differ between environments
        selector = kind(items, "Deployment")["spec"]["selector"]["matchLabels"]
        assert ENVIRONMENT_LABEL not in selector
    plain = rendered(root, "triton-multilingual-asr", "asr", ("values.yaml",))
    assert not any(ENVIRONMENT_LABEL in d["metadata"].get("labels", {}) for d in plain)


def test_values_file_over_values_yaml_renders_what_the_environments_own_chart_renders(example_tree, tmp_path: Path):
    """values-<env>.yaml is exact: the shared chart with it renders every model as a chart
    generated for that environment alone would."""
    root, _files = example_tree
    catalog = load_catalog(root / "catalog.yaml", "catalog.yaml")
    for env in catalog.environments:
        for model in env.catalog.models:
            own = tmp_path / env.name / "charts" / model.name
            for rel, text in render_chart(model, env.catalog).files.items():
                (own / rel).parent.mkdir(parents=True, exist_ok=True)
                (own / rel).write_text(text, encoding="utf-8")
            alone = rendered(tmp_path / env.name, model.name, model.namespace, ("values.yaml",))
            shared = rendered(root, model.name, model.namespace, ("values.yaml", f"values-{env.name}.yaml"))
            assert shared == alone, (env.name, model.name)


def test_overlay_sets_changes_and_nulls_removed_keys():
    base = {"a": 1, "m": {"x": 1, "y": 2}, "l": [1, 2], "e": {}, "b": True}
    wanted = {"a": 1, "m": {"x": 3}, "l": [1], "e": {"k": "v"}, "b": 1}
    assert overlay(base, wanted) == {"m": {"x": 3, "y": None}, "l": [1], "e": {"k": "v"}, "b": 1}
    assert overlay(base, base) == {}


# --- a staging change cannot alter production ------------------------------------------------------------


def test_editing_only_staging_leaves_every_production_file_byte_identical(tmp_path: Path, example_tree):
    _root, before = example_tree
    data = example()
    data["environments"]["staging"]["maxReplicas"] = 2
    data["environments"]["staging"]["hostPrefix"] = "stg-"
    data["models"][0]["environments"]["staging"]["resources"] = {"limits": {"cpu": "3"}}
    after = files_of(tmp_path, data)

    def staging_only(path: str) -> bool:
        return path.startswith("apps/staging/") or path.endswith("/values-staging.yaml") or path.endswith(STAMP)

    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert changed and all(staging_only(p) for p in changed), sorted(p for p in changed if not staging_only(p))
    assert yaml.safe_load(after["charts/triton-multilingual-asr/values-staging.yaml"])["ingress"] == {
        "host": "stg-asr.example.com"}


# --- errors point into the catalog -----------------------------------------------------------------------


def load_error(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(CatalogError) as exc:
        generate(load_catalog(path, "catalog.yaml"))
    return [str(f) for f in exc.value.findings]


def line_of(data: dict[str, Any], needle: str) -> int:
    text = yaml.safe_dump(data, sort_keys=False)
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_models_environment_override_error_points_at_the_override(tmp_path: Path):
    data = base_catalog(scaling={"min": 1, "max": 3, "cpuUtilization": 70})
    data["environments"] = {"staging": {"cluster": {"name": "staging"}}}
    data["models"][0]["environments"] = {"staging": {"scaling": {"min": 4}}}
    errors = load_error(tmp_path, data)
    assert len(errors) == 1
    assert errors[0].startswith(f"catalog.yaml:{line_of(data, 'min: 4')}:")
    assert "models[0].environments.staging.scaling" in errors[0] and "in environment staging" in errors[0]


def test_schema_errors_in_overrides_and_undeclared_environments(tmp_path: Path):
    data = base_catalog()
    data["environments"] = ENVS
    data["models"][0]["environments"] = {"staging": {"replicas": "two", "serving": "knative"},
                                         "qa": {"image": {"tag": "2"}}}
    errors = load_error(tmp_path, data)
    assert any("models[0].environments.staging.replicas" in e for e in errors), errors
    assert any("models[0].environments.staging.serving: 'serving' is not allowed here" in e for e in errors)
    data["models"][0]["environments"] = {"qa": {"image": {"tag": "2"}}}
    errors = load_error(tmp_path, data)
    assert errors == [f"catalog.yaml:{line_of(data, 'qa:')}:5: models[0].environments.qa: environment 'qa' is "
                      "not declared (hint: declare it under environments: (staging, production))"]


def test_an_environment_that_would_change_the_charts_files_is_refused(tmp_path: Path):
    data = base_catalog()
    data["environments"] = ENVS
    data["models"][0]["environments"] = {"staging": {"ingress": {"host": "demo.staging.example.com"}}}
    errors = load_error(tmp_path, data)
    assert len(errors) == 1 and "templates/ingress.yaml" in errors[0], errors
    assert errors[0].startswith(f"catalog.yaml:{line_of(data, 'staging:')}:5: models[0].environments.staging: ")


def test_suffix_too_long_for_a_namespace_is_an_error(tmp_path: Path):
    data = base_catalog(namespace="n" * 55)
    data["environments"] = {"staging": {"cluster": {"name": "s"}, "namespaceSuffix": "-staging-long"}}
    errors = load_error(tmp_path, data)
    assert len(errors) == 1 and "environments.staging.namespaceSuffix" in errors[0] and "63" in errors[0]


# --- validate --env and diff --env ------------------------------------------------------------------------


def test_validate_and_diff_per_environment(tmp_path: Path):
    data = base_catalog(scaling={"min": 1, "max": 4, "cpuUtilization": 70})
    data["environments"] = ENVS
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    write_tree(tmp_path, generate(load_catalog(path)).files)
    for env in ("staging", "production"):
        result = CliRunner().invoke(cli, ["validate", "-c", str(path), "--env", env, "--no-cache"])
        assert result.exit_code == 0, result.output
    for command in ("validate", "diff"):  # an InputError: cli.main prints it and exits 2
        result = CliRunner().invoke(cli, [command, "-c", str(path), "--env", "qa"])
        assert isinstance(result.exception, InputError) and result.exception.exit is Exit.INPUT
        assert str(result.exception) == "--env qa: the catalog declares staging, production"

    data["environments"]["staging"]["maxReplicas"] = 2
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", "-c", str(path), "--stat"])
    assert result.exit_code == 0, result.output
    assert [line.split() for line in result.stdout.splitlines()] == [
        ["changed", "staging/HorizontalPodAutoscaler/ml-staging/demo"]]
    result = CliRunner().invoke(cli, ["diff", "-c", str(path), "--env", "production", "--exit-code"])
    assert result.exit_code == 0 and not result.stdout


def test_an_error_from_the_environments_overrides_points_at_them(tmp_path: Path):
    data = base_catalog(scaling={"min": 1, "max": 3, "cpuUtilization": 70})
    data["environments"] = {"staging": {"cluster": {"name": "staging"},
                                        "overrides": {"scaling": {"min": 5}}}}
    errors = load_error(tmp_path, data)
    assert len(errors) == 1
    assert errors[0].startswith(f"catalog.yaml:{line_of(data, 'min: 5')}:")
    assert "environments.staging.overrides.scaling" in errors[0] and "in environment staging" in errors[0]


def test_one_namespace_for_a_whole_environment_and_cpu_models_keep_their_nodes(tmp_path: Path):
    data = base_catalog()
    data["models"].append({**copy.deepcopy(data["models"][0]), "name": "gpu", "namespace": "ml-b",
                           "gpu": {"count": 1}})
    data["environments"] = {"dev": {"cluster": {"name": "dev"}, "namespace": "ml-dev", "gpuProduct": "NVIDIA-L4"}}
    files = files_of(tmp_path, data)
    project = docs(files, "apps/dev/project.yaml")[0]
    assert project["spec"]["destinations"] == [{"name": "dev", "namespace": "ml-dev"}]
    assert {docs(files, f"apps/dev/{m}.yaml")[0]["spec"]["destination"]["namespace"] for m in ("demo", "gpu")} == {
        "ml-dev"}
    label = {"commonLabels": {ENVIRONMENT_LABEL: "dev"}}
    assert yaml.safe_load(files["charts/gpu/values-dev.yaml"]) == {
        **label, "nodeSelector": {"nvidia.com/gpu.product": "NVIDIA-L4"}}
    assert yaml.safe_load(files["charts/demo/values-dev.yaml"]) == label  # no gpu block: no GPU product


def test_an_admission_error_in_one_environment_points_at_its_override(tmp_path: Path):
    """Found on the rendered staging release (no catalog check sees it), reported in the catalog."""
    data = base_catalog()
    data["environments"] = {"staging": {"cluster": {"name": "staging"}, "namespaceSuffix": "-stg"},
                            "production": {"cluster": {"name": "prod"}}}
    data["models"][0]["environments"] = {"staging": {"resources": {"limits": {"cpu": "500m"}}}}
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", "-c", str(path)])
    assert isinstance(result.exception, CatalogError), result.output  # main() exits 2 with it
    [line] = [str(f) for f in result.exception.findings]
    text = yaml.safe_dump(data, sort_keys=False).splitlines()
    override = next(i for i, li in enumerate(text, 1) if li.strip() == "resources:" and i > 20)
    assert line.startswith(f"catalog.yaml:{override}:"), (line, override)
    assert "models[0].environments.staging.resources" in line and "in environment staging" in line
    assert "Deployment/ml-stg/demo" in line
    assert not (tmp_path / "charts").exists()  # nothing written


def test_schema_hints_reach_into_overrides(tmp_path: Path):
    data = base_catalog()
    data["environments"] = {"staging": {"cluster": {"name": "staging"}}}
    data["models"][0]["environments"] = {"staging": {"resources": {"limits": {"memory": "2GB"}}}}
    [error] = load_error(tmp_path, data)
    assert "models[0].environments.staging.resources.limits.memory" in error and "8Gi" in error, error


def refreshes(app: dict[str, Any], changed: str) -> bool:
    """Argo CD's AppFilesHaveChanged for one changed file: a listed path is the file or a directory above it
    (argo-cd v3.5.0 util/app/path/path.go; absolute paths are relative to the repository root)."""
    paths = app["metadata"]["annotations"]["argocd.argoproj.io/manifest-generate-paths"].split(";")
    return any(changed == p.lstrip("/") or changed.startswith(p.lstrip("/") + "/") for p in paths)


def test_a_staging_values_commit_refreshes_no_production_application(example_tree):
    _root, files = example_tree
    for model in ("triton-multilingual-asr", "msv2-inference"):
        staging = docs(files, f"apps/staging/{model}.yaml")[0]
        production = docs(files, f"apps/production/{model}.yaml")[0]
        assert refreshes(staging, f"charts/{model}/values-staging.yaml")
        assert not refreshes(production, f"charts/{model}/values-staging.yaml")
        assert refreshes(production, f"charts/{model}/values-production.yaml")
        for shared in ("templates/workload.yaml", "values.yaml", "Chart.yaml"):
            if f"charts/{model}/{shared}" in files:
                assert refreshes(staging, f"charts/{model}/{shared}") and refreshes(
                    production, f"charts/{model}/{shared}"), shared
        assert not refreshes(production, "charts/other-model/values.yaml")


def test_validate_reports_a_values_file_argo_cd_would_not_find(tmp_path: Path):
    data = base_catalog()
    data["environments"] = ENVS
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    write_tree(tmp_path, generate(load_catalog(path)).files)
    (tmp_path / "charts" / "demo" / "values-staging.yaml").unlink()
    result = CliRunner().invoke(cli, ["validate", "-c", str(path), "--env", "staging", "--no-cache", "-o", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    app = [f for f in findings if f["file"] == "apps/staging/demo.yaml"]
    assert [(f["rule"], f["path"]) for f in app] == [("argocd-source-path", "spec.source.helm.valueFiles[1]")]
    assert "values-staging.yaml does not exist in charts/demo" in app[0]["message"]
    assert any(f["rule"] == "helm-render" and "values-staging.yaml is missing" in f["message"] for f in findings)


def test_two_environments_may_not_share_a_clusters_namespace(tmp_path: Path):
    data = base_catalog()
    data["environments"] = {"production": {"cluster": {"name": "main"}},
                            "staging": {"cluster": {"name": "main"}, "maxReplicas": 1}}
    [error] = load_error(tmp_path, data)
    assert "environments.staging.cluster" in error
    assert "namespace ml of cluster main by both production and staging" in error
    data["environments"]["staging"]["namespaceSuffix"] = "-staging"
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert [e.name for e in load_catalog(path).environments] == ["production", "staging"]
