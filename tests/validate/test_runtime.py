"""The command line and each validation worker collect cycles less often (generator/runtime.py)."""

from __future__ import annotations

import gc
import sys

import pytest

from generator import cli, runtime


def test_tune_raises_only_the_first_threshold() -> None:
    before = gc.get_threshold()
    try:
        runtime.tune()
        assert gc.get_threshold() == (runtime.FIRST_GENERATION, *before[1:])
        assert 100 * before[0] < runtime.FIRST_GENERATION or before[0] == runtime.FIRST_GENERATION
    finally:
        gc.set_threshold(*before)


def test_the_command_line_applies_it(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[str] = []
    monkeypatch.setattr(runtime, "tune", lambda: calls.append("tuned"))
    monkeypatch.setattr(sys, "argv", ["infergen", "--version"])
    cli.main()
    assert calls == ["tuned"] and "infergen" in capsys.readouterr().out
