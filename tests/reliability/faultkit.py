"""Shared by the fault suite: two catalog versions, their reference trees, and tree-state checks."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.catalog import load_catalog
from generator.output import stamp
from generator.output.write import JOURNAL, STAGE_PREFIX, write_tree
from generator.render.generate import generate
from tests.reliability.trees import REPO, catalog, model, tree_hash


@dataclass(frozen=True)
class Versions:
    """Catalog v1 (4 models) and v2 (every chart changed, one model dropped), and their tree hashes."""

    old: Path
    new: Path
    old_hash: tuple[str, str]
    new_hash: tuple[str, str]


def make_versions(tmp: Path) -> Versions:
    paths, hashes = [], []
    for version, count in (("1.0.0", 4), ("2.0.0", 3)):
        models = [model(f"model-{i}", image={"repository": "registry.example.com/demo", "tag": version})
                  for i in range(count)]
        path = tmp / f"v{version}" / "catalog.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(yaml.safe_dump(catalog(models)))
        ref = tmp / f"ref-{version}"
        write_tree(ref, generate(load_catalog(path, "catalog.yaml")).files)
        paths.append(path)
        hashes.append(hashes_of(ref))
    return Versions(paths[0], paths[1], hashes[0], hashes[1])


def hashes_of(out: Path) -> tuple[str, str]:
    return tree_hash(out, ("charts",)), tree_hash(out, ("apps",))


def leftovers(out: Path) -> list[str]:
    """Anything a writer leaves only while it runs: stages, the journal, temporary records."""
    names = [p.name for p in out.iterdir()] if out.is_dir() else []
    return sorted(n for n in names if n.startswith((STAGE_PREFIX, JOURNAL)) or n.endswith(".tmp"))


def assert_whole(out: Path, *allowed: tuple[str, str]) -> tuple[str, str]:
    """charts/ and apps/ are one complete version from ``allowed`` and carry matching stamps."""
    state = hashes_of(out)
    assert state in allowed, "charts/ and apps/ are not one complete version (a mixed or partial tree)"
    assert stamp.check(out) == []
    return state


def cli(*args: str, cwd: Path, arm: str = "", as_user: str = "",
        fallback: bool = False) -> subprocess.CompletedProcess[str]:
    """``infergen ARGS`` in a real process; ``arm`` names a fault point where it SIGKILLs itself.

    ``fallback``: as on a filesystem without RENAME_EXCHANGE (no renameat2), so commits use renames.
    """
    code = "import sys; from generator.output import faults, swap; "
    if fallback:
        code += "swap._FN = None; "
    if arm:
        code += f"faults.arm({arm!r}, faults.sigkill); "
    code += "from generator.cli import main; sys.argv = ['infergen', *sys.argv[1:]]; main()"
    command = [sys.executable, "-c", code, *args]
    if as_user:
        command = ["setpriv", f"--reuid={as_user}", f"--regid={as_user}", "--clear-groups", *command]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("INFERGEN_DEBUG", None)
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)
