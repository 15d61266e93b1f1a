"""Commands as pipelines of stages: load → generate → validate → write or check → report."""

from __future__ import annotations

from pathlib import Path

import click

from generator.catalog import load_catalog
from generator.errors import CatalogError
from generator.findings import Finding, Severity, has_errors
from generator.lint.report import render, summarize
from generator.spec import Catalog
from generator.stages.admission import to_catalog
from generator.stages.cache import CACHE_DIR, ChartCache
from generator.stages.check import diff_tree
from generator.stages.generate import generate
from generator.stages.modechange import mode_changes
from generator.stages.resultcache import ResultCache
from generator.stages.validate import Options, validate_tree
from generator.stages.write import ROOTS, Writer, WriteResult


class InvalidOutput(Exception):
    """Raised from inside the staged write so that nothing is swapped in."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(f"{len(findings)} finding(s)")


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
        changes = mode_changes(catalog, root)
        if any(f.severity is Severity.ERROR for f in changes):
            click.echo(render("text", changes, summarize(changes, 0)), err=True, nl=False)
            click.echo("nothing was written", err=True)
            return 1
        _warn(tuple(changes), quiet)
        cache = ChartCache(root)
        output = generate(catalog, cache)
        results = ResultCache(root / CACHE_DIR)

        def verify(stage: Path, result: WriteResult) -> None:
            if not validate:
                return
            # what did not change was validated when it was written; apps/<name>.yaml → name
            changed = {p.split("/")[1].removesuffix(".yaml") for p in result.written}
            chosen = options or Options(progress=not quiet)
            findings = validate_tree(catalog, stage, chosen, only=changed, contents=output.files,
                                     cache=results).findings
            errors = [f for f in findings if f.severity is Severity.ERROR]
            mapped = to_catalog(errors, catalog, catalog_path)
            if mapped:  # the control plane would reject what the catalog asks for: a catalog error
                raise CatalogError(mapped)
            if errors:
                raise InvalidOutput(errors)

        try:
            result = writer.write(output.files, verify=verify, on_disk=frozenset(cache.reused))
        except InvalidOutput as exc:
            click.echo(render("text", exc.findings, summarize(exc.findings, 0)), err=True, nl=False)
            click.echo("the generated charts are invalid; nothing was written (--no-validate writes anyway)",
                       err=True)
            return 1
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


def _check(catalog: Catalog, root: Path, files: dict[str, str], quiet: bool) -> int:
    """``generate --check``: 1 with unified diffs when the tree on disk is stale."""
    diffs = diff_tree(root, files)
    if diffs:
        click.echo("".join(diffs), nl=False)
        click.echo(f"{len(diffs)} generated file(s) differ from what {catalog.path} produces; "
                   "run `infergen generate` and commit the result", err=True)
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
    catalog = load_catalog(catalog_path)
    results = ResultCache(root / CACHE_DIR if use_cache else None)
    result = validate_tree(catalog, root, options, cache=results)
    results.save(keep_old=False)
    click.echo(render(fmt, result.findings, summarize(result.findings, result.documents)), nl=False)
    return 1 if has_errors(result.findings, strict) else 0

