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

from generator import helm
from generator.catalog import load_catalog
from generator.cli import cli
from generator.validate.tree import releases
from tests.conftest import REPO, base_catalog, bench_path
from tests.validate.conftest import crd_dir, generate_into, restamp, run_validate

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


def example_copy(dest: Path) -> Path:
    """The example catalog and its generated tree in ``dest``; it names no path outside the repository."""
    text = (REPO / "catalog.yaml").read_text()
    assert "validation:" not in text and "../" not in text
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
    # the hand edit itself is reported too: the chart no longer matches its generation stamp
    assert {f["rule"] for f in run.findings} == {"schema", "image-latest", "generation"}


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
    restamp(root)  # broken output as infergen would have written it, not a hand edit
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
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("example")
    example_copy(root)
    return root


def strict_crd(dest: Path, group: str, kind: str, version: str) -> Path:
    """A user CRD for ``kind`` that admits no ``spec`` field: whatever infergen emits fails it."""
    plural = kind.lower() + "s"
    crd = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
           "metadata": {"name": f"{plural}.{group}"},
           "spec": {"group": group, "names": {"kind": kind, "plural": plural}, "scope": "Namespaced",
                    "versions": [{"name": version, "served": True, "storage": True, "schema": {"openAPIV3Schema": {
                        "type": "object", "properties": {"spec": {"type": "object", "properties": {
                            "onlyThis": {"type": "string"}}}}}}}]}}
    dest.mkdir(parents=True, exist_ok=True)
    (dest / f"{plural}.yaml").write_text(yaml.safe_dump(crd))
    return dest


def _rules(run) -> list[str]:
    return sorted({f["rule"] for f in run.findings})


def test_example_clean_out_of_the_box(example: Path):
    run = run_validate(example, "--kube-version", "1.33")
    assert run.exit_code == 0 and _rules(run) == ["image-latest"]  # the deliberate Triton and msv2 :latest


def test_example_same_verdict_with_upstream_crd_copies(example: Path):
    """Cross-check: the independent upstream CRD copies in ../shared give the bundled schemas' verdict."""
    bundled = run_validate(example, "--kube-version", "1.33")
    upstream = run_validate(example, "--kube-version", "1.33", "--crd", str(crd_dir()))
    assert upstream.findings == bundled.findings


def test_user_crd_overrides_bundled_schema(example: Path, tmp_path: Path):
    """``--crd`` wins over the bundled schema of the same kind, so a user's stricter CRD is honoured."""
    crds = strict_crd(tmp_path / "crds", "monitoring.coreos.com", "ServiceMonitor", "v1")
    run = run_validate(example, "--kube-version", "1.33", "--crd", str(crds))
    assert run.exit_code == 1
    bad = {f["resource"].split("/")[0] for f in run.findings if f["rule"] == "schema"}
    assert bad == {"ServiceMonitor"}


def datree_catalog() -> Path:
    """The kubeconform-style JSON schema catalog copy in ../shared (cross-checks only)."""
    return bench_path("jsonschema", what="the kubeconform schema catalog copy")


def _only_canary_unknown_to_016(run) -> None:
    """The jsonschema dir holds KServe 0.16 schemas, which win over the bundled 0.20 ones: the
    example's spec.canary (new in KServe 0.20) is the one error, once per environment; everything else is clean."""
    errors = [(f["rule"], f["resource"], f["path"]) for f in run.findings if f["severity"] == "error"]
    assert sorted(errors) == sorted(("schema", f"InferenceService/{ns}/nllb-200-1dot3b", "spec")
                                    for ns in ("kubeflow-megaputer", "kubeflow-megaputer-staging")), run.output
    assert _rules(run) == ["image-latest", "schema"], run.output


def test_example_clean_with_schema_location_dir(example: Path):
    location = str(datree_catalog() / DATREE)
    run = run_validate(example, "--kube-version", "1.33", "--schema-location", location)
    _only_canary_unknown_to_016(run)


@pytest.fixture
def schema_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            hits.append(self.path)
            super().do_GET()

    handler = functools.partial(Handler, directory=str(datree_catalog()))
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
    example: Path, schema_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # a cold cache: schemas come over HTTP
    url, hits = schema_server
    run = run_validate(example, "--kube-version", "1.33", "--schema-location", url)
    _only_canary_unknown_to_016(run)
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
    # the catalog's own CRD for ServiceMonitor admits no spec field: the chart's ServiceMonitor fails it
    strict_crd(tmp_path / "crds", "monitoring.coreos.com", "ServiceMonitor", "v1")
    catalog = base_catalog(
        ports=[{"name": "http", "port": 8000}, {"name": "metrics", "port": 9090}],
        monitoring={"serviceMonitor": True},
    )
    catalog["validation"] = {"crds": ["crds"]}
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(catalog, sort_keys=False))
    result = main("generate", cwd=tmp_path)
    assert result.returncode == 1
    assert "error[schema]" in result.stderr and "ServiceMonitor/ml/demo" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "charts").exists() and not (tmp_path / "apps").exists()
    written = main("generate", "--no-validate", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "charts/demo/templates/servicemonitor.yaml").is_file()
    assert (tmp_path / "apps/demo.yaml").is_file()


def test_generate_refusal_leaves_existing_tree_untouched(tmp_path: Path):
    generate_into(tmp_path, base_catalog())
    # the lock record names the last run and the second it began: every run rewrites it
    kept = {"catalog.yaml", ".infergen.lock"}
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.name not in kept}
    data = yaml.safe_load((tmp_path / "catalog.yaml").read_text())
    strict_crd(tmp_path / "crds", "argoproj.io", "Application", "v1alpha1")
    data["validation"] = {"crds": ["crds"]}
    data["models"][0]["image"]["tag"] = "2.0.0"
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    before = {p: b for p, b in before.items() if "crds" not in p.parts}
    result = invoke("generate", "-c", str(tmp_path / "catalog.yaml"))
    assert result.exit_code == 1  # the catalog's strict Application CRD rejects every Application
    after = {p: p.read_bytes() for p in tmp_path.rglob("*")
             if p.is_file() and p.name not in kept and "crds" not in p.parts}
    assert after == before


# --- in-process engine vs the real helm CLI -----------------------------------------------------------


def _docs(text: str) -> list[dict[str, Any]]:
    docs = [d for d in yaml.safe_load_all(text) if d]
    return sorted(docs, key=lambda d: (d["kind"], d["metadata"]["name"]))


@pytest.mark.skipif(shutil.which("helm") is None, reason="the helm CLI is not on PATH")
def test_helm_template_cli_matches_engine():
    catalog = load_catalog(REPO / "catalog.yaml")
    apps = {(a["spec"]["source"]["helm"]["releaseName"], a["spec"]["destination"]["namespace"]): a
            for p in (REPO / "apps").rglob("*.yaml") for a in yaml.safe_load_all(p.read_text())
            if a and a.get("kind") == "Application" and "helm" in a["spec"]["source"]}
    checked = 0
    for release, _model in releases(catalog, REPO):
        app = apps[(release.name, release.namespace)]  # each environment's release has its own Application
        assert app["spec"]["source"]["helm"]["valueFiles"] == list(release.value_files)
        values = [arg for name in release.value_files for arg in ("--values", str(release.chart / name))]
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
                *values,
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
    charts = len([p for p in (REPO / "charts").iterdir() if p.is_dir()])
    assert checked == charts * max(1, len(catalog.environments))


# --- a valid report document on every failure ----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "junit"])
def test_report_written_when_catalog_cannot_load(fmt: str, tmp_path: Path):
    (tmp_path / "catalog.yaml").write_text("version: 1\nmodels:\n  - name: demo\n    gpu: {count: two}\n")
    run = main("validate", "-o", fmt, cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "catalog.yaml:4:" in run.stderr  # the text for the log, the document on stdout
    if fmt == "json":
        report = json.loads(run.stdout)
        assert report["summary"]["errors"] >= 1
        located = [f for f in report["findings"] if f["path"] == "models[0].gpu.count"]
        assert located and located[0]["file"] == "catalog.yaml" and located[0]["line"] == 4
        assert located[0]["rule"] == "catalog" and located[0]["severity"] == "error"
    else:
        suite = ET.fromstring(run.stdout.split("?>", 1)[1]).find("testsuite")
        assert suite is not None and int(suite.get("failures", "0")) >= 1
        failures = [c.find("failure") for c in suite.findall("testcase") if c.find("failure") is not None]
        assert any("models[0].gpu.count" in (f.get("message", "") + (f.text or "")) for f in failures)


@pytest.mark.parametrize("fmt", ["json", "junit"])
def test_report_written_when_lint_input_unreadable(fmt: str, tmp_path: Path):
    (tmp_path / "bad.yaml").write_text("kind: [unclosed\n")
    run = main("lint", "bad.yaml", "-o", fmt, cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    if fmt == "json":
        report = json.loads(run.stdout)
        assert [(f["file"], f["rule"], f["severity"]) for f in report["findings"]] == [("bad.yaml", "input", "error")]
    else:
        suite = ET.fromstring(run.stdout.split("?>", 1)[1]).find("testsuite")
        assert suite is not None and int(suite.get("failures", "0")) == 1


@pytest.mark.parametrize("command", ["package", "serve"])
def test_serving_commands_name_the_extra_when_missing(command: str, monkeypatch: pytest.MonkeyPatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "model_archiver" else real(name, *a))
    result = CliRunner().invoke(cli, [command, "minilm-embedder", "-c", str(REPO / "catalog.yaml")])
    assert result.exit_code == 2
    assert "needs the serving extra (missing: model_archiver)" in result.output
    assert "infergen[serving]" in result.output and "torch==2.13.0" in result.output
