"""Commands as pipelines of stages: load → generate → validate → write or check → report."""

from __future__ import annotations

from pathlib import Path

import click

from generator.catalog import load_catalog
from generator.errors import CatalogError
from generator.findings import Finding, Severity, has_errors
from generator.lint.report import render, summarize
from generator.output import stamp
from generator.output.check import diff_tree
from generator.output.write import ROOTS, Writer, WriteResult
from generator.render.cache import CACHE_DIR, ChartCache
from generator.render.generate import generate
from generator.spec import Catalog
from generator.validate.admission import to_catalog
from generator.validate.modechange import mode_changes
from generator.validate.resultcache import ResultCache
from generator.validate.tree import Options, validate_tree


def output_dir(catalog: Path, out: Path | None) -> Path:
    return out if out is not None else (catalog.parent if str(catalog.parent) else Path("."))


def run_generate(catalog_path: Path, out: Path | None, *, check: bool, validate: bool, quiet: bool,
                 verbose: bool, options: Options | None = None, lock_timeout: float = 60.0) -> int:
    """``infergen generate``; returns the exit code."""
    root = output_dir(catalog_path, out)
    catalog = load_catalog(catalog_path)
    if check:
        # --check always renders from scratch: it must not trust anything on disk
        return _check(catalog, root, generate(catalog).files, quiet)
    _warn(catalog.warnings, quiet)
    # the lock is taken before rendering: the writer stages the current tree meanwhile
    with Writer(root, lock_timeout) as writer:
        for note in writer.recovered:
            click.echo(f"infergen: {note}", err=True)
        changes = mode_changes(catalog, root)
        if any(f.severity is Severity.ERROR for f in changes):
            writer.discard()
            click.echo(render("text", changes, summarize(changes, 0)), err=True, nl=False)
            click.echo("nothing was written", err=True)
            return 1
        _warn(tuple(changes), quiet)
        cache = ChartCache(root)
        output = generate(catalog, cache)
        results = ResultCache(root / CACHE_DIR)
        result = writer.stage_files(output.files, on_disk=frozenset(cache.reused))
        if validate:
            errors = _validate_stage(catalog, writer.stage, result, output.files, results,
                                     options or Options(progress=not quiet))
            mapped = to_catalog(errors, catalog, catalog_path)
            if mapped:  # the control plane would reject what the catalog asks for: a catalog error
                writer.discard()
                raise CatalogError(mapped)
            if errors:
                writer.discard()
                click.echo(render("text", errors, summarize(errors, 0)), err=True, nl=False)
                click.echo("the generated charts are invalid; nothing was written (--no-validate writes anyway)",
                           err=True)
                return 1
        writer.commit()
        if not writer.atomic:
            click.echo(f"warning: {root} is on a filesystem without renameat2(RENAME_EXCHANGE): charts/ and apps/ "
                       "were each replaced with renames, so a reader could briefly find one missing", err=True)
        cache.save()
        results.save(keep_old=True)  # only now: a refused run leaves every file as it was
    if verbose:
        for path in result.written:
            click.echo(f"wrote   {path}", err=True)
        for path in result.removed:
            click.echo(f"removed {path}", err=True)
    if not quiet:
        click.echo(f"{len(catalog.models)} model(s): {len(result.written)} file(s) written, "
                   f"{len(result.removed)} removed, {result.unchanged} unchanged under "
                   f"{', '.join(str(root / r) + '/' for r in ROOTS)}", err=True)
    return 0


def _validate_stage(catalog: Catalog, stage: Path, result: WriteResult, files: dict[str, str],
                    results: ResultCache, options: Options) -> list[Finding]:
    """Errors in the staged tree; what did not change was validated when it was written."""
    # charts/<name>/... and apps/[<env>/]<name>.yaml → name
    changed = {(p.split("/")[1] if p.startswith("charts/") else p.rsplit("/", 1)[-1]).removesuffix(".yaml")
               for p in result.written}
    findings = validate_tree(catalog, stage, options, only=changed, contents=files, cache=results).findings
    return [f for f in findings if f.severity is Severity.ERROR]


def _check(catalog: Catalog, root: Path, files: dict[str, str], quiet: bool) -> int:
    """``generate --check``: 1 with unified diffs when the tree on disk is stale or not whole. Reads only."""
    diffs = diff_tree(root, files)
    broken = stamp.check(root)
    if diffs:
        click.echo("".join(diffs), nl=False)
    for finding in broken:
        click.echo(str(finding), err=True)
    if diffs:
        click.echo(f"{len(diffs)} generated file(s) differ from what {catalog.path} produces; "
                   "run `infergen generate` and commit the result", err=True)
    elif broken:
        click.echo("charts/ and apps/ are not one whole generation (see above)", err=True)
    if diffs or broken:
        return 1
    if not quiet:
        click.echo(f"charts/ and apps/ are up to date with {catalog.path}", err=True)
    return 0


def _warn(findings: tuple[Finding, ...], quiet: bool) -> None:
    if quiet:
        return
    for finding in findings:
        click.echo(str(finding), err=True)


def run_validate(catalog_path: Path, out: Path | None, options: Options, *, strict: bool, fmt: str,
                 use_cache: bool = True) -> int:
    """``infergen validate``; returns the exit code (0 clean, 1 findings)."""
    root = output_dir(catalog_path, out)
    try:
        catalog = load_catalog(catalog_path)
    except CatalogError as exc:
        if fmt == "text":
            raise
        # a CI that uploads the report gets a valid document whose findings say why
        click.echo(str(exc), err=True)
        click.echo(render(fmt, exc.findings, summarize(exc.findings, 0)), nl=False)
        return exc.exit_code
    if options.environment is not None and options.environment not in {e.name for e in catalog.environments}:
        raise click.UsageError(f"--env {options.environment}: the catalog declares "
                               f"{', '.join(e.name for e in catalog.environments) or 'no environments'}")
    results = ResultCache(root / CACHE_DIR if use_cache else None)
    result = validate_tree(catalog, root, options, cache=results)
    results.save(keep_old=False)
    findings = sorted([*stamp.check(root), *result.findings], key=lambda f: (f.file, f.line, f.column))
    click.echo(render(fmt, findings, summarize(findings, result.documents)), nl=False)
    return 1 if has_errors(findings, strict) else 0

