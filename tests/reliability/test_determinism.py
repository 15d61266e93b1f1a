"""Byte-identical output whatever the hash seed, with nothing machine- or time-specific in it."""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import socket
from pathlib import Path

import pytest
import yaml

from tests.reliability.trees import REPO, run_cli, tree_hash

RUNS = 10
DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d([T ][0-2]\d:[0-5]\d)?|\b[0-2]\d:[0-5]\d:[0-5]\d\b")


def example_catalog(tmp: Path) -> Path:
    """The repository's example catalog, without the CRD path that only resolves inside the repo."""
    data = yaml.safe_load((REPO / "catalog.yaml").read_text(encoding="utf-8"))
    data.pop("validation", None)
    path = tmp / "catalog" / "catalog.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.slow
def test_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    cat = example_catalog(tmp_path)
    hashes = set()
    outs = []
    for seed in range(RUNS):
        out = tmp_path / f"out-{seed}"
        # alternate how the catalog is named: relative to the cwd, or absolute from elsewhere
        args = ["-c", "catalog.yaml"] if seed % 2 else ["-c", str(cat)]
        proc = run_cli("generate", *args, "--out", str(out), "--no-validate", "-q",
                       env={"PYTHONHASHSEED": str(seed * 7919 + 1)}, cwd=cat.parent if seed % 2 else REPO)
        assert proc.returncode == 0, proc.stderr
        hashes.add(tree_hash(out, ("charts", "apps")))
        outs.append(out)
    assert len(hashes) == 1, f"{len(hashes)} different outputs from {RUNS} runs"
    scan_for_leaks(outs[0], tmp_path)


def scan_for_leaks(out: Path, tmp: Path) -> None:
    forbidden = {str(tmp), str(REPO), str(Path.home())}
    names = {socket.gethostname(), getpass.getuser()}
    with contextlib.suppress(OSError):
        names.add(os.getlogin())
    # very short or generic names ("root", "ci") also occur as ordinary words in manifests
    words = {n for n in names if n and len(n) >= 5 and n not in {"runner", "model", "admin"}}
    # the lock record names its holder (host, command) on purpose; it is never committed (.gitignore)
    files = [p for p in out.rglob("*") if p.is_file() and p.name != ".infergen.lock"]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(out)
        for bad in forbidden:
            assert bad not in text, f"{rel} contains the path {bad}"
        for word in words:
            found = re.search(rf"\b{re.escape(word)}\b", text)
            assert not found, f"{rel} contains the host or user name {word}"
        match = DATE.search(text)
        assert match is None, f"{rel} contains a timestamp-like {match.group(0)!r}"
