"""Validate a generated tree: Helm lint + render as Argo CD would, then schemas and rules.

Charts are linted and rendered on a thread pool: the Helm SDK is Go behind ctypes, which
releases the GIL, so two cores render two charts at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import helm_python

from generator import spec as s
from generator.console import progress
from generator.findings import Finding, Severity
from generator.lint import Document, LintConfig, Linter, parse_text
from generator.lint.documents import LintInputError
from generator.stages import charts as helm
from generator.stages.appcheck import check_apps
from generator.stages.apps import storage_chart_name


PROGRESS_MIN = 20  # charts; smaller catalogs validate in a few seconds


@dataclass(frozen=True)
class Options:
    """Command-line choices; ``kube_version`` None means each model's cluster version."""

    kube_version: str | None = None
    schema_locations: tuple[str, ...] = ()
    crds: tuple[str, ...] = ()
    ignore_missing_schemas: bool = False
    workers: int = 0  # 0: one per core
    progress: bool = True  # a progress bar on stderr for large catalogs, when stderr is a TTY


@dataclass(frozen=True)
class Result:
    findings: list[Finding]
    documents: int


def releases(catalog: s.Catalog, root: Path) -> list[tuple[helm.Release, s.Model | None]]:
    """Every release the Applications install: one per model, one per storage chart."""
    out: list[tuple[helm.Release, s.Model | None]] = [
        (helm.Release(root / "charts" / m.name, m.name, m.namespace), m) for m in catalog.models]
    for namespace in sorted({c.namespace for c in catalog.claims if c.create}):
        name = storage_chart_name(namespace)
        out.append((helm.Release(root / "charts" / name, name, namespace), None))
    return out


def validate_tree(catalog: s.Catalog, root: Path, options: Options,
                  only: Iterable[str] | None = None) -> Result:
    """Findings for the charts (all, or the ``only`` chart names) and the Applications under ``root``."""
    wanted = set(only) if only is not None else None
    todo = [(r, m) for r, m in releases(catalog, root) if wanted is None or r.name in wanted]
    findings: list[Finding] = list(catalog.warnings)
    groups: dict[LintConfig, list[Document]] = {}
    workers = options.workers or min(4, max(1, len(todo)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(lambda rm: _chart(rm[0], rm[1], catalog, options, root), todo)
        bar = options.progress and len(todo) >= PROGRESS_MIN
        for release_findings, docs, config in progress(results, len(todo), "validating charts", enabled=bar):
            findings.extend(release_findings)
            groups.setdefault(config, []).extend(docs)
    documents = sum(len(d) for d in groups.values())
    for config, docs in groups.items():
        findings.extend(Linter(config).lint(docs))
    app_findings, app_docs = check_apps(catalog, root, _config(None, catalog, options))
    findings.extend(app_findings)
    return Result(sorted(set(findings), key=_order), documents + app_docs)


def _order(f: Finding) -> tuple[str, int, int, str, str]:
    return (f.file, f.line, f.column, f.rule, f.message)


def _config(model: s.Model | None, catalog: s.Catalog, options: Options) -> LintConfig:
    cluster = model.cluster if model else (catalog.models[0].cluster if catalog.models else s.Cluster())
    return LintConfig(
        kube_version=options.kube_version or cluster.kubernetes_version,
        schema_locations=(*catalog.validation.schema_locations, *options.schema_locations),
        crds=(*catalog.validation.crds, *options.crds),
        ignore_missing_schemas=options.ignore_missing_schemas or catalog.validation.ignore_missing_schemas,
        knative_features=frozenset(cluster.knative.flags),
        knative_max_revision_timeout=cluster.knative.max_revision_timeout_seconds,
        knative_allow_zero_initial_scale=cluster.knative.allow_zero_initial_scale,
        external=external_refs(catalog),
    )


def external_refs(catalog: s.Catalog) -> frozenset[str]:
    """Resources the catalog references but never creates: Secrets, reused claims, TLS certs."""
    refs = {f"PersistentVolumeClaim/{c.namespace}/{c.name}" for c in catalog.claims}
    for model in catalog.models:
        ns = model.namespace
        refs.update(f"Secret/{ns}/{e.secret.name}" for e in model.env if e.secret)
        refs.update(f"ConfigMap/{ns}/{e.config_map.name}" for e in model.env if e.config_map)
        if model.ingress and model.ingress.tls:
            refs.add(f"Secret/{ns}/{model.ingress.tls.secret_name}")
        if model.kong:
            refs.update(f"Secret/{ns}/{c.credential_secret}" for c in model.kong.consumers)
        if model.kserve and model.kserve.s3:
            refs.add(f"Secret/{ns}/{model.kserve.s3.secret_name}")
        if model.image:
            refs.update(f"Secret/{ns}/{n}" for n in model.image.pull_secrets)
    return frozenset(sorted(refs))


def _chart(release: helm.Release, model: s.Model | None, catalog: s.Catalog, options: Options,
           root: Path) -> tuple[list[Finding], list[Document], LintConfig]:
    config = _config(model, catalog, options)
    rel = release.chart.relative_to(root).as_posix()
    if not (release.chart / "Chart.yaml").is_file():
        return [Finding(file=rel, line=0, column=0, path="", rule="chart-missing",
                        message=f"chart {rel} is missing", hint="run infergen generate")], [], config
    findings = [replace(f, file=f.file.replace(str(release.chart), rel)) for f in helm.lint(release,
                                                                                           config.kube_version)]
    if any(f.severity is Severity.ERROR for f in findings):
        return findings, [], config  # lint already rendered and reported the template error
    try:
        rendered = helm.render(release)
    except helm_python.HelmError as exc:
        findings.append(Finding(file=rel, line=0, column=0, path="", rule="helm-render", message=str(exc)))
        return findings, [], config
    docs: list[Document] = []
    for template, text in rendered.manifests.items():
        if not template.endswith((".yaml", ".yml")) or not text.strip():
            continue
        file = f"charts/{template}"
        try:
            docs.extend(parse_text(text, file))
        except LintInputError as exc:
            findings.append(Finding(file=file, line=0, column=0, path="", rule="helm-render", message=str(exc)))
    return findings, docs, config
