"""Reporters: text, json structure and valid JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from generator.findings import Finding, Severity
from generator.lint.report import render, summarize

FINDINGS = [
    Finding("a.yaml", 3, 5, "spec.selector", "matches nothing", "service-selector-no-match",
            Severity.ERROR, "fix it", "Service/ml/web"),
    Finding("a.yaml", 9, 1, "spec.template.spec.containers[0].image", "uses :latest", "image-latest",
            Severity.WARNING, "pin it", "Deployment/ml/web"),
]


def test_text_is_one_line_per_finding() -> None:
    out = render("text", FINDINGS, summarize(FINDINGS, 2))
    lines = out.splitlines()
    assert lines[0] == ("a.yaml:3:5: error[service-selector-no-match] Service/ml/web spec.selector: "
                        "matches nothing (hint: fix it)")
    assert lines[-1] == "2 document(s): 1 error(s), 1 warning(s)"


def test_json_structure() -> None:
    data = json.loads(render("json", FINDINGS, summarize(FINDINGS, 2)))
    assert data["summary"] == {"errors": 1, "warnings": 1, "documents": 2}
    keys = {"file", "line", "column", "resource", "path", "rule", "severity", "message", "hint"}
    assert all(set(f) == keys for f in data["findings"])
    assert [f["severity"] for f in data["findings"]] == ["error", "warning"]


def test_junit_is_valid_xml() -> None:
    out = render("junit", FINDINGS, summarize(FINDINGS, 2), rules=["probe-port", "image-latest"])
    root = ET.fromstring(out.split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert suite.get("tests") == str(len(cases)) == "3"
    assert suite.get("failures") == "2"
    failures = [c.find("failure") for c in cases]
    assert sum(f is not None for f in failures) == 2
    passing = [c for c in cases if c.find("failure") is None]
    assert [c.get("name") for c in passing] == ["probe-port"]
    types = sorted(f.get("type", "") for f in failures if f is not None)
    assert types == ["error", "warning"]
