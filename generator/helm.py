"""Lint and render charts with Helm's own engine, exactly as Argo CD's repo-server would."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import helm_python

from generator.findings import Finding, Severity
from generator.tgz import gzip_tar


@dataclass(frozen=True)
class Release:
    """How an Application installs a chart: path, release name, namespace, value files."""

    chart: Path
    name: str
    namespace: str
    value_files: tuple[str, ...] = ("values.yaml",)


@dataclass(frozen=True)
class Rendered:
    release: Release
    manifests: dict[str, str]  # template path → rendered YAML


# Helm names the template in its errors: "parse error at (demo/templates/workload.yaml:13): ..."
# and "execution error at (demo/templates/workload.yaml:14:27): ...". The first part is the chart name.
_AT = re.compile(r"\(([^()\s:/]+)/([^()\s:]+):(\d+)(?::(\d+))?\)")


def locate(chart: Path, message: str, default: str) -> tuple[str, int, int]:
    """(file, line, column) of the template a Helm error message names, else ``(default, 0, 0)``."""
    m = _AT.search(message)
    if m is None:
        return default, 0, 0
    return f"{chart}/{m.group(2)}", int(m.group(3)), int(m.group(4) or 0)


def lint(release: Release, kube_version: str) -> list[Finding]:
    """``helm lint --strict`` findings (infos dropped), at the template and line Helm names."""
    report = helm_python.lint(str(release.chart), strict=True, namespace=release.namespace,
                              kube_version=f"v{kube_version}.0")
    findings = []
    seen = set()
    for msg in report.get("messages", []):
        if msg.get("severity", 0) >= 2:
            text = msg.get("error", "")
            seen.add(text)
            file, line, column = locate(release.chart, text, f"{release.chart}/{msg.get('path', '')}")
            findings.append(Finding(file=file, line=line, column=column, path="", message=text, rule="helm-lint",
                                    severity=Severity.ERROR if msg["severity"] >= 3 else Severity.WARNING))
    for err in report.get("errors", []):
        if str(err) in seen:
            continue  # the same error already reported through its message
        file, line, column = locate(release.chart, str(err), str(release.chart))
        findings.append(Finding(file=file, line=line, column=column, path="", message=str(err), rule="helm-lint"))
    return findings


def render(release: Release) -> Rendered:
    """Render ``release`` offline with its value files merged in order (later files win)."""
    chart = helm_python.Chart.load(str(release.chart))
    return _render(chart, release, lambda name: (release.chart / name).read_text(encoding="utf-8"))


def _render(chart: helm_python.Chart, release: Release, text_of: Callable[[str], str]) -> Rendered:
    """Render ``chart`` with the release's value files (``text_of`` reads one) merged in order."""
    values: dict[str, object] = {}
    for name in release.value_files:
        if name == "values.yaml":
            continue  # the chart's own defaults; Helm applies them anyway
        values = _merge(values, helm_python.values_from_yaml(text_of(name)))
    manifests = chart.render(values or None, name=release.name, namespace=release.namespace,
                             is_install=True)
    return Rendered(release, dict(sorted(manifests.items())))


def render_prechecked(release: Release, files: Mapping[str, bytes]) -> Rendered:
    """:func:`render` from the chart's files already in memory, without Helm's values.schema.json check.

    For a caller that has just checked the same values against the same schema itself
    (validate/chartcheck.py, once per chart) and runs ``helm lint`` per chart shape, which
    checks the values with Helm's own validator: compiling the schema again on every render
    cost ~1.6 ms of a ~3.2 ms render. When Helm's directory loader would not take ``files``
    as they are (a .helmignore rule or the hidden-template default matches one of them),
    this is :func:`render`, reading the directory the way Helm does.
    """
    if not _loaded_as_read(files):
        return render(release)
    kept = {rel: data for rel, data in files.items() if rel != "values.schema.json"}
    chart = helm_python.Chart.load_archive(gzip_tar(kept, release.chart.name))
    return _render(chart, release, lambda name: files[name].decode("utf-8"))


# Rules Helm's LoadDir applies before it reads a file (helm/helm v4.2.4, pkg/chart/v2/loader/
# directory.go LoadDir; pkg/ignore/rules.go AddDefaults, parseRule, Ignore): .helmignore lines,
# then the default that hides dotfiles directly under templates/.
_DEFAULT_IGNORE = ("templates/.?*",)
_UNSURE = ("!", "[", "\\", "**")  # negation, classes, escapes, double star: leave the matching to Helm
_PLAIN_RULES = re.compile(rb"(?:[\x20-\x7e\t]*\r?\n)*[\x20-\x7e\t]*")
# The archive loader splits names on "\\" too, and refuses ones that start with ".." or look like
# "c:/" (helm v4.2.4, pkg/chart/loader/archive/archive.go, LoadArchiveFiles); names that are
# not this plain go to the directory loader
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.+@=,~-]+(?:/[A-Za-z0-9_.+@=,~-]+)*")


def _loaded_as_read(files: Mapping[str, bytes]) -> bool:
    """True when Helm's archive loader takes ``files`` exactly as its directory loader would:
    plain names only, and no ignore rule that can match any file or directory. Over-matching
    is safe: it only takes the slower path."""
    if not all(_PLAIN_NAME.fullmatch(rel) and not rel.startswith("..") for rel in files):
        return False  # the archive loader refuses or re-splits some names the directory loader takes
    ignored = _ignore_matcher(files.get(".helmignore", b""))
    if ignored is None:
        return False
    paths: set[str] = set()
    for rel in files:
        parts = rel.split("/")
        paths.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return not any(ignored(path) or ignored(path.rsplit("/", 1)[-1]) for path in paths)


@lru_cache(maxsize=64)
def _ignore_matcher(helmignore: bytes) -> Callable[[str], object] | None:
    """One regexp for every rule (matched against a path and against its base name), or None
    when a rule needs Helm's own reading: anything but printable ASCII (a BOM, line breaks
    other than LF and CRLF), a line Go's scanner would refuse, or glob syntax fnmatch reads
    differently."""
    if not _PLAIN_RULES.fullmatch(helmignore) or any(len(line) > 60_000 for line in helmignore.split(b"\n")):
        return None
    rules = [line.strip() for line in helmignore.decode("ascii").split("\n")]
    rules = [r for r in rules if r and not r.startswith("#")]
    if any(u in r for r in rules for u in _UNSURE):
        return None
    return re.compile("|".join(fnmatch.translate(r.strip("/")) for r in (*rules, *_DEFAULT_IGNORE))).match


def _merge(base: dict[str, object], extra: dict[str, object]) -> dict[str, object]:
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        out[key] = _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out
