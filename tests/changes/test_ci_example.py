"""docs/ci/pr-change-report.yml: valid YAML whose infergen call uses options the CLI has."""

from __future__ import annotations

import shlex

import yaml

from generator.cli import cli
from tests.conftest import REPO


def test_the_ci_example_writes_the_markdown_report_and_posts_it():
    workflow = yaml.safe_load((REPO / "docs" / "ci" / "pr-change-report.yml").read_text())
    steps = workflow["jobs"]["report"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    [report] = [r for r in runs if r.startswith("infergen diff")]
    words = shlex.split(report.replace("${{ github.base_ref }}", "main"))
    assert words[:2] == ["infergen", "diff"] and words[-2:] == [">", "change-report.md"]
    diff = cli.commands["diff"]
    known = {opt for param in diff.params for opt in getattr(param, "opts", ())}
    assert {w for w in words[2:-2] if w.startswith("--")} <= known
    assert words[words.index("--format") + 1] == "markdown" and "--summary" in words
    assert words[words.index("--base") + 1] == "origin/main"
    assert any("git fetch" in r and "github.base_ref" in r for r in runs)  # the base exists in a shallow clone
    [post] = [r for r in runs if r.startswith("gh pr comment")]
    assert "--body-file change-report.md" in post
    assert workflow["permissions"]["pull-requests"] == "write"
