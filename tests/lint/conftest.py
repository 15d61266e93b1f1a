"""Shared fixtures: the lint cases, and the upstream CRD copies beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import bench_path

CASES = Path(__file__).parent / "cases"


@pytest.fixture(scope="session")
def crds() -> Path:
    """``../shared/crds`` (or ``$INFERGEN_SHARED_CRDS``): the independent upstream copies."""
    return bench_path("yaml", what="the upstream CRD copies").parent
