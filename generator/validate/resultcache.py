"""Remember chart validation results by content, like mypy's or ruff's caches.

A chart's findings are a pure function of its files, the lint configuration (target
version, CRD files and their contents, schema locations, cluster facts) and infergen's
own code. ``.infergen-cache/validated.json`` (never committed) maps a digest of all of
that to the result, so ``validate`` right after ``generate`` re-checks only what changed;
``--no-cache`` validates everything from scratch.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.findings import Finding, Severity
from generator.lint import LintConfig
from generator.lint.documents import discover
from generator.render.cache import code_digest
from generator.validate.chartcheck import ChartResult
from generator.validate.shapes import read_chart

FILE = "validated.json"


@lru_cache(maxsize=64)
def _files_digest(paths: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in discover(paths):
        digest.update(name.encode() + b"\0" + Path(name).read_bytes())
    return digest.hexdigest()


def config_digest(config: LintConfig) -> str:
    """Stable across runs (sets sorted, paths as text) and sensitive to CRD contents."""
    fields = {k: sorted(v) if isinstance(v, frozenset) else str(v) if isinstance(v, Path) else v
              for k, v in dataclasses.asdict(config).items()}
    fields["crd_contents"] = _files_digest(tuple(config.crds)) if config.crds else ""
    return hashlib.sha256(json.dumps([code_digest(), fields], sort_keys=True).encode()).hexdigest()


def chart_digest(chart: Path, config: str, contents: dict[str, bytes] | None = None,
                 digests: dict[str, bytes] | None = None) -> str:
    """Digest of a chart's files and ``config``: the files as ``digests`` (relative path → SHA-256
    of its bytes) or ``contents`` (relative path → bytes) give them, else as read from disk."""
    if digests is None:
        files = read_chart(chart) if contents is None else contents
        digests = {rel: hashlib.sha256(data).digest() for rel, data in files.items()}
    digest = hashlib.sha256(config.encode())
    for rel in sorted(digests):
        digest.update(rel.encode() + b"\0" + digests[rel] + b"\0")
    return digest.hexdigest()


def _finding(data: dict[str, Any]) -> Finding:
    return Finding(**{**data, "severity": Severity(data["severity"])})


def _result(data: dict[str, Any]) -> ChartResult:
    return ChartResult(name=data["name"], findings=tuple(_finding(f) for f in data["findings"]),
                       shape=data["shape"], resources=tuple(tuple(r) for r in data["resources"]),
                       documents=data["documents"])


class ResultCache:
    """Results by key; ``directory`` None disables caching."""

    def __init__(self, directory: Path | None) -> None:
        self.path = directory / FILE if directory is not None else None
        self.entries: dict[str, Any] = {}
        if self.path is not None:
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.entries = {}
        self.fresh: dict[str, Any] = {}

    def get(self, key: str) -> ChartResult | None:
        data = self.entries.get(key)
        if data is None or self.path is None:
            return None
        self.fresh[key] = data
        return _result(data)

    def put(self, key: str, result: ChartResult) -> None:
        self.fresh[key] = dataclasses.asdict(result)

    def lint(self, key: str) -> list[Finding] | None:
        data = self.entries.get(key)
        if data is None or self.path is None:
            return None
        self.fresh[key] = data
        return [_finding(f) for f in data]

    def put_lint(self, key: str, findings: list[Finding]) -> None:
        self.fresh[key] = [dataclasses.asdict(f) for f in findings]

    def save(self, keep_old: bool) -> None:
        """Write what this run used or produced (plus the old entries when it saw only part)."""
        if self.path is None:
            return
        entries = {**self.entries, **self.fresh} if keep_old else self.fresh
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only checkout only loses speed
