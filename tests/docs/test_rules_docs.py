"""docs/rules.md matches the rule registry and cases; the coverage table names real rules and
skips nothing silently."""

from __future__ import annotations

import re

from generator.lint import RULES
from generator.lint.coverage import COVERAGE
from generator.pipeline.rules_doc import rules_reference
from tests.conftest import REPO

CASES = REPO / "tests" / "lint" / "cases"
REASONED = ("n/a:", "not implemented:", "schema", "catalog schema")


def test_docs_rules_md_is_up_to_date() -> None:
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_reference(CASES), "docs/rules.md is stale: run `infergen docs` and commit it"


def test_every_rule_is_documented_with_origin_example_and_fix() -> None:
    text = rules_reference(CASES)
    for rule in RULES.values():
        section = text.split(f"\n### {rule.id}\n", 1)[1].split("\n### ", 1)[0]
        assert f"Fix: {rule.fix}" in section
        if rule.origin:
            assert f"Origin: {rule.origin}" in section
            assert "Failing example: " in section, rule.id


def test_coverage_names_real_rules_and_gives_reasons() -> None:
    ids = set(RULES)
    for where, function, status in COVERAGE:
        named = {w for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+|\bschema\b", status) if w in ids}
        assert named or status.startswith(REASONED), (where, function, status)
        for word in re.findall(r"^[a-z0-9-]+(?=,|$| )", status):
            assert word in ids or status.startswith(REASONED), (function, word)


def test_every_ported_rule_appears_in_the_coverage_table() -> None:
    statuses = " ".join(status for _, _, status in COVERAGE)
    missing = [r.id for r in RULES.values() if r.origin and not re.search(rf"\b{re.escape(r.id)}\b", statuses)]
    assert not missing, missing
