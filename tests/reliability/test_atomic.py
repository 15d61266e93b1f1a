"""Atomic output: a SIGKILL at any instant leaves charts/ and apps/ each one complete version.

The two directories are swapped in one after the other; a kill between the two swaps
leaves a journal that the next run rolls forward before it touches anything. The kill
loop checks the state right after each kill, without running infergen in between. Kills
and faults at each named step, deterministically, are in test_faults.py.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator.catalog import load_catalog
from generator.output.write import JOURNAL, recover, write_tree
from generator.render.generate import generate
from tests.reliability.trees import REPO, catalog, model, run_cli, tree_hash

MODELS = 200
KILLS = 50


def versions(tmp: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """Two 200-model catalogs that differ in every chart, and the (charts, apps) hashes each produces."""
    paths, hashes = [], []
    for version in ("1.0.0", "2.0.0"):
        models = [model(f"model-{i:03d}", image={"repository": "registry.example.com/demo", "tag": version},
                        labels={"release": version}, argocd={"targetRevision": f"v{version}"})
                  for i in range(MODELS)]
        path = tmp / f"v{version}" / "catalog.yaml"
        path.parent.mkdir()
        path.write_text(yaml.safe_dump(catalog(models)))
        ref = tmp / f"ref-{version}"
        write_tree(ref, generate(load_catalog(path, "catalog.yaml")).files)
        paths.append(path)
        hashes.append((tree_hash(ref, ("charts",)), tree_hash(ref, ("apps",))))
    return paths, hashes


@pytest.mark.slow
def test_sigkill_at_random_points(tmp_path: Path) -> None:
    (cat_a, cat_b), (ver_a, ver_b) = versions(tmp_path)
    assert ver_a[0] != ver_b[0] and ver_a[1] != ver_b[1]
    out = tmp_path / "out"
    # the reference trees were generated in-process with display name catalog.yaml; so are these
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    assert run_cli("generate", "-c", "catalog.yaml", "--out", str(out), "--no-validate", "-q",
                   cwd=cat_a.parent).returncode == 0
    assert (tree_hash(out, ("charts",)), tree_hash(out, ("apps",))) == ver_a
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "generator", "generate", "-c", "catalog.yaml", "--out", str(out),
                    "--no-validate", "-q"], env=env, cwd=cat_b.parent, check=True)
    full = time.monotonic() - started
    assert (tree_hash(out, ("charts",)), tree_hash(out, ("apps",))) == ver_b
    rng = random.Random(20240601)
    outcomes = {"old": 0, "new": 0, "pending": 0}
    for i in range(KILLS):
        new, old = (ver_a, ver_b) if i % 2 == 0 else (ver_b, ver_a)
        target = cat_a if i % 2 == 0 else cat_b
        proc = subprocess.Popen([sys.executable, "-m", "generator", "generate", "-c", "catalog.yaml", "--out",
                                 str(out), "--no-validate", "-q"], env=env, cwd=target.parent,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 1.0) * full)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        charts, apps = tree_hash(out, ("charts",)), tree_hash(out, ("apps",))
        assert charts in (old[0], new[0]), f"kill {i}: charts/ is neither complete version"
        assert apps in (old[1], new[1]), f"kill {i}: apps/ is neither complete version"
        if (charts, apps) == new:
            outcomes["new"] += 1
        elif (charts, apps) == old:
            outcomes["old"] += 1
        else:  # killed between the two swaps: the journal must be there for the next run
            assert (out / JOURNAL).exists(), f"kill {i}: mixed versions without a journal"
            outcomes["pending"] += 1
        # a kill before the swap left the old tree; the next iteration regenerates from whatever is there
    print(f"outcomes after {KILLS} kills (full run {full:.2f}s): {outcomes}")
    assert outcomes["old"] and outcomes["new"], outcomes  # the kills really landed on both sides of the swap
    final = run_cli("generate", "-c", "catalog.yaml", "--out", str(out), "--no-validate", "-q",
                    cwd=cat_a.parent)
    assert final.returncode == 0, final.stderr
    assert (tree_hash(out, ("charts",)), tree_hash(out, ("apps",))) == ver_a
    assert not list(out.glob(".infergen-stage-*")) and not (out / JOURNAL).exists()


def test_torn_journal_before_any_swap(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"apps/a.yaml": "v: 1\n"})
    (out / JOURNAL).write_text('{"stage": ".infergen-stage-1", "ino')  # killed mid-write
    (out / ".infergen-stage-1" / "apps").mkdir(parents=True)
    assert recover(out) == ["removed .infergen-stage-1/, left by an interrupted run"]
    assert (out / "apps/a.yaml").read_text() == "v: 1\n"
    assert not (out / JOURNAL).exists() and not (out / ".infergen-stage-1").exists()
