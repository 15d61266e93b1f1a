"""Fixtures for the TorchServe stage tests; helpers live in helpers.py."""

from tests.torchserve.helpers import handlers_dir

__all__ = ["handlers_dir"]
