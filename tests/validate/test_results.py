"""Commands return results; the reporters render the same findings in text, json and junit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.errors import Exit
from generator.findings import Finding
from generator.lint.report import render, summarize
from generator.output.lock import LockTimeout, locked
from generator.pipeline import run_generate, run_validate
from generator.pipeline.results import ValidateResult, show_validate
from generator.validate.tree import Options
from tests.validate.conftest import base, generate_into, restamp

EXTRA = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: demo\n  namespace: {{ .Release.Namespace }}\nspec:\n"
         "  selector:\n    app.kubernetes.io/name: demo\n  ports:\n    - name: http\n      port: 80\n")


def _shown(result: ValidateResult, fmt: str) -> tuple[str, str]:
    """(stdout, stderr) of ``show_validate``."""
    streams: dict[bool, list[str]] = {False: [], True: []}

    def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
        streams[err].append(text + ("\n" if nl else ""))

    show_validate(result, fmt, echo)
    return "".join(streams[False]), "".join(streams[True])


def _keys(findings: list[Finding] | tuple[Finding, ...]) -> list[tuple[str, int, str, str]]:
    return sorted((f.file, f.line, f.rule, f.message) for f in findings)


def test_a_validate_result_renders_the_same_findings_in_every_format(tmp_path: Path) -> None:
    generate_into(tmp_path, base(image={"repository": "nginx", "tag": "latest"}))
    (tmp_path / "charts/demo/templates/extra.yaml").write_text(EXTRA, encoding="utf-8")
    restamp(tmp_path)
    result = run_validate(tmp_path / "catalog.yaml", None, Options(progress=False), strict=False, fmt="json")
    assert result.exit is Exit.FINDINGS and result.documents > 0
    assert {"duplicate-resource", "image-latest"} <= {f.rule for f in result.findings}
    expected = _keys(result.findings)
    text, _ = _shown(result, "text")
    lines = text.splitlines()
    assert lines[:-1] == [str(f) for f in result.findings] and len(lines) == len(expected) + 1
    assert lines[-1].startswith(f"{result.documents} document(s): ")
    data = json.loads(_shown(result, "json")[0])
    assert sorted((f["file"], f["line"], f["rule"], f["message"]) for f in data["findings"]) == expected
    assert data["summary"]["documents"] == result.documents
    suite = ET.fromstring(_shown(result, "junit")[0]).find("testsuite")
    assert suite is not None
    failures = [(c.get("file"), int(c.get("line") or 0), c.get("classname", "").removeprefix("infergen.lint."),
                 c.find("failure").get("message")) for c in suite.iter("testcase") if c.find("failure") is not None]
    assert sorted(failures) == expected


def test_a_generate_check_result_carries_its_findings_and_exit(tmp_path: Path) -> None:
    generate_into(tmp_path, base())
    values = tmp_path / "charts/demo/values.yaml"
    values.write_text(values.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    result = run_generate(tmp_path / "catalog.yaml", None, check=True, validate=False, quiet=True)
    assert result.exit is Exit.FINDINGS and result.error is None
    assert len(result.diffs) == 1 and "charts/demo/values.yaml" in result.diffs[0]
    assert [f.rule for f in result.findings] == ["generation"]
    assert "differ from what" in result.verdict
    data = json.loads(render("json", result.findings, summarize(result.findings, 0)))
    assert [(f["file"], f["rule"]) for f in data["findings"]] == [(f.file, f.rule) for f in result.findings]


def test_a_generate_stopped_by_an_error_keeps_what_it_found(tmp_path: Path) -> None:
    """The error comes back in the result, after the catalog warnings the CLI shows first."""
    generate_into(tmp_path, base(probes={"liveness": {"path": "/live", "port": "http"}}))
    before = (tmp_path / "charts/demo/values.yaml").read_text(encoding="utf-8")
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("tag: 1.0.0", "tag: 2.0.0"), encoding="utf-8")
    with locked(tmp_path, 0):  # another run holds the output
        result = run_generate(catalog, None, check=False, validate=False, quiet=True, lock_timeout=0)
    assert isinstance(result.error, LockTimeout) and result.exit is result.error.exit is Exit.INPUT
    assert [f.rule for f in result.warnings] == ["catalog-warning"]
    assert result.written == () and (tmp_path / "charts/demo/values.yaml").read_text(encoding="utf-8") == before
