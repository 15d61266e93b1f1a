"""Running ``infergen`` as a user would: a shim on PATH that runs this venv's Python on a repo copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def copy_repo(dest: Path) -> Path:
    """Tracked (and untracked, not ignored) files into ``dest/repo``, with nothing beside it (as a user's clone)."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           check=True, capture_output=True).stdout.decode().split("\0")
    root = dest / "repo"
    for rel in filter(None, files):
        src = REPO / rel
        if not src.is_file():
            continue  # deleted in the working tree
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    return root


def user_env(tmp: Path, code: Path) -> dict[str, str]:
    """PATH with an ``infergen`` that runs ``python -m generator`` from ``code`` in this venv."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "infergen"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{code}" exec "{sys.executable}" -m generator "$@"\n')
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "INFERGEN_"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", HOME=str(tmp / "home"), NO_COLOR="1",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1")
    (tmp / "home").mkdir(exist_ok=True)
    return env
