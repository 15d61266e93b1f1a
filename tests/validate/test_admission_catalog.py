"""Catalog mistakes the control plane would reject: ``generate`` reports them against the catalog.

Each ``admission/<rule>.yaml`` overrides the base model (``model:``) with one mistake and names
the catalog field it must be reported at (``expect.path``) and the admission rule that finds it
on the rendered chart (``expect.rule``; ``before_rendering: true`` when the catalog's own checks
already refuse the mistake, so the rule never sees it). ``generate`` must exit 2 with
``catalog.yaml:line:col: models[0].field`` and write nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.catalog.locate import locate
from generator.cli import cli
from generator.errors import CatalogError, Exit
from generator.lint import RULES
from tests.conftest import base_catalog
from tests.validate.conftest import catalog_text

CASES = Path(__file__).parent / "admission"
NAMES = sorted(p.stem for p in CASES.glob("*.yaml"))


def _path(text: str) -> list[Any]:
    out: list[Any] = []
    for part in text.replace("]", "").replace("[", ".").split("."):
        out.append(int(part) if part.isdigit() else part)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_generate_reports_the_catalog_field(name: str, tmp_path: Path) -> None:
    case = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))
    assert case["expect"]["rule"] in RULES and RULES[case["expect"]["rule"]].origin
    text = catalog_text(base_catalog(**case["model"]))
    (tmp_path / "catalog.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", "-c", str(tmp_path / "catalog.yaml"), "--quiet"])
    assert isinstance(result.exception, CatalogError), result.output
    assert result.exception.exit is Exit.INPUT
    hits = [f for f in result.exception.findings if f.path == case["expect"]["path"]]
    assert hits, "\n".join(str(f) for f in result.exception.findings)
    finding = hits[0]
    tagged = f"[{case['expect']['rule']}:" in finding.message
    assert tagged != bool(case["expect"].get("before_rendering")), str(finding)
    line, column = locate(yaml.compose(text), _path(finding.path))
    assert finding.line == line and (finding.column == column or not tagged), str(finding)
    assert not (tmp_path / "charts").exists() and not (tmp_path / "apps").exists()


def test_every_catalog_case_names_an_admission_rule() -> None:
    assert len(NAMES) >= 15
    assert set(NAMES) <= {r.id for r in RULES.values() if r.origin}
