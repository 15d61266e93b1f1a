"""Issue 4: exit codes, report formats, schema sources, `generate --check`, refusing invalid output,
and the in-process Helm engine against the real `helm template`."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.catalog import load_catalog
from generator.cli import cli
from generator.stages import charts as helm
from generator.stages.validate import releases
from tests.conftest import REPO, base_catalog, shared_crds
from tests.validate.conftest import crd_dir, generate_into, run_validate

DATREE = "{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def main(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def example_copy(dest: Path, crds: bool = True) -> Path:
    """The example catalog in ``dest``; its CRD path made absolute (or the validation block dropped)."""
    text = (REPO / "catalog.yaml").read_text()
    block = "validation:\n  crds:\n    - ../shared/crds/yaml\n"
    assert block in text
    text = text.replace(block, f"validation:\n  crds:\n    - {crd_dir()}\n" if crds else "")
    (dest / "catalog.yaml").write_text(text)
    for root in ("charts", "apps"):
        shutil.copytree(REPO / root, dest / root)
    return dest / "catalog.yaml"


# --- exit codes -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def latest_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid tree whose only finding is the :latest warning."""
    root = tmp_path_factory.mktemp("latest")
    generate_into(root, base_catalog(image={"repository": "registry.example.com/demo", "tag": "latest"}))
    return root


def test_exit_0_when_clean(tmp_path: Path):
    generate_into(tmp_path, base_catalog())
    run = run_validate(tmp_path)
    assert (run.exit_code, run.findings) == (0, [])


def test_exit_codes_warning_and_strict(latest_tree: Path):
    plain = run_validate(latest_tree)
    assert plain.exit_code == 0 and [f["rule"] for f in plain.findings] == ["image-latest"]
    strict = run_validate(latest_tree, "--strict")
    assert strict.exit_code == 1 and [f["rule"] for f in strict.findings] == ["image-latest"]


def test_exit_1_on_errors(latest_tree: Path, tmp_path: Path):
    shutil.copytree(latest_tree, tmp_path / "t")
    workload = tmp_path / "t/charts/demo/templates/workload.yaml"
    workload.write_text(workload.read_text().replace("revisionHistoryLimit: 5", "revisionHistoryLimit: many"))
    run = run_validate(tmp_path / "t")
    assert run.exit_code == 1
    assert {f["rule"] for f in run.findings} == {"schema", "image-latest"}


def test_exit_2_for_unreadable_catalog_and_usage(tmp_path: Path):
    missing = main("validate", "-c", "nope.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.splitlines() == [
        "nope.yaml: cannot read the catalog: No such file or directory (hint: check the path given with --catalog)"]
    (tmp_path / "catalog.yaml").write_text("version: 1\nmodels: [\n")
    broken = main("validate", cwd=tmp_path)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    # file:line:col of the unclosed flow sequence's end, then what was wrong and a hint
    line = broken.stderr.splitlines()[0]
    assert line.startswith("catalog.yaml:3:1: invalid YAML: ") and "(hint: " in line, line
    assert not list(tmp_path.glob("charts")) and not list(tmp_path.glob("apps"))
    usage = main("validate", "--output", "xml", cwd=tmp_path)
    assert usage.returncode == 2
    assert "Invalid value for '--output'" in usage.stderr
    assert "'xml' is not one of 'text', 'json', 'junit'" in usage.stderr


# --- report formats ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def findings_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One error (hpa-min-max) and one warning (image-latest)."""
    root = tmp_path_factory.mktemp("findings")
    generate_into(
        root,
        base_catalog(
            image={"repository": "registry.example.com/demo", "tag": "latest"},
            scaling={"min": 1, "max": 3, "cpuUtilization": 70},
        ),
    )
    values = root / "charts/demo/values.yaml"
    values.write_text(values.read_text().replace("minReplicas: 1", "minReplicas: 4"))
    return root


def test_json_output_structure(findings_tree: Path):
    result = invoke("validate", "-c", str(findings_tree / "catalog.yaml"), "-o", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"findings", "summary"}
    assert data["summary"]["errors"] == 1 and data["summary"]["warnings"] == 1
    assert data["summary"]["documents"] >= 9
    keys = {"file", "line", "column", "resource", "path", "rule", "severity", "message", "hint"}
    assert all(set(f) == keys for f in data["findings"])
    by_rule = {f["rule"]: f for f in data["findings"]}
    assert by_rule["hpa-min-max"]["severity"] == "error"
    assert by_rule["hpa-min-max"]["resource"] == "HorizontalPodAutoscaler/ml/demo"
    assert by_rule["image-latest"]["severity"] == "warning"


def test_junit_output_is_valid_junit(findings_tree: Path):
    result = invoke("validate", "-c", str(findings_tree / "catalog.yaml"), "-o", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(
        result.output.split("?>", 1)[1] if result.output.startswith("<?xml") else result.output
    )
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("tests")) == len(cases)
    assert int(suite.get("failures")) == len(failures) == 2
    assert int(suite.get("errors")) == 0
    kinds = sorted(f.find("failure").get("type") for f in failures)
    assert kinds == ["error", "warning"]
    hpa = next(c for c in failures if c.get("classname").endswith("hpa-min-max"))
    assert hpa.get("file") == "charts/demo/templates/hpa.yaml" and int(hpa.get("line")) > 0
    assert "minReplicas 4 > maxReplicas 3" in hpa.find("failure").get("message")


def test_junit_clean_run_has_no_failures(tmp_path: Path):
    generate_into(tmp_path, base_catalog())
    result = invoke("validate", "-c", str(tmp_path / "catalog.yaml"), "-o", "junit")
    assert result.exit_code == 0
    suite = ET.fromstring(result.output.split("?>", 1)[1]).find("testsuite")
    assert suite.get("failures") == "0"
    assert all(c.find("failure") is None for c in suite.findall("testcase"))


# --- the example catalog against every schema source ---------------------------------------------------


@pytest.fixture(scope="module")
def example_no_crds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("example")
    example_copy(root, crds=False)
    return root


def _rules(run) -> list[str]:
    return sorted({f["rule"] for f in run.findings})


def test_example_clean_with_crds(tmp_path: Path):
    example_copy(tmp_path)
    run = run_validate(tmp_path, "--kube-version", "1.33")
    assert run.exit_code == 0 and _rules(run) == ["image-latest"]  # the deliberate Triton :latest
    without = run_validate(tmp_path, "--kube-version", "1.33", "--crd", str(crd_dir()))
    assert without.findings == run.findings


def test_example_needs_schemas_for_custom_kinds(example_no_crds: Path):
    run = run_validate(example_no_crds)
    assert run.exit_code == 1
    missing = {f["resource"].split("/")[0] for f in run.findings if f["rule"] == "schema-missing"}
    assert {"Application", "AppProject", "KongPlugin", "KongConsumer", "ServiceMonitor"} <= missing
    ignored = run_validate(example_no_crds, "--ignore-missing-schemas")
    assert ignored.exit_code == 0 and _rules(ignored) == ["image-latest"]


def test_example_clean_with_schema_location_dir(example_no_crds: Path):
    location = str(shared_crds() / "jsonschema" / DATREE)
    # the jsonschema dir holds KServe 0.16 schemas; the example has no KServe model, so it is unaffected
    run = run_validate(example_no_crds, "--kube-version", "1.33", "--schema-location", location)
    assert run.exit_code == 0 and _rules(run) == ["image-latest"], run.output


@pytest.fixture
def schema_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            hits.append(self.path)
            super().do_GET()

    handler = functools.partial(Handler, directory=str(shared_crds() / "jsonschema"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{DATREE}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def test_example_clean_with_schema_location_http(
    example_no_crds: Path, schema_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # a cold cache: schemas come over HTTP
    url, hits = schema_server
    run = run_validate(example_no_crds, "--kube-version", "1.33", "--schema-location", url)
    assert run.exit_code == 0 and _rules(run) == ["image-latest"], run.output
    assert "/argoproj.io/application_v1alpha1.json" in hits
    assert "/configuration.konghq.com/kongplugin_v1.json" in hits
    assert "/monitoring.coreos.com/servicemonitor_v1.json" in hits


# --- generate --check and refusing invalid output -----------------------------------------------------


def test_generate_check(tmp_path: Path):
    generate_into(tmp_path, base_catalog())
    catalog = str(tmp_path / "catalog.yaml")
    ok = invoke("generate", "-c", catalog, "--check")
    assert ok.exit_code == 0
    values = tmp_path / "charts/demo/values.yaml"
    values.write_text(values.read_text().replace('tag: "1.0.0"', 'tag: "1.0.1"'))
    edited = invoke("generate", "-c", catalog, "--check")
    assert edited.exit_code == 1
    assert "--- a/charts/demo/values.yaml\n+++ b/charts/demo/values.yaml" in edited.output
    assert '-  tag: "1.0.1"\n+  tag: "1.0.0"' in edited.output
    assert invoke("generate", "-c", catalog, "-q").exit_code == 0
    assert invoke("generate", "-c", catalog, "--check").exit_code == 0
    data = yaml.safe_load((tmp_path / "catalog.yaml").read_text())
    data["models"][0]["scaling"] = {"replicas": 3}
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    stale = invoke("generate", "-c", catalog, "--check")
    assert stale.exit_code == 1
    assert "-replicaCount: 1\n+replicaCount: 3" in stale.output
    assert (tmp_path / "charts/demo/values.yaml").read_text().count("replicaCount: 1") == 1  # nothing written


def test_generate_check_reports_removed_model(tmp_path: Path):
    generate_into(tmp_path, base_catalog())
    data = yaml.safe_load((tmp_path / "catalog.yaml").read_text())
    data["models"][0]["name"] = "renamed"
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    result = invoke("generate", "-c", str(tmp_path / "catalog.yaml"), "--check")
    assert result.exit_code == 1
    assert "--- a/apps/demo.yaml\n+++ /dev/null" in result.output
    assert "--- /dev/null\n+++ b/apps/renamed.yaml" in result.output


def test_generate_refuses_invalid_output(tmp_path: Path):
    # schemas for the Argo CD kinds only: the chart's ServiceMonitor fails validation (schema-missing)
    argo = tmp_path / "crds"
    shutil.copytree(crd_dir() / "argoproj.io", argo)
    catalog = base_catalog(
        ports=[{"name": "http", "port": 8000}, {"name": "metrics", "port": 9090}],
        monitoring={"serviceMonitor": True},
    )
    catalog["validation"] = {"crds": ["crds"]}
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(catalog, sort_keys=False))
    result = main("generate", cwd=tmp_path)
    assert result.returncode == 1
    assert "schema-missing" in result.stderr and "ServiceMonitor/ml/demo" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "charts").exists() and not (tmp_path / "apps").exists()
    written = main("generate", "--no-validate", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "charts/demo/templates/servicemonitor.yaml").is_file()
    assert (tmp_path / "apps/demo.yaml").is_file()


def test_generate_refusal_leaves_existing_tree_untouched(tmp_path: Path):
    generate_into(tmp_path, base_catalog())
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.name != "catalog.yaml"}
    data = yaml.safe_load((tmp_path / "catalog.yaml").read_text())
    data.pop("validation")
    data["models"][0]["image"]["tag"] = "2.0.0"
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    result = invoke("generate", "-c", str(tmp_path / "catalog.yaml"))
    assert result.exit_code == 1  # Applications without the Argo CD CRDs: schema-missing
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.name != "catalog.yaml"}
    assert after == before


# --- in-process engine vs the real helm CLI -----------------------------------------------------------


def _docs(text: str) -> list[dict[str, Any]]:
    docs = [d for d in yaml.safe_load_all(text) if d]
    return sorted(docs, key=lambda d: (d["kind"], d["metadata"]["name"]))


@pytest.mark.skipif(shutil.which("helm") is None, reason="the helm CLI is not on PATH")
def test_helm_template_cli_matches_engine():
    catalog = load_catalog(REPO / "catalog.yaml")
    checked = 0
    for release, _model in releases(catalog, REPO):
        app = yaml.safe_load((REPO / "apps" / f"{release.name}.yaml").read_text())
        assert app["spec"]["source"]["helm"]["releaseName"] == release.name
        assert app["spec"]["destination"]["namespace"] == release.namespace
        cli_out = subprocess.run(
            [
                "helm",
                "template",
                release.name,
                str(release.chart),
                "--namespace",
                release.namespace,
                "--kube-version",
                "1.33.0",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        engine = "\n---\n".join(t for n, t in helm.render(release).manifests.items() if n.endswith(".yaml"))
        expected = _docs(engine)
        assert _docs(cli_out) == expected, release.name
        assert expected
        checked += 1
    assert checked == len(list((REPO / "charts").iterdir()))
