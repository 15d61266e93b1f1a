"""``package`` and ``serve`` report catalog errors like every other command: findings, exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.cli import main


@pytest.mark.parametrize("command", [["package", "--all"], ["serve", "some-model"]])
def test_catalog_error_exits_2(command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "catalog.yaml"
    bad.write_text("models: 3\n")
    monkeypatch.setattr(sys, "argv", ["infergen", *command, "--catalog", str(bad)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 2, err
    assert "catalog.yaml:" in err and "Traceback" not in err
