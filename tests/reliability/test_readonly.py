"""Read-only commands are read-only: they never recover, remove or rewrite, even while a writer holds the lock.

A ``generate`` holding the lock is simulated by a :class:`Writer` in this process with its
stage built and not yet committed: every read-only command, run as a real process, must
finish without waiting for the lock and leave every path (the stage's hard links included)
exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.output.commit import STAGE_PREFIX
from generator.output.write import JOURNAL, Writer, write_tree
from generator.render.generate import generate
from tests.reliability.faultkit import Versions, cli, make_versions

READ_ONLY = (
    ("generate", "--check"),
    ("validate", "--no-cache"),
    ("diff", "--stat"),
    ("explain", "model-0"),
    ("report", "--out", "-"),
)


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    return make_versions(tmp_path_factory.mktemp("versions"))


def snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every path under ``root``: (inode, size, mtime); what a removal or rewrite would change."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            st = path.lstat()
            out[path.relative_to(root).as_posix()] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return out


def command(args: tuple[str, ...], out: Path) -> list[str]:
    name, *rest = args
    where = [] if name in ("explain", "report") else ["--out", str(out)]
    return [name, "-c", "catalog.yaml", *where, *rest]


def test_read_only_commands_while_a_writer_holds_the_lock(tmp_path: Path, versions: Versions) -> None:
    out = tmp_path / "out"
    write_tree(out, generate(load_catalog(versions.old, "catalog.yaml")).files)
    with Writer(out, background=False) as writer:
        writer.stage_files(generate(load_catalog(versions.new, "catalog.yaml")).files)
        stage = writer.stage
        assert stage.name.startswith(STAGE_PREFIX) and any(stage.rglob("*.yaml"))
        before = snapshot(out)
        for args in READ_ONLY:
            result = cli(*command(args, out), cwd=versions.new.parent)
            assert result.returncode in (0, 1), (args, result.stderr)
            assert "waiting for another infergen run" not in result.stderr
            assert snapshot(out) == before, f"`infergen {' '.join(args)}` changed the output directory"
        assert (stage / "charts").is_dir()
        writer.commit()
    assert not any(p.name.startswith(STAGE_PREFIX) for p in out.iterdir())


def test_check_reports_an_interrupted_write_and_leaves_it_for_generate(tmp_path: Path, versions: Versions) -> None:
    """No writer running: a journal and a stage left by a kill are reported, never repaired, by --check."""
    out = tmp_path / "out"
    new = tmp_path / "new"
    write_tree(out, generate(load_catalog(versions.old, "catalog.yaml")).files)
    write_tree(new, generate(load_catalog(versions.new, "catalog.yaml")).files)
    stage = out / f"{STAGE_PREFIX}4242"
    stage.mkdir()
    shutil.copytree(new / "apps", stage / "apps")
    # what a kill right after the journal left: nothing exchanged yet
    ino = {r: (out / r).stat().st_ino for r in ("charts", "apps")}
    (out / JOURNAL).write_text(json.dumps({"stage": stage.name, "new": {"charts": 1, "apps": 2}, "old": ino}))
    before = snapshot(out)
    result = cli(*command(("generate", "--check"), out), cwd=versions.new.parent)
    assert result.returncode == 1
    assert "interrupted write: run `infergen generate` to complete it" in result.stderr
    assert snapshot(out) == before
    repaired = cli("generate", "-c", "catalog.yaml", "--out", str(out), "--no-validate", cwd=versions.new.parent)
    assert repaired.returncode == 0, repaired.stderr
    assert "infergen: discarded a write interrupted before it replaced anything" in repaired.stderr
    assert f"infergen: removed {stage.name}/, left by an interrupted run" in repaired.stderr
    assert not (out / JOURNAL).exists() and not stage.exists()
