"""Golden trees: tests/golden/<case>/catalog.yaml must generate exactly tests/golden/<case>/expected/.

Refresh after an intended change with ``pytest tests/core/test_golden.py --update-golden`` and review
the diff like any other code change.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.render.generate import generate
from tests.conftest import REPO

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "catalog.yaml").is_file())


def produce(case: str) -> dict[str, str]:
    catalog = load_catalog(GOLDEN / case / "catalog.yaml", display="catalog.yaml")
    return generate(catalog).files


def on_disk(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def unified(expected: dict[str, str], actual: dict[str, str]) -> str:
    out = []
    for rel in sorted(set(expected) | set(actual)):
        old, new = expected.get(rel), actual.get(rel)
        if old != new:
            out.extend(
                difflib.unified_diff(
                    (old or "").splitlines(keepends=True),
                    (new or "").splitlines(keepends=True),
                    fromfile=f"expected/{rel}" if old is not None else "/dev/null",
                    tofile=f"generated/{rel}" if new is not None else "/dev/null",
                )
            )
    return "".join(out)


def test_golden_cases_exist():
    assert len(CASES) >= 3


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, update_golden: bool):
    expected_dir = GOLDEN / case / "expected"
    actual = produce(case)
    if update_golden:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, text in actual.items():
            target = expected_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    assert expected_dir.is_dir(), f"no golden tree for {case}; run pytest --update-golden"
    expected = on_disk(expected_dir)
    diff = unified(expected, actual)
    if diff:
        print(diff)
    assert not diff, (
        f"generated tree for {case} differs from tests/golden/{case}/expected (diff printed above); "
        "if intended, run pytest --update-golden"
    )


def test_unified_diff_names_the_changed_line():
    diff = unified({"a.yaml": "x: 1\ny: 2\n"}, {"a.yaml": "x: 1\ny: 3\n", "b.yaml": "z\n"})
    assert "-y: 2\n+y: 3\n" in diff
    assert "--- /dev/null\n+++ generated/b.yaml" in diff


SEEDS = ("0", "1", "4242")


def test_output_does_not_depend_on_hash_seed(tmp_path: Path):
    """Generate the richest golden catalog in subprocesses under different PYTHONHASHSEEDs."""
    trees = []
    for seed in SEEDS:
        out = tmp_path / f"seed-{seed}"
        out.mkdir()
        shutil.copy(GOLDEN / "kong-hpa" / "catalog.yaml", out / "catalog.yaml")
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        result = subprocess.run(
            [sys.executable, "-m", "generator", "generate", "-c", "catalog.yaml", "--no-validate", "-q"],
            cwd=out,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        trees.append({k: v.encode() for k, v in on_disk(out).items() if k.startswith(("charts/", "apps/"))})
    assert len(trees[0]) > 15
    assert trees[0] == trees[1] == trees[2]
    assert trees[0] == {k: v.encode() for k, v in produce("kong-hpa").items()}
