"""Check one chart: values against values.schema.json, render as Argo CD would, then schemas
and rules over the rendered documents. Runs in worker processes for large catalogs, so it
returns only small, picklable results."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import helm_python
import jsonschema_rs

from generator import helm
from generator.findings import Finding, Severity
from generator.lint import Document, LintConfig, Linter, parse_text
from generator.lint.documents import LintInputError
from generator.lint.yamlio import load_one
from generator.validate.shapes import chart_shape, read_chart

_LINTERS: dict[LintConfig, Linter] = {}


@dataclass(frozen=True)
class ChartResult:
    name: str
    findings: tuple[Finding, ...]
    shape: str  # charts with equal shapes lint alike (see shapes.py)
    resources: tuple[tuple[str, str, str, str, int], ...]  # kind, namespace, name, file, line
    documents: int


def linter(config: LintConfig) -> Linter:
    """One Linter (compiled validators, loaded CRDs) per configuration and process."""
    if config not in _LINTERS:
        _LINTERS[config] = Linter(config)
    return _LINTERS[config]


def _finding(file: str, rule: str, message: str, path: str = "") -> Finding:
    return Finding(file=file, line=0, column=0, path=path, message=message, rule=rule)


def warm() -> None:
    """Nothing: submitted to a new worker, it makes the worker import this module (and Helm) early."""


def check_job(job: tuple[helm.Release, LintConfig, Path, dict[str, bytes] | None]) -> ChartResult:
    """:func:`check_chart` for a job sent to a worker process."""
    return check_chart(*job)


def lint_job(job: tuple[helm.Release, str]) -> list[Finding]:
    """``helm lint`` of ``(release, kube_version)``, for a job sent to a worker process."""
    return helm.lint(*job)


def check_chart(release: helm.Release, config: LintConfig, root: Path,
                written: dict[str, bytes] | None = None) -> ChartResult:
    """Everything but ``helm lint`` for one chart (lint runs once per shape, see validate).

    ``written``: every file of the chart directory as the caller has just written it
    (generate), used instead of reading the directory back.
    """
    rel = release.chart.relative_to(root).as_posix()
    if "Chart.yaml" not in (written or {}) and not (release.chart / "Chart.yaml").is_file():
        return ChartResult(release.name, (Finding(file=rel, line=0, column=0, path="", rule="chart-missing",
                                                  message=f"chart {rel} is missing", hint="run infergen generate"),),
                           "", (), 0)
    findings: list[Finding] = []
    try:
        files = written if written is not None else read_chart(release.chart)
        values = load_one(files.get("values.yaml", b"").decode("utf-8")) or {}
        for name in release.value_files:
            if name != "values.yaml":  # an environment's values, as Argo CD passes them after values.yaml
                if name not in files:
                    raise ValueError(f"value file {name} is missing from {rel}")
                values = coalesce(values, load_one(files[name].decode("utf-8")) or {})
        findings.extend(_values_schema(files.get("values.schema.json"), rel, values))
        shape = chart_shape(files, values)
        rendered = helm.render_prechecked(release, files)  # _values_schema did Helm's schema check
    except (OSError, ValueError, helm_python.HelmError) as exc:
        file, line, column = helm.locate(release.chart, str(exc), str(release.chart))
        findings.append(Finding(file=file.replace(str(release.chart), rel), line=line, column=column, path="",
                                rule="helm-render", message=str(exc)))
        return ChartResult(release.name, tuple(findings), f"broken:{release.name}", (), 0)
    docs: list[Document] = []
    for template, text in rendered.manifests.items():
        if not template.endswith((".yaml", ".yml")) or not text.strip():
            continue
        try:
            docs.extend(parse_text(text, f"charts/{template}"))
        except LintInputError as exc:
            findings.append(_finding(f"charts/{template}", "helm-render", str(exc)))
    findings.extend(linter(config).lint(docs))
    resources = tuple((d.kind, str((d.obj.get("metadata") or {}).get("namespace") or release.namespace), d.name,
                       d.file, d.line) for d in docs if d.kind)
    return ChartResult(release.name, tuple(findings), shape, resources, len(docs))


def coalesce(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Helm's merge of a later values file: maps merge, the rest is replaced, null deletes the key
    (helm pkg/chartutil/coalesce.go, coalesceValues, v3.19.0)."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if value is None:
            out.pop(key, None)
        else:
            out[key] = coalesce(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out


@lru_cache(maxsize=512)
def _validator(schema: bytes) -> Any:
    """Compiled once per distinct schema: charts of one shape share their values schema."""
    return jsonschema_rs.validator_for(json.loads(schema))


def _values_schema(schema: bytes | None, rel: str, values: dict[str, Any]) -> list[Finding]:
    """What ``helm lint`` checks first: the values satisfy the chart's values.schema.json."""
    if schema is None:
        return []
    try:
        validator = _validator(schema)
    except (ValueError, jsonschema_rs.ValidationError) as exc:
        return [_finding(f"{rel}/values.schema.json", "helm-values-schema", f"invalid schema: {exc}")]
    return [replace(_finding(f"{rel}/values.yaml", "helm-values-schema", " ".join(e.message.split())[:300],
                             ".".join(str(p) for p in e.instance_path)), severity=Severity.ERROR)
            for e in validator.iter_errors(values)]
