"""``--base REF`` reads the catalog from git; bad bases are clear errors (exit 2, no traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import REPO, base_catalog


def kserve_canary(percent: int) -> dict[str, Any]:
    return base_catalog(serving="kserve", kserve={"modelFormat": "sklearn", "storageUri": "s3://models/demo/2",
                                                  "s3": {"endpoint": "minio.minio.svc:9000",
                                                         "secretName": "minio-credentials"},
                                                  "deploymentMode": "Knative", "canaryTrafficPercent": percent},
                        image=None, ports=None, probes=None)


def catalog(percent: int) -> dict[str, Any]:
    data = kserve_canary(percent)
    data["models"][0] = {k: v for k, v in data["models"][0].items() if v is not None}
    return data


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def infergen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point (its error handling is what users see), with this checkout's package."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=300, check=False)


def test_base_ref_reads_the_catalog_at_a_revision(tmp_path: Path):
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(catalog(10)))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "catalog.yaml")
    git(tmp_path, "commit", "-qm", "canary at 10 %")
    path.write_text(yaml.safe_dump(catalog(50)))
    result = CliRunner().invoke(cli, ["diff", "--summary", "--format", "json", "--base", "HEAD",
                                      "--catalog", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["base"] == "HEAD:catalog.yaml"
    [model] = report["models"]
    assert (model["model"], model["environment"], model["status"]) == ("demo", "default", "changed")
    assert [(c["fact"], c["before"], c["after"]) for c in model["changes"]] == [("canary", "10 %", "50 %")]
    [resource] = model["resources"]
    assert resource["resource"] == "InferenceService/ml/demo"
    assert "-    canaryTrafficPercent: 10\n" in resource["diff"]
    assert "+    canaryTrafficPercent: 50\n" in resource["diff"]


def test_bad_bases_are_clear_errors(tmp_path: Path):
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(catalog(10)))
    outside = infergen(tmp_path, "diff", "--summary", "--base", "main")  # tmp_path is no git repository
    assert outside.returncode == 2 and "Traceback" not in outside.stderr
    assert "--base main: cannot read catalog.yaml at that revision:" in outside.stderr
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "catalog.yaml")
    git(tmp_path, "commit", "-qm", "one")
    proc = infergen(tmp_path, "diff", "--summary", "--base", "no-such-branch")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "--base no-such-branch: cannot read catalog.yaml at that revision:" in proc.stderr
    assert "git fetch" in proc.stderr  # the hint for shallow CI checkouts
    proc = infergen(tmp_path, "diff", "--summary", "--base", "--output=x")
    assert proc.returncode == 2 and "not a revision" in proc.stderr and not (tmp_path / "x").exists()
    proc = infergen(tmp_path, "diff", "--summary", "--base-file", str(tmp_path / "missing.yaml"))
    assert proc.returncode == 2 and "--base-file" in proc.stderr and "cannot read it" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_invalid_base_catalog_is_located_in_the_base(tmp_path: Path):
    broken = catalog(10)
    broken["models"][0]["kserve"]["canaryTrafficPercent"] = 150
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(broken))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "catalog.yaml")
    git(tmp_path, "commit", "-qm", "broken")
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(catalog(10)))
    proc = infergen(tmp_path, "diff", "--summary", "--base", "HEAD")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("HEAD:catalog.yaml:") and "canaryTrafficPercent" in proc.stderr


def test_usage_errors(tmp_path: Path):
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(catalog(10)))
    runner = CliRunner()
    both = runner.invoke(cli, ["diff", "--catalog", str(tmp_path / "catalog.yaml"), "--base", "HEAD",
                               "--base-file", str(tmp_path / "catalog.yaml")])
    assert both.exit_code == 2 and "give one" in both.stderr
    fmt = runner.invoke(cli, ["diff", "--catalog", str(tmp_path / "catalog.yaml"), "--format", "json"])
    assert fmt.exit_code == 2 and "--format applies to --summary" in fmt.stderr
