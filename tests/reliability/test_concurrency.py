"""Concurrent runs on one output directory take a lock: the second waits (and says so) or gives up cleanly."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import yaml

from generator.catalog import load_catalog
from generator.output.lock import locked
from generator.output.write import write_tree
from generator.render.generate import generate
from tests.reliability.trees import REPO, catalog, model, run_cli, tree_hash


def _catalogs(tmp: Path, count: int = 20) -> tuple[Path, Path]:
    paths = []
    for version in ("1.0.0", "2.0.0"):
        models = [model(f"model-{i:02d}", image={"repository": "registry.example.com/demo", "tag": version})
                  for i in range(count)]
        path = tmp / f"v{version}" / "catalog.yaml"
        path.parent.mkdir()
        path.write_text(yaml.safe_dump(catalog(models)))
        paths.append(path)
    return paths[0], paths[1]


def test_second_run_waits_for_the_lock(tmp_path: Path) -> None:
    old, new = _catalogs(tmp_path)
    out = tmp_path / "out"
    write_tree(out, generate(load_catalog(old, "catalog.yaml")).files)
    err = tmp_path / "stderr.txt"
    with locked(out, 1.0), err.open("w") as err_fh:  # another run holds the lock
        before = tree_hash(out)  # after taking it: the lock record names its holder and the second it began
        proc = subprocess.Popen([sys.executable, "-m", "generator", "generate", "-c", "catalog.yaml", "--out",
                                 str(out), "--no-validate", "--lock-timeout", "60"],
                                cwd=new.parent, env={**os.environ, "PYTHONPATH": str(REPO)},
                                stdout=subprocess.DEVNULL, stderr=err_fh)
        deadline = time.monotonic() + 30
        while "waiting for another infergen run" not in err.read_text() and time.monotonic() < deadline:
            assert proc.poll() is None, err.read_text()
            time.sleep(0.05)
        assert "waiting for another infergen run" in err.read_text()
        assert f"(pid {os.getpid()} on {socket.gethostname()}, `infergen" in err.read_text()  # names the holder
        time.sleep(0.3)
        assert proc.poll() is None, "the second run did not wait"
        assert tree_hash(out) == before, "the waiting run wrote while the lock was held"
    assert proc.wait(timeout=60) == 0, err.read_text()
    expected = tmp_path / "expected"
    write_tree(expected, generate(load_catalog(new, "catalog.yaml")).files)
    assert tree_hash(out, ("charts", "apps")) == tree_hash(expected, ("charts", "apps"))


def test_lock_timeout_fails_clearly(tmp_path: Path) -> None:
    old, new = _catalogs(tmp_path, 2)
    out = tmp_path / "out"
    write_tree(out, generate(load_catalog(old, "catalog.yaml")).files)
    with locked(out, 1.0):
        before = tree_hash(out)  # after taking it: the lock record names its holder and the second it began
        # returning at all while this block still holds the lock is the event: the run gave up
        proc = run_cli("generate", "-c", "catalog.yaml", "--out", str(out), "--no-validate",
                       "--lock-timeout", "0.5", cwd=new.parent)
        assert tree_hash(out) == before
    assert proc.returncode == 2, proc.stderr
    assert "another infergen run" in proc.stderr and "is still writing" in proc.stderr
    assert f"(pid {os.getpid()} on {socket.gethostname()}" in proc.stderr and "unknown" not in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert tree_hash(out) == before


def test_concurrent_runs_do_not_interleave(tmp_path: Path) -> None:
    """Two real runs racing on one directory: the result is exactly one of the two versions."""
    cat_a, cat_b = _catalogs(tmp_path, 60)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-m", "generator", "generate", "-c", "catalog.yaml",
                               "--out", str(out), "--no-validate", "-q"], cwd=c.parent, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for c in (cat_a, cat_b)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    refs = []
    for cat in (cat_a, cat_b):
        ref = tmp_path / f"ref-{cat.parent.name}"
        write_tree(ref, generate(load_catalog(cat, "catalog.yaml")).files)
        refs.append(tree_hash(ref, ("charts", "apps")))
    assert tree_hash(out, ("charts", "apps")) in refs
