"""Real permission faults, not injected ones: exit 2 with the path and a fix, the old tree intact, nothing left.

The suite runs as root, which ignores permission bits, so two real mechanisms are used:
an immutable directory (``chattr +i``: EPERM even for root) and a non-root user (``setpriv``
to ``nobody``) generating into a tree it owns with one directory made read-only (EACCES).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.faultkit import Versions, assert_whole, cli, leftovers, make_versions

NOBODY = 65534


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    return make_versions(tmp_path_factory.mktemp("versions"))


@pytest.fixture
def world(versions: Versions) -> Iterator[tuple[Path, Path]]:
    """(v2 catalog directory, output holding v1) in a directory ``nobody`` can reach."""
    base = Path(tempfile.mkdtemp(prefix="infergen-perm-", dir="/tmp"))
    try:
        os.chmod(base, 0o755)
        shutil.copytree(versions.new.parent, base / "catalog")
        out = base / "out"
        first = cli("generate", "-c", "catalog.yaml", "--out", str(out), "--no-validate", "-q",
                    cwd=versions.old.parent)
        assert first.returncode == 0, first.stderr
        yield base / "catalog", out
    finally:
        subprocess.run(["chattr", "-R", "-i", str(base)], capture_output=True, check=False)
        shutil.rmtree(base, ignore_errors=True)


def generate(catalog_dir: Path, out: Path, user: str = "") -> subprocess.CompletedProcess[str]:
    return cli("generate", "-c", "catalog.yaml", "--out", str(out), "--no-validate", "-q", cwd=catalog_dir,
               as_user=user)


def assert_refused(result: subprocess.CompletedProcess[str], path: Path, versions: Versions, out: Path) -> None:
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert f"{path}: " in result.stderr and "(hint: " in result.stderr
    assert "charts/ and apps/ are unchanged" in result.stderr
    assert_whole(out, versions.old_hash)
    assert leftovers(out) == []


@pytest.mark.parametrize("root", ["charts", "apps"])
def test_immutable_directory(world: tuple[Path, Path], versions: Versions, root: str) -> None:
    catalog_dir, out = world
    if os.geteuid() != 0 or subprocess.run(["chattr", "+i", str(out / root)], capture_output=True).returncode:
        pytest.skip("chattr +i needs root (CAP_LINUX_IMMUTABLE) on a filesystem with inode flags")
    result = generate(catalog_dir, out)
    assert_refused(result, out / root, versions, out)
    assert "lsattr" in result.stderr  # EPERM: the hint names the immutable flag
    subprocess.run(["chattr", "-i", str(out / root)], check=True)
    assert generate(catalog_dir, out).returncode == 0
    assert_whole(out, versions.new_hash)


@pytest.mark.parametrize("target", ["charts", "apps", "."])
def test_directory_not_writable_by_the_user(world: tuple[Path, Path], versions: Versions, target: str) -> None:
    catalog_dir, out = world
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run infergen as a non-root user")
    probe = cli("--version", cwd=catalog_dir, as_user=str(NOBODY))
    if probe.returncode != 0:
        pytest.skip(f"user {NOBODY} cannot run infergen from this checkout and venv: {probe.stderr.strip()[-200:]}")
    subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(out), str(catalog_dir)], check=True)
    path = (out / target).resolve()
    os.chmod(path, 0o555)
    result = generate(catalog_dir, out, user=str(NOBODY))
    assert_refused(result, path, versions, out)
    os.chmod(path, 0o755)
    again = generate(catalog_dir, out, user=str(NOBODY))
    assert again.returncode == 0, again.stderr
    assert_whole(out, versions.new_hash)
    assert leftovers(out) == []
