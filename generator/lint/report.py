"""Reporters: findings + counts in, text out (text, json, junit). Shared with ``validate``.

JSON structure (stable)::

    {"findings": [{"file", "line", "column", "resource", "path", "rule", "severity",
                   "message", "hint"}, ...],
     "summary": {"errors": N, "warnings": N, "documents": N}}
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from generator.findings import Finding, Severity

FORMATS = ("text", "json", "junit")


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    documents: int


def summarize(findings: Sequence[Finding], documents: int) -> Summary:
    """Count errors and warnings."""
    errors = sum(f.severity is Severity.ERROR for f in findings)
    return Summary(errors=errors, warnings=len(findings) - errors, documents=documents)


def text(findings: Sequence[Finding], summary: Summary) -> str:
    """One ``str(Finding)`` per line, then a count line."""
    lines = [str(f) for f in findings]
    lines.append(f"{summary.documents} document(s): {summary.errors} error(s), {summary.warnings} warning(s)")
    return "\n".join(lines) + "\n"


def to_json(findings: Sequence[Finding], summary: Summary) -> str:
    """The structure documented in this module's docstring."""
    items = [
        {"file": f.file, "line": f.line, "column": f.column, "resource": f.resource, "path": f.path,
         "rule": f.rule, "severity": f.severity.value, "message": f.message, "hint": f.hint}
        for f in findings
    ]
    return json.dumps({"findings": items, "summary": asdict(summary)}, indent=2) + "\n"


def junit(findings: Sequence[Finding], summary: Summary, rules: Iterable[str] = ()) -> str:
    """JUnit XML: a passing testcase per clean rule in ``rules``, a failing one per finding."""
    suites = ET.Element("testsuites", name="infergen lint")
    suite = ET.SubElement(suites, "testsuite", name="infergen lint", errors="0",
                          failures=str(len(findings)), skipped="0")
    seen = {f.rule for f in findings}
    cases = 0
    for rule_id in sorted(set(rules) - seen):
        ET.SubElement(suite, "testcase", classname=f"infergen.lint.{rule_id}", name=rule_id)
        cases += 1
    for f in findings:
        case = ET.SubElement(suite, "testcase", classname=f"infergen.lint.{f.rule}",
                             name=" ".join(x for x in (f.resource, f.path) if x) or f.file,
                             file=f.file, line=str(f.line))
        failure = ET.SubElement(case, "failure", message=f.message, type=f.severity.value)
        failure.text = str(f)
        cases += 1
    suite.set("tests", str(cases))
    ET.SubElement(suite, "properties").append(
        ET.Element("property", name="documents", value=str(summary.documents)))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def render(fmt: str, findings: Sequence[Finding], summary: Summary, rules: Iterable[str] = ()) -> str:
    """Dispatch on ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return to_json(findings, summary)
    if fmt == "junit":
        return junit(findings, summary, rules)
    if fmt == "text":
        return text(findings, summary)
    raise ValueError(f"unknown output format {fmt!r}")
