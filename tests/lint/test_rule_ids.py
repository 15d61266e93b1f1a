"""Every finding carries a registered rule id: listable (--list-rules), documented (docs/rules.md)
and, where the run can go on without it, disableable (--disable)."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.lint import RULES
from tests.conftest import REPO
from tests.validate.conftest import base, generate_into, run_validate

PACKAGE = REPO / "generator"
_RULE_ARG = {"chartcheck.py": 1, "appcheck.py": 4}  # module → position of the rule id in its _finding()


def _emitted() -> dict[str, str]:
    """Rule ids written as literals where findings are made: ``Finding(rule="x")``, ``_finding(file, "x", ...)``
    and the engine's ``yield "x", Hit(...)``; id → where."""
    out: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(REPO)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                for kw in node.keywords:
                    if kw.arg == "rule" and isinstance(kw.value, ast.Constant) and name.endswith("Finding"):
                        out[kw.value.value] = where
                    if kw.arg == "rule" and isinstance(kw.value, ast.IfExp):
                        for branch in (kw.value.body, kw.value.orelse):
                            if isinstance(branch, ast.Constant):
                                out[branch.value] = where
                if name == "_finding":  # helpers that build a Finding from a positional rule id
                    helper = _RULE_ARG.get(path.name)
                    arg = node.args[helper] if helper is not None and len(node.args) > helper else None
                    if isinstance(arg, ast.Constant):
                        out[arg.value] = where
            if isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2 \
                    and isinstance(node.value.elts[0], ast.Constant) and isinstance(node.value.elts[1], ast.Call) \
                    and ast.unparse(node.value.elts[1].func) == "Hit":
                out[node.value.elts[0].value] = where
    return out


def test_every_emitted_rule_id_is_registered() -> None:
    emitted = _emitted()
    assert {"helm-lint", "helm-render", "helm-values-schema", "chart-missing", "duplicate-resource",
            "catalog", "catalog-warning", "generation", "kserve-mode-change", "input", "schema", "schema-missing",
            "argocd-project", "argocd-source-path"} <= set(emitted)
    missing = {rule: where for rule, where in emitted.items() if rule not in RULES}
    assert not missing, missing


def test_every_stage_rule_is_emitted_somewhere() -> None:
    """A registered stage rule that nothing emits would be documented but could never fire."""
    emitted = _emitted()
    stage = {r.id for r in RULES.values() if r.stage}
    assert stage and stage <= set(emitted), sorted(stage - set(emitted))


def test_every_rule_id_in_the_corpora_is_registered() -> None:
    found: set[str] = set()
    for case in (REPO / "tests/validate/cases").glob("*/case.yaml"):
        data = yaml.safe_load(case.read_text(encoding="utf-8"))
        found.update(data.get("rules") or ([data["expect"]["rule"]] if data.get("expect") else []))
    for expected in (REPO / "tests/lint/cases").glob("*/expected.json"):
        found.update(f["rule"] for f in json.loads(expected.read_text(encoding="utf-8"))["findings"])
    assert {"helm-lint", "helm-render", "helm-values-schema", "catalog"} <= found
    assert found <= set(RULES), sorted(found - set(RULES))


def test_stage_rules_are_listed_and_documented() -> None:
    listed = CliRunner().invoke(cli, ["lint", "--list-rules"]).output
    docs = (REPO / "docs/rules.md").read_text(encoding="utf-8")
    for rule in (r for r in RULES.values() if r.stage):
        assert any(line.split()[0] == rule.id for line in listed.splitlines()), rule.id
        assert f"\n### {rule.id}\n" in docs and f"Checked by {rule.stage}" in docs, rule.id


def test_chart_missing_is_reported_and_can_be_disabled(tmp_path: Path) -> None:
    generate_into(tmp_path, base())
    shutil.rmtree(tmp_path / "charts/demo")
    run = run_validate(tmp_path)
    assert run.exit_code == 1
    assert [f["file"] for f in run.findings if f["rule"] == "chart-missing"] == ["charts/demo"]
    quiet = run_validate(tmp_path, "--disable", "chart-missing")
    assert "chart-missing" not in {f["rule"] for f in quiet.findings}
    assert {f["rule"] for f in quiet.findings} == {f["rule"] for f in run.findings} - {"chart-missing"}


def test_rules_the_run_needs_cannot_be_disabled(tmp_path: Path) -> None:
    generate_into(tmp_path, base())
    for command in (["validate", "-c", str(tmp_path / "catalog.yaml")], ["lint", str(tmp_path / "apps")]):
        result = CliRunner().invoke(cli, [*command, "--disable", "catalog"])
        assert result.exit_code == 2 and "catalog cannot be disabled" in result.output, result.output
    unknown = CliRunner().invoke(cli, ["validate", "-c", str(tmp_path / "catalog.yaml"), "--disable", "no-such"])
    assert unknown.exit_code == 2 and "unknown rule id(s): no-such" in unknown.output
