"""Reliability suite settings."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers this mark; also known when xdist is disabled (-p no:xdist), so no warning
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker, in order")
