"""Helpers for the serving-mode tests: catalog errors and CRD-schema linting of rendered charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import helm
from generator.catalog import load_catalog
from generator.errors import CatalogError
from generator.findings import Finding, Severity
from generator.lint import LintConfig, Linter, parse_text


def catalog_errors(path: Path) -> list[Finding]:
    """The findings of a catalog that must not load."""
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    return info.value.findings


def error_for(findings: list[Finding], path: str) -> Finding:
    hits = [f for f in findings if f.path == path and f.severity is Severity.ERROR]
    assert hits, f"no error at {path}; got {[(f.path, f.message) for f in findings]}"
    return hits[0]


def assert_points_at(file: Path, finding: Finding, key: str) -> None:
    """The finding's file:line:column is the line of ``key`` or, for a block value, the line after it."""
    lines = file.read_text().splitlines()
    near = lines[max(finding.line - 2, 0):finding.line]
    assert any(key in line for line in near), f"{finding.line}:{finding.column} is {near!r}, not {key}"
    assert finding.column >= 1


def schema_errors(root: Path, name: str, namespace: str, knative_features: tuple[str, ...] = ()) -> list[Finding]:
    """Errors of the rendered chart against the bundled upstream CRD schemas (and the lint rules)."""
    rendered = helm.render(helm.Release(root / "charts" / name, name, namespace))
    docs = []
    for template, text in rendered.manifests.items():
        if template.endswith(".yaml") and text.strip():
            docs.extend(parse_text(text, template))
    config = LintConfig(knative_features=frozenset(knative_features),
                        namespace=namespace, external=frozenset({"Secret/minio-credentials", "model-cache"}))
    return [f for f in Linter(config).lint(docs) if f.severity is Severity.ERROR]


def load_yaml(text: str) -> Any:
    return yaml.safe_load(text)
