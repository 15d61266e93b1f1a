"""Every command a new user types from README.md, run in a temporary copy of the repository.

The ``sh`` blocks are extracted from README.md, so the README and this test cannot drift;
the setup commands (``bash .ci/setup ...``) are skipped (this venv is already set up).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import REPO
from tests.docs.helpers import copy_repo, user_env

BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


def readme_blocks() -> list[str]:
    return BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8"))


def test_readme_has_the_commands_the_walkthrough_promises():
    text = "\n".join(readme_blocks())
    expected = ("infergen generate\n", "infergen validate\n", "infergen generate --check", "infergen init",
                "infergen explain", "infergen report", "infergen diff", "bash .ci/setup")
    for command in expected:
        assert command in text, command


def test_readme_commands_run_in_a_fresh_copy(tmp_path: Path):
    repo = copy_repo(tmp_path)
    env = user_env(tmp_path, repo)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "initial"], cwd=repo, check=True, env=env)
    ran = 0
    for block in readme_blocks():
        if ".ci/setup" in block:
            continue
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=repo, env=env, text=True,
                              capture_output=True, timeout=300)
        assert proc.returncode == 0, (f"README block failed ({proc.returncode}):\n{block}\n--- stdout\n"
                                      f"{proc.stdout[-3000:]}\n--- stderr\n{proc.stderr[-3000:]}")
        ran += 1
    assert ran >= 8
    # What the walkthrough promised actually happened.
    assert (repo / "charts" / "sentiment" / "Chart.yaml").is_file()
    assert (repo / "apps" / "production" / "sentiment.yaml").is_file()  # the example has environments
    assert "sentiment" in (repo / "report.html").read_text(encoding="utf-8")
    assert (repo / "my-models" / "charts" / "sentiment" / "Chart.yaml").is_file()
    log = subprocess.run(["git", "log", "--oneline"], cwd=repo, env=env, text=True,
                         capture_output=True).stdout
    assert "Serve the sentiment model" in log
    status = subprocess.run(["git", "status", "--porcelain", "charts", "apps", "catalog.yaml"], cwd=repo,
                            env=env, text=True, capture_output=True).stdout
    assert status == "", status
