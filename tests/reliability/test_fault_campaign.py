"""The issue's fault scenario on a 300-model tree, with a fixed seed: random faults at random steps.

Each trial writes the other version of the tree over the last one and injects one fault, chosen
by a seeded RNG: ENOSPC, EACCES, EPERM or EIO raised at a writer step (at a random file for the
per-file steps), or a SIGKILL there in a real subprocess. Only steps, and hits of them, that the
write in that direction reaches are picked, and each trial asserts its fault landed. Tallied: mixed trees after a
returned write (must be 0), mixed trees after a kill without a journal (0), leftovers after a
returned write (0), anything but a FilesystemError (0, the CLI's "internal error"), and after
the repairing run: mixed trees and leftovers (0).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.catalog import load_catalog
from generator.output import faults
from generator.output.fserror import FilesystemError
from generator.output.write import JOURNAL, write_tree
from generator.render.generate import generate
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
from generator.output import faults
from generator.output.write import write_tree
files, out, point, nth = json.loads(Path(sys.argv[1]).read_text()), sys.argv[2], sys.argv[3], int(sys.argv[4])
hits = []
def hook(name, path):
    hits.append(path)
    if len(hits) == nth:
        faults.sigkill()
faults.arm(point, hook)
write_tree(Path(out), files)
"""


def _raise_at(nth: int, code: int, landed: list[str]) -> faults.Hook:
    """Raise at the ``nth`` hit, and note in ``landed`` the path it was raised for."""
    hits: list[str] = []

    def hook(_name: str, path: str) -> None:
        hits.append(path)
        if len(hits) == nth:
            landed.append(path)
            raise OSError(code, os.strerror(code), path)

    return hook


def _hits_per_direction(scratch: Path, trees: list[tuple[Path, dict[str, str], tuple[str, str]]]) -> list[Counter[str]]:
    """How often each step is reached when writing version ``i`` over the other one (index ``i``), with no fault.

    A trial then picks only a step, and a hit of it, that exists for its direction: writing v1
    over v2 removes nothing, so a fault armed at ``stage.remove`` there would never land.
    """
    out = scratch / "count"
    write_tree(out, trees[1][1])
    found: list[Counter[str]] = []
    for target in (0, 1):
        counts: Counter[str] = Counter()
        with contextlib.ExitStack() as stack:
            for step in STEPS:
                stack.enter_context(faults.armed(step, lambda name, _path, seen=counts: seen.update([name])))
            write_tree(out, trees[target][1])
        found.append(counts)
    shutil.rmtree(out)
    return found


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
             "leftovers_after_return": 0, "journal_kept_and_said": 0, "internal_errors": 0, "repaired": 0}
    hits = _hits_per_direction(scratch, trees)
    current = 0
    for trial in range(TRIALS):
        target = 1 - current
        dump, files, _ = trees[target]
        point, kind = rng.choice([s for s in STEPS if hits[target][s]]), rng.choice(KINDS)
        nth = rng.randint(1, min(40, hits[target][point]))
        allowed = (trees[current][2], trees[target][2])
        if kind == "SIGKILL":
            env = {**os.environ, "PYTHONPATH": str(REPO)}
            proc = subprocess.run([sys.executable, "-c", KILLER, str(dump), str(out), point, str(nth)],
                                  env=env, capture_output=True, text=True, timeout=300)
            assert proc.returncode == -9, f"trial {trial}: {point} hit {nth} was never reached: {proc.stderr}"
            tally["killed"] += 1
            if hashes_of(out) not in allowed:  # killed between the exchanges: only with the journal
                tally["mixed_with_journal" if (out / JOURNAL).exists() else "mixed_without_journal"] += 1
        else:
            landed: list[str] = []
            said = ""
            try:
                with faults.armed(point, _raise_at(nth, getattr(errno, kind), landed)):
                    write_tree(out, files)
            except FilesystemError as exc:
                said = str(exc)
            except Exception:  # what the CLI would call an internal error
                tally["internal_errors"] += 1
            assert landed, f"trial {trial}: {point} hit {nth} was never reached"  # every trial injects a fault
            tally["returned"] += 1
            tally["mixed_after_return"] += hashes_of(out) not in allowed
            left = leftovers(out)
            if point == "commit.journal.remove" and left == [JOURNAL] and "removes the journal" in said:
                tally["journal_kept_and_said"] += 1  # the fault was removing it: said, and the next run does
            else:
                tally["leftovers_after_return"] += bool(left)
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
