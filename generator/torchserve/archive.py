"""Write a model archive in torch-model-archiver's layout, byte for byte reproducibly.

The archiver's own ``ModelExportUtils.archive`` stamps every entry with the file's mtime
and the manifest with the wall clock, and orders entries as the file system lists them,
so two builds of the same inputs differ. This writes the same layout (zip: files at the
root and ``MAR-INF/MANIFEST.json`` last; tgz: all under ``<model>/``; no-archive: a
directory) with entries sorted, one fixed timestamp (``SOURCE_DATE_EPOCH``, else
1980-01-01, the zip epoch) and fixed permissions. The manifest itself still comes from
the archiver; only its ``createdOn`` is pinned to the same timestamp.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import tarfile
import time
import zipfile
from pathlib import Path

MANIFEST = "MAR-INF/MANIFEST.json"
_ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can hold


def build_time() -> int:
    """Seconds since the epoch to stamp on everything: ``SOURCE_DATE_EPOCH`` or the zip epoch."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return max(int(value), _ZIP_EPOCH) if value.isdigit() else _ZIP_EPOCH


def pin_manifest(manifest: str, stamp: int) -> str:
    """The archiver's manifest with ``createdOn`` set to ``stamp`` in its own format."""
    data = json.loads(manifest)
    data["createdOn"] = time.strftime("%d/%m/%Y %H:%M:%S", time.gmtime(stamp))
    return json.dumps(data, indent=2)


def entries(staging: Path) -> list[tuple[str, Path]]:
    """(archive name, file) for every file under ``staging``, sorted (package._stage filtered them)."""
    found = []
    for root, _dirs, files in os.walk(staging, followlinks=True):
        for name in files:
            path = Path(root) / name
            found.append((path.relative_to(staging).as_posix(), path))
    return sorted(found)


def write(fmt: str, staging: Path, target: Path, model: str, manifest: str) -> None:
    """Write ``target`` (a .mar, .tar.gz or directory) from ``staging`` and ``manifest``."""
    stamp = build_time()
    manifest_bytes = pin_manifest(manifest, stamp).encode()
    files = entries(staging)
    if fmt == "no-archive":
        for name, path in files:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / name)
        (target / MANIFEST).parent.mkdir(parents=True, exist_ok=True)
        (target / MANIFEST).write_bytes(manifest_bytes)
    elif fmt == "tgz":
        _tgz(target, model, files, manifest_bytes, stamp)
    else:
        _zip(target, fmt, files, manifest_bytes, stamp)


def _zip(target: Path, fmt: str, files: list[tuple[str, Path]], manifest: bytes, stamp: int) -> None:
    method = zipfile.ZIP_STORED if fmt == "zip-store" else zipfile.ZIP_DEFLATED
    when = time.gmtime(stamp)[:6]
    with zipfile.ZipFile(target, "w", method, allowZip64=True) as z:
        for name, path in [*files, (MANIFEST, None)]:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = method
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # unix, whatever system builds it
            if path is None:
                z.writestr(info, manifest)
                continue
            info.file_size = path.stat().st_size
            with path.open("rb") as src, z.open(info, "w", force_zip64=info.file_size > 0x7FFF0000) as dst:
                shutil.copyfileobj(src, dst, 8 * 1024 * 1024)


def _tgz(target: Path, model: str, files: list[tuple[str, Path]], manifest: bytes, stamp: int) -> None:
    def info(name: str, size: int) -> tarfile.TarInfo:
        entry = tarfile.TarInfo(f"{model}/{name}")
        entry.size, entry.mtime, entry.mode = size, stamp, 0o644
        entry.uid = entry.gid = 0
        entry.uname = entry.gname = ""
        return entry

    # gzip's own header carries a timestamp and file name too: pin both
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=stamp) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, path in files:
            with path.open("rb") as src:
                tar.addfile(info(name, path.stat().st_size), src)
        tar.addfile(info(MANIFEST, len(manifest)), io.BytesIO(manifest))

