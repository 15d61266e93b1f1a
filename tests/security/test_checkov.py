"""Checkov on every manifest the example catalog renders: nothing fails outside the allow-list.

Uses the ``checkov`` module when importable (``pip install -e .[dev]``), else a ``checkov``
executable from ``$INFERGEN_CHECKOV`` or the PATH (e.g. a separate virtualenv); skips otherwise.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.security.rendered import example_catalog, render_catalog

ALLOWLIST = Path(__file__).with_name("checkov_allowlist.yaml")


def checkov_command() -> list[str] | None:
    if importlib.util.find_spec("checkov") is not None:
        return [sys.executable, "-m", "checkov.main"]
    exe = os.environ.get("INFERGEN_CHECKOV") or shutil.which("checkov")
    return [exe] if exe else None


def test_allowlist_is_justified() -> None:
    allow = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    for key, why in allow.items():
        assert key.startswith("CKV_") and isinstance(why, str) and len(why) > 20, key


@pytest.mark.slow
def test_checkov_clean(tmp_path: Path) -> None:
    command = checkov_command()
    if command is None:
        pytest.skip("checkov is not installed (pip install checkov)")
    src = tmp_path / "src"
    src.mkdir()
    manifests = tmp_path / "manifests"
    docs = render_catalog(example_catalog(src), manifests)
    assert sum(map(len, docs.values())) > 20
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_NO_OUTPUT_PROGRESS": "1"}
    args = ["-d", str(manifests), "--framework", "kubernetes", "--quiet", "--compact", "-o", "json"]
    proc = subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=300)
    assert proc.stdout.strip(), proc.stderr[-2000:]
    reports = json.loads(proc.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed = [c for r in reports for c in r.get("results", {}).get("failed_checks", [])]
    allow = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    unexpected = sorted({f"{c['check_id']} {c['check_name']} ({c['resource']})" for c in failed
                         if c["check_id"] not in allow})
    assert not unexpected, "Checkov findings outside the allow-list:\n" + "\n".join(unexpected)
    stale = sorted(set(allow) - {c["check_id"] for c in failed})
    assert not stale, f"allow-list entries no longer needed: {stale}"
