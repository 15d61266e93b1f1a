"""Lint and render charts with Helm's own engine, exactly as Argo CD's repo-server would."""

from __future__ import annotations

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


def lint(release: Release, kube_version: str) -> list[Finding]:
    """``helm lint --strict`` findings (infos dropped)."""
    report = helm_python.lint(str(release.chart), strict=True, namespace=release.namespace,
                              kube_version=f"v{kube_version}.0")
    findings = []
    for msg in report.get("messages", []):
        if msg.get("severity", 0) >= 2:
            findings.append(Finding(file=f"{release.chart}/{msg.get('path', '')}", line=0, column=0, path="",
                                    message=msg.get("error", ""), rule="helm-lint",
                                    severity=Severity.ERROR if msg["severity"] >= 3 else Severity.WARNING))
    for err in report.get("errors", []):
        findings.append(Finding(file=str(release.chart), line=0, column=0, path="", message=str(err),
                                rule="helm-lint"))
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
