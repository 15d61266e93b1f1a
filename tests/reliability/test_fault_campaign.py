"""The issue's fault scenario on a 300-model tree, with a fixed seed: random faults at random steps.

Each trial writes the other version of the tree over the last one and injects one fault, chosen
by a seeded RNG: ENOSPC, EACCES, EPERM or EIO raised at a writer step (at a random file for the
per-file steps), or a SIGKILL there in a real subprocess. Tallied: mixed trees after a
returned write (must be 0), mixed trees after a kill without a journal (0), leftovers after a
returned write (0), anything but a FilesystemError (0, the CLI's "internal error"), and after
the repairing run: mixed trees and leftovers (0).
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.catalog import load_catalog
from generator.stages import faults
from generator.stages.fserror import FilesystemError
from generator.stages.generate import generate
from generator.stages.write import JOURNAL, write_tree
from tests.reliability.faultkit import hashes_of, leftovers
from tests.reliability.trees import REPO, catalog, model

SEED = 20261129
MODELS = 300
TRIALS = 12
STEPS = ("stage.write", "stage.remove", "commit.journal", "commit.exchange.charts", "commit.exchange.apps",
         "commit.journal.remove", "commit.cleanup")
KINDS = ("ENOSPC", "EACCES", "EPERM", "EIO", "SIGKILL")
KILLER = """
import json, sys
from pathlib import Path
from generator.stages import faults
from generator.stages.write import write_tree
files, out, point, nth = json.loads(Path(sys.argv[1]).read_text()), sys.argv[2], sys.argv[3], int(sys.argv[4])
hits = []
def hook(name, path):
    hits.append(path)
    if len(hits) == nth:
        faults.sigkill()
faults.arm(point, hook)
write_tree(Path(out), files)
"""


def _raise_at(nth: int, code: int) -> faults.Hook:
    hits: list[str] = []

    def hook(_name: str, path: str) -> None:
        hits.append(path)
        if len(hits) == nth:
            raise OSError(code, os.strerror(code), path)

    return hook


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """tmpfs where there is one: directory creation and removal on a busy shared disk cost milliseconds
    each, which is most of a 4,000-file write (the deterministic suite covers the disk filesystem)."""
    if os.access("/dev/shm", os.W_OK):
        path = Path(tempfile.mkdtemp(prefix="infergen-campaign-", dir="/dev/shm"))
        yield path
        shutil.rmtree(path, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("campaign")


@pytest.fixture(scope="module")
def trees(scratch: Path) -> list[tuple[Path, dict[str, str], tuple[str, str]]]:
    """Two versions (v2 changes every fifth model and drops ten): (json of files, files, reference hashes)."""
    tmp = scratch
    out = []
    for version, count in (("1.0.0", MODELS), ("2.0.0", MODELS - 10)):
        path = tmp / f"catalog-{version}.yaml"
        models = [model(f"model-{i:03d}", image={"repository": "registry.example.com/demo",
                                                 "tag": version if i % 5 == 0 else "1.0.0"})
                  for i in range(count)]
        path.write_text(yaml.safe_dump(catalog(models)))
        files = generate(load_catalog(path, "catalog.yaml")).files
        ref = tmp / f"ref-{version}"
        write_tree(ref, files)
        dump = tmp / f"files-{version}.json"
        dump.write_text(json.dumps(files))
        out.append((dump, files, hashes_of(ref)))
    return out


def test_seeded_fault_campaign(scratch: Path, trees: list[tuple[Path, dict[str, str], tuple[str, str]]]) -> None:
    rng = random.Random(SEED)
    out = scratch / "out"
    write_tree(out, trees[0][1])
    tally = {"returned": 0, "killed": 0, "mixed_after_return": 0, "mixed_with_journal": 0, "mixed_without_journal": 0,
             "leftovers_after_return": 0, "internal_errors": 0, "repaired": 0}
    current = 0
    for trial in range(TRIALS):
        target = 1 - current
        dump, files, _ = trees[target]
        point, kind = rng.choice(STEPS), rng.choice(KINDS)
        nth = rng.randint(1, 40) if point.startswith("stage.") else 1
        allowed = (trees[current][2], trees[target][2])
        if kind == "SIGKILL":
            env = {**os.environ, "PYTHONPATH": str(REPO)}
            proc = subprocess.run([sys.executable, "-c", KILLER, str(dump), str(out), point, str(nth)],
                                  env=env, capture_output=True, text=True, timeout=300)
            assert proc.returncode in (-9, 0), proc.stderr
            tally["killed"] += 1
            if hashes_of(out) not in allowed:  # killed between the exchanges: only with the journal
                tally["mixed_with_journal" if (out / JOURNAL).exists() else "mixed_without_journal"] += 1
        else:
            try:
                with faults.armed(point, _raise_at(nth, getattr(errno, kind))):
                    write_tree(out, files)
            except FilesystemError:
                pass
            except Exception:  # what the CLI would call an internal error
                tally["internal_errors"] += 1
            tally["returned"] += 1
            tally["mixed_after_return"] += hashes_of(out) not in allowed
            tally["leftovers_after_return"] += bool(leftovers(out))
        # the next write, with no fault, repairs whatever was left and writes the target version
        write_tree(out, files)
        assert hashes_of(out) == trees[target][2], f"trial {trial}: {point} {kind}"
        assert leftovers(out) == [], f"trial {trial}: {point} {kind}"
        tally["repaired"] += 1
        current = target
    print(f"seed {SEED}, {MODELS} models, {TRIALS} trials: {tally}")
    assert tally["mixed_after_return"] == tally["mixed_without_journal"] == 0, tally
    assert tally["leftovers_after_return"] == tally["internal_errors"] == 0, tally
    assert tally["returned"] and tally["killed"], tally  # the seed exercises both kinds
