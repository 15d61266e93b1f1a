"""Reuse a model's chart and Application when neither their inputs nor the files on disk changed.

Both are a pure function of the model, the catalog-wide settings and infergen's own code
and templates. ``.infergen-cache/charts.json`` (never committed) records, per model, a
digest of those inputs and a digest of the files that were written. They are reused only
when both still match, so a hand-edited file or a new infergen version always means a
fresh render; a missing or corrupt cache only costs time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from generator import __version__
from generator import spec as s
from generator.linker import files_under

CACHE_DIR = Path(".infergen-cache")  # never committed: .gitignore lists it
CACHE = CACHE_DIR / "charts.json"
_CODE = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """infergen's version, code and templates: any change re-renders everything."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in _CODE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_CODE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def settings_digest(catalog: s.Catalog) -> str:
    """infergen's code plus every catalog-wide setting: computed once per run, not per model."""
    settings = dataclasses.replace(catalog, models=(), warnings=())
    return hashlib.sha256(repr((code_digest(), settings)).encode()).hexdigest()


def inputs_digest(model: s.Model, settings: str) -> str:
    """Everything a chart and its Application depend on; the model's position in the file is left out."""
    text = repr((settings, dataclasses.replace(model, location=s.Location("", 0, 0))))
    return hashlib.sha256(text.encode()).hexdigest()


def files_digest(files: dict[str, str], app: str = "") -> str:
    digest = hashlib.sha256(app.encode() + b"\0")
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path].encode() + b"\0")
    return digest.hexdigest()


def read_tree(base: str) -> dict[str, str] | None:
    """Every file under ``base`` by relative path, or None if one is unreadable or not UTF-8."""
    files: dict[str, str] = {}
    try:
        for rel, path in files_under(base):
            with open(path, encoding="utf-8") as fh:
                files[rel] = fh.read()
    except (OSError, UnicodeDecodeError):
        return None
    return files


class ChartCache:
    """Per-chart input and output digests under ``root``."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE
        self.root = root
        try:
            self.entries: dict[str, list[str]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.fresh: dict[str, list[str]] = {}
        self.reused: set[str] = set()  # paths relative to root taken from disk unchanged

    def lookup(self, name: str, inputs: str) -> tuple[dict[str, str], str] | None:
        """The chart's files and its Application as on disk, if they are what these inputs render to."""
        entry = self.entries.get(name)
        if not entry or entry[0] != inputs:
            return None
        files = read_tree(f"{self.root}/charts/{name}")
        try:
            with open(f"{self.root}/apps/{name}.yaml", encoding="utf-8") as fh:
                app = fh.read()
        except (OSError, UnicodeDecodeError):
            return None
        if files is None or files_digest(files, app) != entry[1]:
            return None
        self.reused.update(f"charts/{name}/{rel}" for rel in files)
        self.reused.add(f"apps/{name}.yaml")
        return dict(sorted(files.items())), app

    def record(self, name: str, inputs: str, files: dict[str, str], app: str = "") -> None:
        self.fresh[name] = [inputs, files_digest(files, app)]

    def save(self) -> None:
        """Write the digests of the charts just generated (best effort)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self.fresh, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass
