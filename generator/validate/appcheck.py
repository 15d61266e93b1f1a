"""Argo CD checks: Applications and AppProjects are schema-valid, point at real charts, and
only deploy where their project allows."""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Any

from generator import spec as s
from generator.findings import Finding
from generator.lint import Document, LintConfig, parse_text
from generator.lint.documents import LintInputError
from generator.validate.chartcheck import linter

ALWAYS = frozenset({"project", "root"})  # every Application is checked against the AppProjects


def check_apps(catalog: s.Catalog, root: Path, config: LintConfig,
               only: frozenset[str] | None = None, environment: str | None = None) -> tuple[list[Finding], int]:
    """(findings, documents checked) for ``root/apps`` (or only ``apps/[<env>/]<name>.yaml`` for ``only``,
    only ``apps/<environment>/`` for ``environment``)."""
    docs: list[Document] = []
    findings: list[Finding] = []
    base = root / "apps" / environment if environment else root / "apps"
    for path in sorted(base.rglob("*.yaml") if catalog.environments else base.glob("*.yaml")):
        if only is not None and path.stem not in only | ALWAYS:
            continue
        rel = path.relative_to(root).as_posix()
        try:
            docs.extend(parse_text(path.read_text(encoding="utf-8"), rel))
        except LintInputError as exc:
            findings.append(_finding(rel, 0, "", str(exc), "argocd-app", None))
    findings.extend(linter(config).lint(docs))
    projects = {d.obj["metadata"]["name"]: d.obj.get("spec", {}) for d in docs if d.kind == "AppProject"}
    resolved: dict[Path, Path] = {}
    for doc in docs:
        if doc.kind == "Application":
            findings.extend(_application(doc, projects, root, resolved))
    return findings, len(docs)


def _finding(file: str, line: int, path: str, message: str, rule: str, hint: str | None,
             resource: str | None = None) -> Finding:
    return Finding(file=file, line=line, column=1 if line else 0, path=path, message=message, rule=rule,
                   hint=hint, resource=resource)


def _application(doc: Document, projects: dict[str, Any], root: Path, resolved: dict[Path, Path]) -> list[Finding]:
    spec = doc.obj.get("spec", {})
    name = f"Application/{doc.obj['metadata'].get('namespace', '')}/{doc.name}"
    out: list[Finding] = []
    source = spec.get("source", {})
    chart_dir = root / source.get("path", "")
    if source.get("helm") is not None and not (chart_dir / "Chart.yaml").is_file():
        out.append(_finding(doc.file, doc.line, "spec.source.path", f"{source.get('path')} holds no Chart.yaml",
                            "argocd-source-path", "run infergen generate, or fix the path", name))
    if source.get("helm") is not None and (chart_dir / "Chart.yaml").is_file():
        out.extend(_value_files(doc, source, chart_dir, root, name, resolved))
    if source.get("directory") is not None and not chart_dir.is_dir():
        out.append(_finding(doc.file, doc.line, "spec.source.path", f"{source.get('path')} does not exist",
                            "argocd-source-path", "fix the path", name))
    project = projects.get(spec.get("project", ""))
    if project is None:
        out.append(_finding(doc.file, doc.line, "spec.project", f"AppProject {spec.get('project')!r} is not "
                            "defined in apps/", "argocd-project", "define it in apps/project.yaml", name))
        return out
    if source.get("repoURL") not in project.get("sourceRepos", []) and "*" not in project.get("sourceRepos", []):
        out.append(_finding(doc.file, doc.line, "spec.source.repoURL", "repository not in the project's "
                            "sourceRepos", "argocd-project", "add it to sourceRepos", name))
    dest = spec.get("destination", {})
    if not any(_allowed(dest, allowed) for allowed in project.get("destinations", [])):
        out.append(_finding(doc.file, doc.line, "spec.destination",
                            f"destination {dest.get('server')} namespace {dest.get('namespace')} is not allowed "
                            f"by AppProject {spec.get('project')}", "argocd-project",
                            "add the destination to the project", name))
    return out


def _value_files(doc: Document, source: dict[str, Any], chart_dir: Path, root: Path, name: str,
                 resolved: dict[Path, Path]) -> list[Finding]:
    """Argo CD resolves each helm.valueFiles entry against the chart directory (spec.source.path) and
    fails the sync when one is missing or leaves the repository (argo-cd reposerver/repository/
    repository.go, getResolvedValueFiles; util/io/path ResolveValueFilePathOrUrl, v3.5.0)."""
    out = []
    repo = _resolve(root, resolved)
    for i, value_file in enumerate(source["helm"].get("valueFiles") or []):
        path = _resolve(chart_dir / str(value_file), resolved)
        if not path.is_relative_to(repo):
            message = f"value file {value_file} resolves outside the repository"
        elif not path.is_file():
            message = f"value file {value_file} does not exist in {source.get('path')}"
        else:
            continue
        out.append(_finding(doc.file, doc.line, f"spec.source.helm.valueFiles[{i}]", message, "argocd-source-path",
                            "paths are relative to the chart directory; run infergen generate", name))
    return out


def _resolve(path: Path, resolved: dict[Path, Path]) -> Path:
    """``path.resolve()``, remembering each directory on the way for the rest of the check (every
    Application names the same root and charts/ again): a component that is a symlink, or '..',
    is resolved the long way."""
    if path in resolved:
        return resolved[path]
    if path.name in ("", ".", "..") or path.parent == path:
        out = path.resolve()
    else:
        target = _resolve(path.parent, resolved) / path.name
        out = target.resolve() if target.is_symlink() else target
    resolved[path] = out
    return out


def _allowed(dest: dict[str, Any], allowed: dict[str, Any]) -> bool:
    server_ok = fnmatch.fnmatchcase(dest.get("server", ""), allowed.get("server", "")) if "server" in allowed else (
        fnmatch.fnmatchcase(dest.get("name", ""), allowed.get("name", "")))
    return server_ok and fnmatch.fnmatchcase(dest.get("namespace", ""), allowed.get("namespace", ""))
