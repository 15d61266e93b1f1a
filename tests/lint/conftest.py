"""Shared fixtures: the CRDs in ``shared/crds`` beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"


def shared_crds() -> Path:
    """``$INFERGEN_SHARED_CRDS`` or ``<repo>/../shared/crds`` (never copied into the repo)."""
    env = os.environ.get("INFERGEN_SHARED_CRDS")
    return Path(env) if env else REPO.parent / "shared" / "crds"


@pytest.fixture(scope="session")
def crds() -> Path:
    path = shared_crds()
    if not (path / "yaml").is_dir():
        pytest.skip(f"shared CRDs not found at {path} (set INFERGEN_SHARED_CRDS)")
    return path
