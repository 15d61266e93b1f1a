"""``infergen lint`` exit codes, stdin and output formats (via CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.lint.cli import lint
from tests.lint.conftest import CASES

GOOD = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: ml}
data: {a: b}
"""
WARN = str(CASES / "image-latest" / "manifests.yaml")
ERROR = str(CASES / "probe-port" / "manifests.yaml")


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(lint, list(args), input=stdin)
    return result.exit_code, result.output


def test_clean_stdin_exits_0() -> None:
    code, out = run("-", stdin=GOOD)
    assert code == 0, out
    assert "1 document(s): 0 error(s)" in out


def test_warnings_fail_only_with_strict() -> None:
    assert run(WARN)[0] == 0
    code, out = run(WARN, "--strict")
    assert code == 1 and "warning[image-latest]" in out


def test_errors_exit_1_with_location() -> None:
    code, out = run(ERROR)
    assert code == 1
    assert "manifests.yaml:" in out and "error[probe-port] Deployment/ml/app" in out


def test_disable_and_enable() -> None:
    code, out = run(ERROR, "--disable", "probe-port")
    assert code == 0 and "probe-port" not in out and "2 document(s): 0 error(s), 0 warning(s)" in out
    # --enable runs only the listed rules: the probe-port error goes unless probe-port is listed
    code, out = run(ERROR, "--enable", "image-latest,memory-limit-missing", "--strict")
    assert code == 0 and "2 document(s): 0 error(s), 0 warning(s)" in out, out
    code, out = run(ERROR, "--enable", "probe-port,image-latest")
    assert code == 1 and out.count("error[probe-port]") == 1 and "1 error(s)" in out
    code, out = run(WARN, "--enable", "probe-port", "--strict")
    assert code == 0 and "image-latest" not in out, out
    code, out = run(ERROR, "--disable", "no-such-rule")
    assert code == 2 and "unknown rule id(s): no-such-rule" in out and "--list-rules" in out


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    code, out = run(str(tmp_path / "missing.yaml"))
    assert code == 2 and "no such file" in out and "Traceback" not in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1, 2\n")
    code, out = run(str(bad))
    assert code == 2 and "cannot parse" in out


def test_directory_list_kind_and_json_output(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "list.yml").write_text(
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n"
        "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n---\n")
    code, out = run(str(tmp_path), "-o", "json")
    data = json.loads(out)
    assert code == 1
    assert data["summary"] == {"errors": 1, "warnings": 0, "documents": 2}
    (finding,) = data["findings"]
    assert finding["rule"] == "duplicate-resource" and finding["resource"] == "ConfigMap/default/a"
    assert finding["line"] == 9  # metadata.name of the second item


def test_knative_features_option() -> None:
    case = str(CASES / "clean")
    args = (f"{case}/manifests.yaml", "--ignore-missing-schemas", "--disable", "schema")
    code, out = run(*args, "-o", "json")
    assert code == 1
    found = {(f["rule"], f["resource"], f["path"]) for f in json.loads(out)["findings"]}
    assert found == {
        ("knative-feature-flag", "Service/ml/kn", "spec.template.spec.nodeSelector"),
        ("knative-feature-flag", "Service/ml/kn", "spec.template.spec.tolerations"),
    }
    flags = "kubernetes.podspec-nodeselector,kubernetes.podspec-tolerations"
    code, out = run(*args, "--knative-features", flags)
    assert code == 0 and "9 document(s): 0 error(s), 0 warning(s)" in out, out
    # one flag enables one field only
    code, out = run(*args, "--knative-features", "kubernetes.podspec-nodeselector", "-o", "json")
    assert code == 1 and [f["path"] for f in json.loads(out)["findings"]] == ["spec.template.spec.tolerations"]


def test_list_rules() -> None:
    code, out = run("--list-rules")
    assert code == 0 and "knative-feature-flag" in out
