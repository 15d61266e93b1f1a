"""Build ``<out>/<model>/model-store/<archive>`` and ``<out>/<model>/config/config.properties``.

Uses torch-model-archiver's Python API (``ModelExportUtils``) in-process rather than its
CLI: the CLI's ``copy_artifacts`` stages every input under the fixed path
``$TMPDIR/<model-name>`` (two concurrent builds of one model clobber each other) and
copies the weights once before archiving them (2x the I/O on a 3 GB file). We stage
symlinks in a private directory instead, take MANIFEST.json from the archiver, and write
the archive in its layout with archive.py, which makes it byte-reproducible.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.report import quantity
from generator.spec import Model
from generator.torchserve import archive
from generator.torchserve import config as cfg
from generator.torchserve.artefacts import Artefact, describe, watch_progress
from generator.torchserve.errors import TorchServeError
from generator.torchserve.paths import resolve, resolve_handler

# Above this much input, ``auto`` stores instead of deflating: weights barely compress
# (measured in bench/RESULTS.md) and deflate runs at a fraction of disk speed.
AUTO_STORE_THRESHOLD = 256 * 1024 * 1024
FORMATS = ("auto", "default", "zip-store", "no-archive", "tgz")
_SKIP = {"__MACOSX", "__pycache__"}  # directories the archiver leaves out


@dataclass(frozen=True)
class Packaged:
    model: str
    archive_format: str
    archive: Artefact
    config: Artefact

    @property
    def model_store(self) -> Path:
        return self.archive.path.parent


def resolve_format(requested: str, input_bytes: int) -> str:
    """``auto``: deflated zip for small inputs, stored (uncompressed) zip for big ones."""
    if requested not in FORMATS:
        raise ValueError(f"unknown archive format {requested!r}; choose from {', '.join(FORMATS)}")
    if requested != "auto":
        return requested
    return "zip-store" if input_bytes > AUTO_STORE_THRESHOLD else "default"


def _stage(src: Path, dst_dir: Path) -> int:
    """Symlink ``src`` (a file, or a directory's contents) into ``dst_dir``; return bytes staged."""
    total = 0
    files = [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file())
    for f in files:
        rel = Path(f.name) if f == src else f.relative_to(src)
        if any(part.startswith(".") or part in _SKIP for part in rel.parts):
            continue  # as the archiver's own filter, and keeps .gitattributes out of the .mar
        target = dst_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(f.resolve())
        total += f.stat().st_size
    return total


def package(model: Model, out: Path, archive_format: str | None = None,
            echo: Callable[[str], None] = print) -> Packaged:
    """Archive one model with torch-model-archiver and write its KServe config.properties."""
    # serving extra only; the archiver ships no type information
    from model_archiver.model_archiver_config import (  # type: ignore[import-untyped,unused-ignore]
        ModelArchiverConfig,
    )
    from model_archiver.model_packaging_utils import (  # type: ignore[import-untyped,unused-ignore]
        ModelExportUtils,
    )

    ts = model.torchserve
    if ts is None:
        raise TorchServeError(model.name, "has no torchserve block")
    handler = resolve_handler(model, ts.handler)
    inputs: list[tuple[str, Path]] = []
    for field, value in (("modelFile", ts.model_file), ("serializedFile", ts.serialized_file),
                         ("requirements", ts.requirements)):
        if value:
            inputs.append((field, resolve(model, value, field)))
    inputs += [("extraFiles", resolve(model, v, "extraFiles")) for v in ts.extra_files]
    if handler.path:
        inputs.append(("handler", handler.path))

    size = sum(_tree_size(p) for _, p in inputs)
    fmt = resolve_format(archive_format or ts.archive_format, size)
    root = out / model.name
    store, conf_dir = root / "model-store", root / "config"
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".stage-", dir=root) as tmp:
        staging, export = Path(tmp) / "model", Path(tmp) / "export"
        staging.mkdir()
        export.mkdir()
        for _, path in inputs:
            _stage(path, staging)
        serialized = ts.serialized_file and dict(inputs).get("serializedFile")
        manifest = ModelExportUtils.generate_manifest_json(ModelArchiverConfig(
            model_name=model.name,
            handler=handler.name,
            version=ts.version,
            # a directory of weights is packed as-is; the manifest names only a single file
            serialized_file=str(serialized) if serialized and serialized.is_file() else None,
            model_file=ts.model_file and str(dict(inputs)["modelFile"]),
            requirements_file=ts.requirements and str(dict(inputs)["requirements"]),
            export_path=str(export),
            archive_format=fmt,  # its Literal omits zip-store, which archive() supports
        ))
        unpacked = sum(path.stat().st_size for _, path in archive.entries(staging)) + len(manifest)
        check_unpacked(model, unpacked)
        name = cfg.mar_name(model.name, fmt)
        with watch_progress(export / name, size, f"{model.name}: archiving ({fmt})"):
            archive.write(fmt, staging, export / name, model.name, manifest)
        # swap in the finished archive only: a failed run leaves the previous build intact
        if store.exists():
            shutil.rmtree(store)
        store.mkdir()
        (export / name).rename(store / name)
    conf_dir.mkdir(exist_ok=True)
    conf = conf_dir / "config.properties"
    conf.write_text(cfg.kserve_config(model, fmt))
    result = Packaged(model.name, fmt, describe(store / name), describe(conf))
    for art in (result.archive, result.config):
        echo(f"{art.path}  {art.size} bytes  sha256:{art.sha256}")
    echo(f"{model.name}: {unpacked} bytes unpacked (kserve.unpackedSize sizes the TEMP emptyDir from it)")
    return result


def check_unpacked(model: Model, unpacked: int) -> None:
    """The declared ``kserve.unpackedSize`` must hold the archive, or TEMP overflows in the pod."""
    declared = model.kserve.unpacked_size if model.kserve else None
    if declared and quantity(declared) < unpacked:
        raise TorchServeError(model.name, f"kserve.unpackedSize: {declared} is less than the archive unpacked "
                                          f"({unpacked} bytes); set it to at least {-(-unpacked // 2**20)}Mi")


def _tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
