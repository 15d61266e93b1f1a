"""The CLI's last-resort OSError handling: a closed pipe is quiet, a network error gets a network hint."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import urllib.error

import pytest

from generator import cli as cli_module
from tests.reliability.trees import REPO


@pytest.mark.parametrize("args", [["completion", "bash"], ["--help"]], ids=["command-output", "help"])
def test_a_reader_that_closes_the_pipe_ends_the_command_quietly(args: list[str]) -> None:
    """`infergen ... | head`: stdout is a pipe whose reader has gone, so the first write fails with EPIPE.

    Exit 141, not click's own quiet exit 1, which a script could not tell from a failed check.
    """
    read_end, write_end = os.pipe()
    os.close(read_end)  # deterministic: every write to write_end now fails
    code = f"import sys; from generator.cli import main; sys.argv = ['infergen', *{args!r}]; main()"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("INFERGEN_DEBUG", None)
    try:
        proc = subprocess.run([sys.executable, "-c", code], stdout=write_end, stderr=subprocess.PIPE, text=True,
                              env=env, timeout=120, check=False)
    finally:
        os.close(write_end)
    assert proc.returncode == 141, proc.stderr  # 128 + SIGPIPE, as a shell reports for `cat` cut off by head
    assert proc.stderr == ""  # no hint, no traceback, no "Exception ignored"


def _fail_with(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    def raiser(*_args: object, **_kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(cli_module.cli, "main", raiser)


@pytest.mark.parametrize("exc", [
    urllib.error.URLError(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")),
    ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"),
    TimeoutError("timed out"),
], ids=["URLError", "ConnectionResetError", "TimeoutError"])
def test_a_network_error_gets_a_network_hint(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                             exc: OSError) -> None:
    _fail_with(monkeypatch, exc)
    with pytest.raises(SystemExit) as end:
        cli_module.main()
    err = capsys.readouterr().err
    assert end.value.code == 2
    assert "network error" in err and "(hint: check the network connection" in err
    assert "writable" not in err and "space" not in err and "Traceback" not in err


def test_a_filesystem_errno_keeps_the_filesystem_hint(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    _fail_with(monkeypatch, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(SystemExit) as end:
        cli_module.main()
    err = capsys.readouterr().err
    assert end.value.code == 2 and "is writable and its filesystem has space" in err


def test_another_oserror_gets_no_filesystem_hint(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _fail_with(monkeypatch, OSError(errno.EPROTO, os.strerror(errno.EPROTO)))
    with pytest.raises(SystemExit) as end:
        cli_module.main()
    err = capsys.readouterr().err
    assert end.value.code == 2 and "(hint: fix the cause, then run again)" in err and "writable" not in err
