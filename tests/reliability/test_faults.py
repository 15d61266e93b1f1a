"""The fault suite: a fault at every step of a write leaves one whole tree, no leftovers, a clear message.

Faults are injected deterministically at the writer's named points (generator/output/faults.py):
``OSError(ENOSPC / EACCES / EPERM)`` raised in-process, and SIGKILL in a real subprocess. Real
permission faults (an immutable directory; a directory not writable by a non-root user) are in
test_permissions.py. After each fault: exit 2 with the path, the step and a hint (never
"internal error"), charts/ and apps/ one complete version with matching generation stamps,
nothing left behind; or, after a kill, the next run repairs and says so.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.output import faults, stamp, swap
from generator.output.fserror import FilesystemError
from generator.output.write import JOURNAL, write_tree
from tests.reliability.faultkit import Versions, assert_whole, cli, hashes_of, leftovers, make_versions

BEFORE_COMMIT = ("stage.create", "stage.write", "stage.remove", "commit.journal",
                 "commit.exchange.charts", "commit.exchange.apps")
ERRNOS = (errno.ENOSPC, errno.EACCES, errno.EPERM)


pytestmark = pytest.mark.xdist_group("fault-points")  # one worker, in order: see the last test

REACHED: Counter[str] = Counter()  # faults.reach calls per point, over this module's tests
RAN: set[str] = set()


@pytest.fixture(autouse=True)
def _count_reached(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    real = faults.reach

    def counting(name: str, path: object = "") -> None:
        REACHED[name] += 1
        real(name, path)

    monkeypatch.setattr(faults, "reach", counting)
    RAN.add(request.node.nodeid)


def killed_at(point: str, proc: subprocess.CompletedProcess[str]) -> None:
    """A subprocess armed to SIGKILL itself at ``point`` died so: the point was reached."""
    assert proc.returncode == -9, proc.stderr
    REACHED[point] += 1


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    return make_versions(tmp_path_factory.mktemp("versions"))


@pytest.fixture
def out(tmp_path: Path, versions: Versions, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An output directory holding v1; the working directory is v2's catalog."""
    target = tmp_path / "out"
    assert run(versions.old.parent, "generate", "--out", str(target))[0] == 0
    assert_whole(target, versions.old_hash)
    monkeypatch.chdir(versions.new.parent)
    yield target


def run(cwd: Path, *args: str) -> tuple[int, str]:
    """``infergen ARGS`` in this process (so armed faults apply): (exit code, stderr)."""
    err = io.StringIO()
    saved = os.getcwd()
    os.chdir(cwd)
    sys.argv = ["infergen", *args[:1], "-c", "catalog.yaml", *args[1:], "--no-validate", "-q"]
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        os.chdir(saved)
    return code, err.getvalue()


def assert_user_error(code: int, err: str, out: Path) -> None:
    assert code == 2, err
    assert "internal error" not in err and "Traceback" not in err
    assert str(out) in err and "(hint: " in err  # the path, and what to do about it


@pytest.mark.parametrize("code", ERRNOS, ids=[errno.errorcode[c] for c in ERRNOS])
@pytest.mark.parametrize("point", BEFORE_COMMIT)
def test_oserror_before_the_commit_completes_leaves_the_old_tree(out: Path, versions: Versions, point: str,
                                                                   code: int) -> None:
    with faults.armed(point, faults.oserror(code)):
        status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert_user_error(status, err, out)
    assert "charts/ and apps/ are unchanged" in err
    assert_whole(out, versions.old_hash)
    assert leftovers(out) == []
    # nothing to repair: the next run writes v2 and reports no recovery
    status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert status == 0 and "infergen: " not in err, err
    assert_whole(out, versions.new_hash)


def test_fault_between_the_exchanges_rolls_back(out: Path, versions: Versions) -> None:
    """charts/ was already exchanged when apps/ failed: the command undoes it before it returns."""
    seen: list[tuple[str, str]] = []

    def record_then_fail(name: str, path: str) -> None:
        seen.append(hashes_of(out))
        raise OSError(errno.ENOSPC, "No space left on device", path)

    with faults.armed("commit.exchange.apps", record_then_fail):
        status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert seen == [(versions.new_hash[0], versions.old_hash[1])]  # the fault hit the mixed instant
    assert_user_error(status, err, out)
    assert f"{out / 'apps'}: replacing apps/ with the new tree" in err
    assert_whole(out, versions.old_hash)
    assert leftovers(out) == []


def test_failed_rollback_keeps_the_journal_and_the_next_run_repairs(out: Path, versions: Versions) -> None:
    with faults.armed("commit.exchange.apps", faults.oserror(errno.ENOSPC)), \
            faults.armed("commit.rollback", faults.oserror(errno.EIO)):
        status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert_user_error(status, err, out)
    assert "until the next `infergen generate` completes the write" in err
    assert hashes_of(out) == (versions.new_hash[0], versions.old_hash[1])
    assert (out / JOURNAL).exists()
    found = stamp.check(out)
    assert any("mixed tree" in f.message for f in found)
    assert all("interrupted write" in (f.hint or "") for f in found)
    status, err = run(versions.old.parent, "generate", "--out", str(out))  # any catalog: repair first
    assert status == 0 and "infergen: completed a write of charts/ and apps/" in err, err
    assert_whole(out, versions.old_hash)
    assert leftovers(out) == []


@pytest.mark.parametrize("point", ["commit.journal.remove", "commit.cleanup"])
def test_fault_after_both_exchanges_keeps_the_new_tree(out: Path, versions: Versions, point: str) -> None:
    with faults.armed(point, faults.oserror(errno.EACCES)):
        status, err = run(versions.new.parent, "generate", "--out", str(out))
    if point == "commit.journal.remove":
        assert_user_error(status, err, out)
        assert "hold the new tree" in err
        assert hashes_of(out) == versions.new_hash
        assert [f.file for f in stamp.check(out)] == [JOURNAL]  # whole, with the journal still to remove
    else:
        assert_whole(out, versions.new_hash)
        assert status == 0, err  # the stage is removed on a retry; a real leftover: reported by the next run
    status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert status == 0, err
    assert_whole(out, versions.new_hash)
    assert leftovers(out) == []


KILL_POINTS = ("stage.write", "commit.journal", "commit.exchange.charts", "commit.exchange.apps",
               "commit.journal.remove", "commit.cleanup")


@pytest.mark.parametrize("point", KILL_POINTS)
def test_sigkill_at_each_step_is_repaired_by_the_next_run(out: Path, versions: Versions, point: str) -> None:
    killed = cli("generate", "-c", "catalog.yaml", "--out", str(out), "--no-validate", "-q",
                 cwd=versions.new.parent, arm=point)
    killed_at(point, killed)
    state = hashes_of(out)
    if point == "commit.exchange.apps":  # killed exactly between the two exchanges
        assert state == (versions.new_hash[0], versions.old_hash[1])
        assert (out / JOURNAL).exists()
        assert any("mixed tree" in f.message for f in stamp.check(out))
    else:  # one whole version; a journal left by the kill is the only finding
        assert state in (versions.old_hash, versions.new_hash)
        assert [f.file for f in stamp.check(out)] == ([JOURNAL] if (out / JOURNAL).exists() else [])
    left = leftovers(out)
    check = cli("generate", "-c", "catalog.yaml", "--out", str(out), "--check", cwd=versions.new.parent)
    assert check.returncode in (0, 1) and "internal error" not in check.stderr
    assert leftovers(out) == left, "generate --check removed or wrote something"
    repaired = cli("generate", "-c", "catalog.yaml", "--out", str(out), "--no-validate", "-q",
                   cwd=versions.new.parent)
    assert repaired.returncode == 0, repaired.stderr
    if left:
        assert "infergen: " in repaired.stderr  # the repair is reported
    assert_whole(out, versions.new_hash)
    assert leftovers(out) == []


def test_write_tree_api_repairs_too(tmp_path: Path, versions: Versions) -> None:
    """The library entry point runs the same recovery under the lock."""
    out = tmp_path / "out"
    write_tree(out, {"apps/a.yaml": "v: 1\n", "charts/a/x": "v: 1\n"})
    with faults.armed("commit.exchange.apps", faults.oserror(errno.ENOSPC)), \
            faults.armed("commit.rollback", faults.oserror(errno.EIO)), pytest.raises(FilesystemError):
        write_tree(out, {"apps/a.yaml": "v: 2\n", "charts/a/x": "v: 2\n"})
    assert (out / "charts/a/x").read_text() == "v: 2\n" and (out / "apps/a.yaml").read_text() == "v: 1\n"
    result = write_tree(out, {"apps/a.yaml": "v: 2\n", "charts/a/x": "v: 2\n"})
    assert not result.changed  # rolled forward by recovery: nothing left to write
    assert (out / "apps/a.yaml").read_text() == "v: 2\n"
    assert leftovers(out) == []


def test_a_stale_stage_that_cannot_be_removed(out: Path, versions: Versions) -> None:
    stale = out / ".infergen-stage-999999"
    (stale / "charts").mkdir(parents=True)
    with faults.armed("recover.cleanup", faults.oserror(errno.EACCES)):
        status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert_user_error(status, err, out)
    assert f"{stale}: removing a staging directory left by an interrupted run" in err
    assert "charts/ and apps/ are unchanged" in err
    assert_whole(out, versions.old_hash)
    status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert status == 0 and f"infergen: removed {stale.name}/, left by an interrupted run" in err, err
    assert_whole(out, versions.new_hash)
    assert leftovers(out) == []


def test_a_discard_that_fails_once_still_leaves_nothing(out: Path, versions: Versions) -> None:
    """Nothing changed, so the stage is discarded: a fault there is retried, not left behind."""
    with faults.armed("discard", faults.oserror(errno.EBUSY)):
        status, err = run(versions.old.parent, "generate", "--out", str(out))
    assert status == 0, err
    assert_whole(out, versions.old_hash)
    assert leftovers(out) == []


def test_a_recovery_that_completes_then_fails_does_not_say_unchanged(out: Path, versions: Versions) -> None:
    """Recovery rolled an interrupted write forward, then could not remove a stale stage: the message says
    the tree was completed (it changed), not that charts/ and apps/ are unchanged."""
    with faults.armed("commit.exchange.apps", faults.ENOSPC), \
            faults.armed("commit.rollback", faults.oserror(errno.EIO)):
        assert run(versions.new.parent, "generate", "--out", str(out))[0] == 2
    assert hashes_of(out) == (versions.new_hash[0], versions.old_hash[1])  # mixed, with the journal
    with faults.armed("recover.cleanup", faults.oserror(errno.EACCES)):
        status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert_user_error(status, err, out)
    assert "removing a staging directory left by an interrupted run" in err
    assert "unchanged" not in err and "charts/ and apps/ now hold the tree that run was writing" in err
    assert_whole(out, versions.new_hash)  # what the message says
    status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert status == 0, err
    assert_whole(out, versions.new_hash)
    assert leftovers(out) == []


@pytest.fixture
def renames(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a filesystem without RENAME_EXCHANGE: every commit exchange is the three-rename fallback."""
    monkeypatch.setattr(swap, "_FN", None)


def _fail_at(nth: int, code: int) -> faults.Hook:
    hits: list[str] = []

    def hook(_name: str, path: str) -> None:
        hits.append(path)
        if len(hits) == nth:
            raise OSError(code, os.strerror(code), path)

    return hook


FALLBACK_POINTS = ("swap.fallback.aside", "swap.fallback.placed")


@pytest.mark.usefixtures("renames")
@pytest.mark.parametrize("root", ["charts", "apps"])
@pytest.mark.parametrize("point", FALLBACK_POINTS)
def test_a_failing_rename_fallback_leaves_the_old_tree(out: Path, versions: Versions, point: str,
                                                       root: str) -> None:
    """The second or third rename of the fallback fails (for charts/, or for apps/ after charts/ was
    replaced): the fallback undoes its renames, the commit rolls back, and the old tree is whole."""
    with faults.armed(point, _fail_at(1 if root == "charts" else 2, errno.ENOSPC)):
        status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert_user_error(status, err, out)
    assert f"{out / root}: replacing {root}/ with the new tree" in err
    assert "charts/ and apps/ are unchanged. Nothing was left behind." in err
    assert_whole(out, versions.old_hash)
    assert leftovers(out) == []


@pytest.mark.usefixtures("renames")
@pytest.mark.parametrize("point", FALLBACK_POINTS)
def test_a_fallback_whose_undo_fails_is_kept_for_the_next_run(out: Path, versions: Versions, point: str) -> None:
    """Neither the rename nor its undo worked: the old tree may sit in the stage, so the stage and the
    journal stay, the message says the write is pending, and the next run completes it."""
    with faults.armed(point, _fail_at(1, errno.ENOSPC)), faults.armed("swap.fallback.undo", faults.ENOSPC):
        status, err = run(versions.new.parent, "generate", "--out", str(out))
    assert_user_error(status, err, out)
    assert "unchanged" not in err and "until the next `infergen generate` completes the write" in err
    assert (out / JOURNAL).exists()
    assert stamp.check(out) != []  # the mixed or incomplete tree is reported meanwhile
    status, err = run(versions.old.parent, "generate", "--out", str(out))  # any catalog: repair first
    assert status == 0 and "infergen: completed a write of charts/ and apps/" in err, err
    assert_whole(out, versions.old_hash)
    assert leftovers(out) == []


@pytest.mark.parametrize("point", FALLBACK_POINTS)
def test_sigkill_between_the_fallback_renames_is_repaired(out: Path, versions: Versions, point: str) -> None:
    killed = cli("generate", "-c", "catalog.yaml", "--out", str(out), "--no-validate", "-q",
                 cwd=versions.new.parent, arm=point, fallback=True)
    killed_at(point, killed)
    assert (out / JOURNAL).exists()
    if point == "swap.fallback.aside":  # killed with charts/ renamed aside: it is missing, never half-filled
        assert not (out / "charts").exists()
    else:
        assert hashes_of(out) == (versions.new_hash[0], versions.old_hash[1])
    assert stamp.check(out) != []
    left = leftovers(out)
    check = cli("generate", "-c", "catalog.yaml", "--out", str(out), "--check", cwd=versions.new.parent)
    assert check.returncode == 1 and "internal error" not in check.stderr, check.stderr
    assert leftovers(out) == left, "generate --check removed or wrote something"
    repaired = cli("generate", "-c", "catalog.yaml", "--out", str(out), "--no-validate", "-q",
                   cwd=versions.new.parent, fallback=True)
    assert repaired.returncode == 0, repaired.stderr
    assert "infergen: completed a write of charts/ and apps/" in repaired.stderr
    assert_whole(out, versions.new_hash)
    assert leftovers(out) == []


def test_every_fault_point_is_exercised(request: pytest.FixtureRequest) -> None:
    """Every point in POINTS was reached by the tests above: an armed point never reached tests nothing.

    Counted by ``_count_reached`` in this process, and by the kill tests for their subprocess (a
    SIGKILL return code proves the armed point was reached). It runs last in this module, whose
    tests share one xdist worker; skipped when only part of the module was selected.
    """
    mine = [item for item in request.session.items if item.path == request.path]
    functions = {name for name in dir(request.module) if name.startswith("test_")}
    others = {item.nodeid for item in mine} - {request.node.nodeid}
    if {getattr(item, "originalname", "") for item in mine} != functions or not others <= RAN:
        pytest.skip("only part of this module ran here")
    assert [p for p in faults.POINTS if REACHED[p] == 0] == [], "fault points no test reached"
