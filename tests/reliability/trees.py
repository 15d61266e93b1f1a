"""Helpers shared by the reliability tests: hashing output trees, building catalogs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def tree_hash(root: Path, only: tuple[str, ...] | None = None) -> str:
    """One digest over every path, file mode and content under ``root`` (or its ``only`` children).

    The lock record is left out: every run that takes the lock rewrites it with its pid and the
    second it began, refused runs too, so hashing it made before/after comparisons flaky.
    """
    digest = hashlib.sha256()
    bases = [root / o for o in only] if only else [root]
    for base in bases:
        if not base.exists():
            digest.update(f"missing {base.name}\n".encode())
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            rel = Path(dirpath).relative_to(root).as_posix()
            digest.update(f"d {rel}\n".encode())
            for name in sorted(filenames):
                if name == ".infergen.lock":
                    continue
                full = Path(dirpath) / name
                digest.update(f"f {rel}/{name} {full.stat().st_mode:o}\n".encode())
                digest.update(full.read_bytes())
    return digest.hexdigest()


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` as a real subprocess, with this checkout on the path."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    full_env.pop("INFERGEN_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=cwd or REPO)


def catalog(models: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A catalog around ``models``."""
    return {"version": 1, "argocd": {"project": "ml", "repoURL": "https://git.example.com/ml.git"},
            **extra, "models": models}


def model(name: str, **fields: Any) -> dict[str, Any]:
    """A small valid deployment model; ``fields`` override."""
    entry: dict[str, Any] = {
        "name": name, "namespace": "ml", "serving": "deployment",
        "image": {"repository": "registry.example.com/demo", "tag": "1.0.0"},
        "ports": [{"name": "http", "port": 8000}],
        "probes": {"readiness": {"path": "/health", "port": "http"}},
        "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
    }
    entry.update(fields)
    return entry
