"""One manifest set per rule under ``cases/<rule-id>/``, discovered automatically.

Each directory holds YAML manifests and ``expected.json``: the exact findings as
``{rule, resource, path}`` and optional ``config`` overrides for :class:`LintConfig`.
Every set is linted with all rules and strict schemas, so a case also proves the rest of
the set is clean. Rules ported from upstream admission code (those with an ``origin``) also
have ``cases/<rule-id>-ok/``: a near miss the control plane accepts, expected clean.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from generator.lint import LintConfig, Linter, load_paths
from tests.lint.conftest import CASES

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file())


@cache
def linter(overrides: str) -> Linter:
    extra = json.loads(overrides)
    extra = {k: frozenset(v) if isinstance(v, list) else v for k, v in extra.items()}
    return Linter(LintConfig(**extra))  # custom kinds: the schemas infergen bundles


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())
    overrides = json.dumps(expected.get("config", {}), sort_keys=True)
    docs = load_paths(sorted(str(p) for p in case.glob("*.yaml")))  # not expected.json
    findings = linter(overrides).lint(docs)
    got = sorted((f.rule, f.resource, f.path) for f in findings)
    want = sorted((e["rule"], e["resource"], e["path"]) for e in expected["findings"])
    assert got == want, "\n".join(str(f) for f in findings)
    for f in findings:
        assert f.file.endswith(".yaml") and f.line > 0 and f.message and f.hint


CUSTOM = [p for p in CASE_DIRS if any(
    "." in str(d.obj.get("apiVersion", "")).split("/")[0] and not str(d.obj["apiVersion"]).split("/")[0].endswith(
        "k8s.io") for d in load_paths(sorted(str(f) for f in p.glob("*.yaml"))))]


@pytest.mark.parametrize("case", CUSTOM, ids=[p.name for p in CUSTOM])
def test_upstream_crd_copies_give_the_same_verdict(case: Path, crds: Path) -> None:
    """Cross-check on every case with a custom kind: the upstream CRD copies and the bundle agree."""
    expected = json.loads((case / "expected.json").read_text())
    extra = {k: frozenset(v) if isinstance(v, list) else v for k, v in expected.get("config", {}).items()}
    docs = load_paths(sorted(str(p) for p in case.glob("*.yaml")))
    upstream_linter = Linter(LintConfig(crds=(str(crds / "yaml"),), **extra))
    upstream = upstream_linter.lint(docs)
    ours = linter(json.dumps(expected.get("config", {}), sort_keys=True)).lint(docs)
    assert [str(f) for f in upstream] == [str(f) for f in ours]
    # the comparison is real only if every custom kind was read from the upstream copies
    copied = {p.name for p in (crds / "yaml").iterdir()}  # groups the bench holds copies of (no keda.sh yet)
    custom = {key: origin for key, origin in upstream_linter.store.origin.items()
              if key[0].split("/")[0] in copied}
    assert set(custom.values()) <= {"crd"}, custom  # empty only where no copy has the kind (schema-missing)


def test_every_rule_has_a_case() -> None:
    from generator.lint import RULES

    covered = {p.name for p in CASE_DIRS}
    engine = {r.id for r in RULES.values() if not r.stage}  # stage rules: tests/lint/test_rule_ids.py
    assert engine <= covered, sorted(engine - covered)


def test_every_admission_rule_has_a_passing_case() -> None:
    from generator.lint import RULES

    ported = {r.id for r in RULES.values() if r.origin}
    for rule_id in sorted(ported):
        case = CASES / f"{rule_id}-ok"
        assert (case / "expected.json").is_file(), f"{rule_id}: no passing case {case.name}"
        assert json.loads((case / "expected.json").read_text())["findings"] == [], case.name
        failing = json.loads((CASES / rule_id / "expected.json").read_text())["findings"]
        assert failing and {f["rule"] for f in failing} == {rule_id}, rule_id
