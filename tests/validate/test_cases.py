"""Issue 4: a corpus of broken catalogs and charts, one per check, each with its exact rule and location.

Each ``cases/<case>/case.yaml`` says how to break things and what ``infergen validate`` (or
``infergen lint``) must report:

``catalog.yaml`` (optional file)  the catalog, verbatim; else ``model:`` overrides ``base_catalog``'s model
``models:``      extra models (overrides of the base model) appended to the catalog
``edits:``       hand edits after generating: ``{file, old, new}`` replaces once, ``{file, write}`` creates
``command:``     ``validate`` (default) or ``lint`` (``lint_files:`` name → manifest text)
``args:``        extra command-line arguments
``exit:``        expected exit status
``expect:``      the finding that must be reported: rule, file, line, column, path, resource, severity
                 (null: the run must be clean)
``rules:``       the exact set of rule ids reported (defaults to ``[expect.rule]``)
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from tests.validate.conftest import Run, base, generate_into, restamp, run_validate

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "case.yaml").is_file())


def load_case(name: str) -> dict[str, Any]:
    return yaml.safe_load((CASES / name / "case.yaml").read_text(encoding="utf-8"))


def test_corpus_size():
    assert len(NAMES) >= 40
    checks = {load_case(n)["expect"]["rule"] for n in NAMES if load_case(n)["expect"]}
    assert len(checks) >= 25, sorted(checks)


def _catalog(case: dict[str, Any], name: str) -> dict[str, Any] | str:
    raw = CASES / name / "catalog.yaml"
    if raw.is_file():
        return raw.read_text(encoding="utf-8")
    content = base(**copy.deepcopy(case.get("model", {})))
    for extra in case.get("models", []):
        model = copy.deepcopy(content["models"][0])
        model.update(extra)
        content["models"].append(model)
    content.update(copy.deepcopy(case.get("catalog", {})))
    return content


def _edit(root: Path, edits: list[dict[str, Any]]) -> None:
    for edit in edits:
        path = root / edit["file"]
        if "write" in edit:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(edit["write"], encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        assert text.count(edit["old"]) >= 1, f"{edit['old']!r} not in {edit['file']}"
        path.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    if edits:
        restamp(root)  # a case is broken output, not a hand edit (those: tests/reliability/test_stamp.py)


def _lint(root: Path, case: dict[str, Any]) -> Run:
    names = []
    for file, text in case["lint_files"].items():
        (root / file).write_text(text, encoding="utf-8")
        names.append(file)
    args = ["lint", *names, "-o", "json", *case.get("args", [])]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = CliRunner().invoke(cli, args)
    data = json.loads(result.output)
    return Run(result.exit_code, data["findings"], result.output)


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str, tmp_path: Path):
    case = load_case(name)
    if case.get("command", "validate") == "lint":
        run = _lint(tmp_path, case)
    else:
        generate_into(tmp_path, _catalog(case, name))
        _edit(tmp_path, case.get("edits", []))
        run = run_validate(tmp_path, *case.get("args", []))
    expect = case["expect"]
    if expect is None:  # a clean run
        assert run.findings == [], run.output
        assert run.exit_code == case["exit"], run.output
        return
    hits = [f for f in run.findings if all(f.get(k) == v for k, v in expect.items())]
    shown = "\n".join(
        json.dumps({k: f.get(k) for k in ("rule", "file", "line", "column", "path", "resource")})
        for f in run.findings
    )
    assert len(hits) == 1, f"{name}: expected exactly one finding {expect}; got:\n{shown}"
    assert {f["rule"] for f in run.findings} == set(case.get("rules", [expect["rule"]])), shown
    assert run.exit_code == case["exit"], run.output
