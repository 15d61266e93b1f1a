"""Lint and render charts with Helm's own engine, exactly as Argo CD's repo-server would."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import helm_python

from generator.findings import Finding, Severity


@dataclass(frozen=True)
class Release:
    """How an Application installs a chart: path, release name, namespace, value files."""

    chart: Path
    name: str
    namespace: str
    value_files: tuple[str, ...] = ("values.yaml",)


@dataclass(frozen=True)
class Rendered:
    release: Release
    manifests: dict[str, str]  # template path → rendered YAML


# Helm names the template in its errors: "parse error at (demo/templates/workload.yaml:13): ..."
# and "execution error at (demo/templates/workload.yaml:14:27): ...". The first part is the chart name.
_AT = re.compile(r"\(([^()\s:/]+)/([^()\s:]+):(\d+)(?::(\d+))?\)")


def locate(chart: Path, message: str, default: str) -> tuple[str, int, int]:
    """(file, line, column) of the template a Helm error message names, else ``(default, 0, 0)``."""
    m = _AT.search(message)
    if m is None:
        return default, 0, 0
    return f"{chart}/{m.group(2)}", int(m.group(3)), int(m.group(4) or 0)


def lint(release: Release, kube_version: str) -> list[Finding]:
    """``helm lint --strict`` findings (infos dropped), at the template and line Helm names."""
    report = helm_python.lint(str(release.chart), strict=True, namespace=release.namespace,
                              kube_version=f"v{kube_version}.0")
    findings = []
    seen = set()
    for msg in report.get("messages", []):
        if msg.get("severity", 0) >= 2:
            text = msg.get("error", "")
            seen.add(text)
            file, line, column = locate(release.chart, text, f"{release.chart}/{msg.get('path', '')}")
            findings.append(Finding(file=file, line=line, column=column, path="", message=text, rule="helm-lint",
                                    severity=Severity.ERROR if msg["severity"] >= 3 else Severity.WARNING))
    for err in report.get("errors", []):
        if str(err) in seen:
            continue  # the same error already reported through its message
        file, line, column = locate(release.chart, str(err), str(release.chart))
        findings.append(Finding(file=file, line=line, column=column, path="", message=str(err), rule="helm-lint"))
    return findings


def render(release: Release) -> Rendered:
    """Render ``release`` offline with its value files merged in order (later files win)."""
    chart = helm_python.Chart.load(str(release.chart))
    values: dict[str, object] = {}
    for name in release.value_files:
        if name == "values.yaml":
            continue  # the chart's own defaults; Helm applies them anyway
        values = _merge(values, helm_python.values_from_yaml((release.chart / name).read_text(encoding="utf-8")))
    manifests = chart.render(values or None, name=release.name, namespace=release.namespace,
                             is_install=True)
    return Rendered(release, dict(sorted(manifests.items())))


def _merge(base: dict[str, object], extra: dict[str, object]) -> dict[str, object]:
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        out[key] = _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out
