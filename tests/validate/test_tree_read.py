"""Reading a generated tree once (generator/filedigest.py): symlinked directories are followed as
Helm's loader follows them, but a loop is cut, and an unreadable file never matches a stored key."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from generator.filedigest import digest_tree, walk
from generator.output import stamp
from generator.validate.shapes import read_chart


@pytest.fixture
def deadline():
    """Fail, instead of hanging, if a walk does not end."""
    def stop(*_args: object) -> None:
        raise TimeoutError("the walk did not end")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_loops_are_cut_and_shared_directories_still_read(tmp_path: Path, deadline: None) -> None:
    chart = tmp_path / "charts" / "x"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("name: x\n")
    (chart / "templates" / "a.yaml").write_text("a: 1\n")
    (tmp_path / "charts" / "a").symlink_to(".")
    (tmp_path / "charts" / "b").symlink_to(".")
    (chart / "templates" / "up").symlink_to("..")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "s.yaml").write_text("s: 1\n")
    (chart / "linked").symlink_to("../../shared")
    assert sorted(read_chart(chart)) == ["Chart.yaml", "linked/s.yaml", "templates/a.yaml"]
    found = {rel: linked for rel, _path, linked in walk(str(tmp_path / "charts"))}
    assert found == {"x/Chart.yaml": False, "x/templates/a.yaml": False, "x/linked/s.yaml": True}
    assert stamp.read_tree(tmp_path).keys() == {"charts/x/Chart.yaml", "charts/x/templates/a.yaml",
                                                "charts/x/linked/s.yaml"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_never_repeats_its_digest(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("x: 1\n")
    (tmp_path / "secret.yaml").chmod(0)
    first, second = (digest_tree(str(tmp_path), "", b"M")["secret.yaml"] for _ in range(2))
    assert first.sha256 != second.sha256 and not first.marked


def test_an_unlistable_directory_is_an_entry_that_fails_where_it_is_read(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f.yaml").write_text("f: 1\n")
    real = os.scandir

    def scandir(path: str):  # what an unreadable directory does for a user who is not root
        if str(path).endswith("/sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert [rel for rel, _path, _linked in walk(str(tmp_path))] == ["sub"]
    with pytest.raises(OSError):
        read_chart(tmp_path)
