"""Validate a generated tree: Helm lint + render as Argo CD would, then schemas and rules.

Every chart is rendered, parsed and checked (values schema, strict Kubernetes and CRD
schemas, policy rules); ``helm lint --strict`` runs once per distinct chart shape (see
shapes.py). Large catalogs are spread over worker processes: the work is Python-bound
(YAML parsing), so threads would not use the second core.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from generator import helm
from generator import spec as s
from generator.console import progress
from generator.findings import Finding, Severity
from generator.lint import LintConfig
from generator.lint.rules.crossref_objects import repeats
from generator.spec import storage_chart_name
from generator.validate.appcheck import check_apps
from generator.validate.chartcheck import ChartResult, check_chart, check_job, lint_job
from generator.validate.resultcache import ResultCache, chart_digest, config_digest
from generator.validate.workers import Workers

T = TypeVar("T")
PROGRESS_MIN = 20


@dataclass(frozen=True)
class Options:
    """Command-line choices; ``kube_version`` None means each model's cluster version."""

    kube_version: str | None = None
    schema_locations: tuple[str, ...] = ()
    crds: tuple[str, ...] = ()
    ignore_missing_schemas: bool = False
    workers: int = 0  # 0: one per core
    lint_all: bool = False  # helm lint every chart, not one per shape (see shapes.py)
    progress: bool = True  # a progress bar on stderr for large catalogs, when stderr is a TTY
    disabled: frozenset[str] = frozenset()  # rule ids not to run or report (--disable)
    environment: str | None = None  # only this environment's releases and apps/<environment>/


@dataclass(frozen=True)
class Result:
    findings: list[Finding]
    documents: int


def releases(catalog: s.Catalog, root: Path) -> list[tuple[helm.Release, s.Model | None]]:
    """Every release the Applications install: one per model, one per storage chart."""
    if catalog.environments:
        return [(r, m) for _env, r, m in environment_releases(catalog, root)]
    out: list[tuple[helm.Release, s.Model | None]] = [
        (helm.Release(root / "charts" / m.name, m.name, m.namespace), m) for m in catalog.models]
    for namespace in sorted({c.namespace for c in catalog.claims if c.create}):
        name = storage_chart_name(namespace)
        out.append((helm.Release(root / "charts" / name, name, namespace), None))
    return out


def environment_releases(catalog: s.Catalog, root: Path, only_env: str | None = None,
                         ) -> list[tuple[s.Environment, helm.Release, s.Model | None]]:
    """Each environment's releases: the model's chart with ``values-<env>.yaml`` in its namespace there."""
    out: list[tuple[s.Environment, helm.Release, s.Model | None]] = []
    for env in catalog.environments:
        if only_env is not None and env.name != only_env:
            continue
        files = ("values.yaml", f"values-{env.name}.yaml")
        out.extend((env, helm.Release(root / "charts" / m.name, m.name, m.namespace, files), m)
                   for m in env.catalog.models)
        pairs = {(b.namespace, e.namespace) for b, e in zip(catalog.claims, env.catalog.claims, strict=True)
                 if b.create}
        for base_ns, env_ns in sorted(pairs):
            name = storage_chart_name(base_ns)
            out.append((env, helm.Release(root / "charts" / name, name, env_ns), None))
    return out


def lint_config(model: s.Model | None, catalog: s.Catalog, options: Options,
                external: frozenset[str] | None = None) -> LintConfig:
    """The rule-engine configuration for a model's cluster."""
    cluster = model.cluster if model else (catalog.models[0].cluster if catalog.models else s.Cluster())
    return LintConfig(
        kube_version=options.kube_version or cluster.kubernetes_version,
        schema_locations=(*catalog.validation.schema_locations, *options.schema_locations),
        crds=(*catalog.validation.crds, *options.crds),
        ignore_missing_schemas=options.ignore_missing_schemas or catalog.validation.ignore_missing_schemas,
        knative_features=frozenset(cluster.knative.flags),
        knative_max_revision_timeout=cluster.knative.max_revision_timeout_seconds,
        knative_allow_zero_initial_scale=cluster.knative.allow_zero_initial_scale,
        releases=cluster.releases(),
        claim_modes=tuple((f"{c.namespace}/{c.name}", c.access_modes) for c in catalog.claims),
        external=external if external is not None else external_refs(catalog),
        disabled=options.disabled,
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


def _written(contents: dict[str, dict[str, bytes]], listed: dict[str, dict[str, bool]], chart: str,
             ) -> dict[str, bytes] | None:
    """The chart's files as the caller wrote them, when its directory holds exactly those and no symlink."""
    files = contents.get(chart)
    on_disk = listed.get(chart, {})
    if files is None or on_disk.keys() != files.keys() or any(on_disk.values()):
        return None  # not written by the caller, beside files of the user's, or a link: read from disk
    return files


def validate_tree(catalog: s.Catalog, root: Path, options: Options,
                  only: Iterable[str] | None = None, contents: dict[str, str] | None = None,
                  cache: ResultCache | None = None, digests: dict[str, bytes] | None = None,
                  workers: Workers | None = None, listing: dict[str, bool] | None = None) -> Result:
    """Findings for the charts and Applications under ``root``: all, or those of the ``only`` names.

    ``contents`` (path relative to ``root`` → text) saves reading back files the caller has
    just written: a chart is checked from them when ``listing`` (every file under ``root``,
    True for a symlink) shows its directory holds those files, no others and no symlink.
    ``digests`` (path relative to ``root`` → SHA-256 of the file) spares reading files the
    caller has just read. ``cache``
    supplies and collects results by content (the caller saves it once the results are known
    to be wanted); ``workers`` is the caller's pool (perhaps started early), else one of this
    call's own.
    """
    wanted = frozenset(only) if only is not None else None
    external = external_refs(catalog)
    scoped = release_configs(catalog, root, options, external)
    todo = [(r, c) for _env, r, c in scoped if wanted is None or r.name in wanted]
    scopes = [e for e, r, _c in scoped if wanted is None or r.name in wanted]
    cache = cache if cache is not None else ResultCache(None)
    config_keys: dict[LintConfig, str] = {}
    for _release, config in todo:
        if config not in config_keys:
            config_keys[config] = config_digest(config)
    by_text = _by_chart(contents)
    # each chart to check encoded once, for its cache key and for its check
    by_chart = {name: {rel: text.encode() for rel, text in by_text[name].items()}
                for name in dict.fromkeys(r.chart.name for r, _c in todo) if name in by_text}
    by_digest = _by_chart(digests)
    # without a cache (--no-cache) no key is wanted: reading every chart for one would be waste
    keys = [chart_digest(r.chart, f"{config_keys[c]}|{r.namespace}|{','.join(r.value_files)}",
                         by_chart.get(r.chart.name) if contents is not None else None,
                         by_digest.get(r.chart.name) if digests is not None else None)
            if cache.path is not None and r.chart.is_dir() else "" for r, c in todo]
    results: list[ChartResult | None] = [cache.get(k) if k else None for k in keys]
    missing = [i for i, r in enumerate(results) if r is None]
    listed = _by_chart(listing) if listing is not None else {}
    jobs = [(todo[i][0], todo[i][1], root, _written(by_chart, listed, todo[i][0].chart.name)) for i in missing]
    apps_config = lint_config(None, catalog, options, external)
    own = workers is None
    workers = Workers(options.workers) if workers is None else workers
    parallel = workers.parallel(len(jobs))
    try:
        bar = options.progress and len(jobs) >= PROGRESS_MIN
        if not parallel:
            fresh = list(progress((check_chart(*j) for j in jobs), len(jobs), "validating charts", enabled=bar))
            apps = check_apps(catalog, root, apps_config, wanted, options.environment)
        else:
            apps_future = workers.submit(check_apps, catalog, root, apps_config, wanted, options.environment)
            # chunks small enough that the last ones end together, large enough to spare messages
            mapped = workers.map(check_job, jobs, max(1, min(16, len(jobs) // (8 * workers.count))))
            fresh = list(progress(mapped, len(jobs), "validating charts", enabled=bar))
            apps = apps_future.result()
        for i, result in zip(missing, fresh, strict=True):
            results[i] = result
            if keys[i]:
                cache.put(keys[i], result)
        done = [r for r in results if r is not None]
        linted = _helm_lint(todo, done, keys, options.lint_all, root, cache, workers if parallel else None)
    finally:
        if own:
            workers.close()
    linted = [f for f in linted if f.rule not in options.disabled]
    findings: list[Finding] = [*catalog.warnings, *apps[0]]
    # a template error shows up in both lint and render: report it once, as lint does
    lint_failed = {f.file.split("/")[1] for f in linted
                   if f.severity is Severity.ERROR and f.file.startswith("charts/")}
    for result in done:
        findings.extend(f for f in result.findings if not (f.rule == "helm-render" and result.name in lint_failed))
    findings.extend(linted)
    for scope in dict.fromkeys(scopes):  # resources collide only within one cluster
        findings.extend(_duplicates([r for r, e in zip(done, scopes, strict=True) if e == scope]))
    documents = sum(r.documents for r in done) + apps[1]
    # the stages' own rules (helm-*, chart-missing, ...) are dropped here; the engine skips its own
    return Result(sorted({f for f in findings if f.rule not in options.disabled}, key=_order), documents)


def release_configs(catalog: s.Catalog, root: Path, options: Options, external: frozenset[str],
            ) -> list[tuple[str, helm.Release, LintConfig]]:
    """(environment, release, rule configuration) for every release to check."""
    if not catalog.environments:
        return [("", r, lint_config(m, catalog, options, external)) for r, m in releases(catalog, root)]
    out = []
    configs: dict[str, tuple[s.Catalog, frozenset[str]]] = {}
    for env, release, model in environment_releases(catalog, root, options.environment):
        if env.name not in configs:
            configs[env.name] = (env.catalog, external_refs(env.catalog))
        env_catalog, env_external = configs[env.name]
        out.append((env.name, release, lint_config(model, env_catalog, options, env_external)))
    return out


def _by_chart(contents: dict[str, T] | None) -> dict[str, dict[str, T]]:
    """``charts/<name>/<rel>`` → ``{name: {rel: text}}``."""
    out: dict[str, dict[str, T]] = {}
    for path, text in (contents or {}).items():
        top, _, rest = path.partition("/")
        if top == "charts":
            name, _, rel = rest.partition("/")
            out.setdefault(name, {})[rel] = text
    return out


def _helm_lint(todo: list[tuple[helm.Release, LintConfig]], results: list[ChartResult], keys: list[str],
               lint_all: bool, root: Path, cache: ResultCache, workers: Workers | None) -> list[Finding]:
    """``helm lint --strict`` on one chart per shape (every chart with ``lint_all``), shared with the
    workers if any."""
    seen: set[str] = set()
    out: list[Finding] = []
    pending: list[tuple[helm.Release, str, str]] = []
    for (release, config), result, key in zip(todo, results, keys, strict=True):
        if not result.shape or (result.shape in seen and not lint_all):
            continue
        seen.add(result.shape)
        cached = cache.lint(f"lint:{key}") if key else None
        if cached is not None:
            out.extend(cached)
            continue
        pending.append((release, config.kube_version, key))
    jobs = [(release, kube) for release, kube, _key in pending]
    reports = workers.map(lint_job, jobs, 1) if workers is not None else (lint_job(job) for job in jobs)
    for (release, _kube, key), report in zip(pending, reports, strict=True):
        rel = release.chart.relative_to(root).as_posix()
        found = [replace(f, file=f.file.replace(str(release.chart), rel)) for f in report]
        if key:
            cache.put_lint(f"lint:{key}", found)
        out.extend(found)
    return out


def _duplicates(results: list[ChartResult]) -> list[Finding]:
    """Two charts creating the same kind/namespace/name would fight over it in the cluster
    (within one chart the duplicate-resource rule itself reports it)."""
    entries = (((kind, ns, name), (result.name, file, line, f"{kind}/{ns}/{name}"))
               for result in results for kind, ns, name, file, line in result.resources)
    return [Finding(file=file, line=line, column=1, path="metadata.name", rule="duplicate-resource",
                    resource=resource, message=f"also created by chart {owner} ({first_file})",
                    hint="names must be unique per kind and namespace: rename one")
            for (owner, first_file, _, _), (chart, file, line, resource) in repeats(entries) if chart != owner]


def _order(f: Finding) -> tuple[str, int, int, str, str]:
    return (f.file, f.line, f.column, f.rule, f.message)
