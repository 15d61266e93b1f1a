"""Commands as pipelines of stages: load → generate → validate → write or check → report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.catalog import load_catalog
from generator.catalog.environments import require_environment
from generator.errors import CatalogError, Exit, InfergenError
from generator.findings import Finding, Severity, has_errors
from generator.output import stamp
from generator.output.check import diff_tree
from generator.output.write import Writer, WriteResult
from generator.pipeline.results import GenerateResult, ValidateResult
from generator.render.cache import CACHE_DIR, ChartCache
from generator.spec import Catalog
from generator.validate.admission import to_catalog
from generator.validate.modechange import mode_changes
from generator.validate.resultcache import ResultCache
from generator.validate.tree import Options, validate_tree
from generator.validate.workers import PARALLEL_FROM, Workers

if TYPE_CHECKING:
    from generator.render.generate import Output


def output_dir(catalog: Path, out: Path | None) -> Path:
    return out if out is not None else (catalog.parent if str(catalog.parent) else Path("."))


def run_generate(catalog_path: Path, out: Path | None, *, check: bool, validate: bool, quiet: bool,
                 options: Options | None = None, lock_timeout: float = 60.0) -> GenerateResult:
    """``infergen generate``: what was found and written; prints nothing (see results.show_generate)."""
    root = output_dir(catalog_path, out)
    catalog = load_catalog(catalog_path)
    result = GenerateResult(root, check=check, models=len(catalog.models), catalog=str(catalog.path))
    if check:
        # --check always renders from scratch: it must not trust anything on disk
        return _check(result, _renderer()(catalog).files)
    result.warnings = list(catalog.warnings)
    try:
        _generate(catalog, catalog_path, root, result, validate, options or Options(progress=not quiet),
                  lock_timeout)
    except InfergenError as exc:  # shown after what the run had found
        result.error, result.exit = exc, exc.exit
    return result


def _generate(catalog: Catalog, catalog_path: Path, root: Path, result: GenerateResult, validate: bool,
              options: Options, lock_timeout: float) -> None:
    # the lock is taken before rendering: the writer stages the current tree meanwhile
    with Writer(root, lock_timeout) as writer:
        result.notes = list(writer.recovered)
        changes = mode_changes(catalog, root)
        if any(f.severity is Severity.ERROR for f in changes):
            writer.discard()
            result.errors, result.exit, result.verdict = list(changes), Exit.FINDINGS, "nothing was written"
            return
        result.change_warnings = list(changes)
        results = ResultCache(root / CACHE_DIR)
        with _workers(options, len(catalog.models) if validate else 0, results) as workers:
            cache = ChartCache(root)
            output = _renderer()(catalog, cache)
            staged = writer.stage_files(output.files, on_disk=frozenset(cache.reused))
            errors = _validate_stage(catalog, writer.stage, staged, output.files, results, options,
                                     workers) if validate else []
        if validate:
            mapped = to_catalog(errors, catalog, catalog_path)
            if mapped:  # the control plane would reject what the catalog asks for: a catalog error
                writer.discard()
                raise CatalogError(mapped)
            if errors:
                writer.discard()
                result.errors, result.exit = errors, Exit.FINDINGS
                result.verdict = "the generated charts are invalid; nothing was written (--no-validate writes anyway)"
                return
        writer.commit()
        result.atomic = writer.atomic
        cache.save()
        results.save(keep_old=True)  # only now: a refused run leaves every file as it was
    result.written, result.removed, result.unchanged = tuple(staged.written), tuple(staged.removed), staged.unchanged


def _renderer() -> Callable[..., Output]:
    """render.generate, imported when a command renders: ``validate`` never does, and the
    renderer's imports (Jinja, every mode's templates) were ~45 ms of its start-up."""
    from generator.render.generate import generate

    return generate


def _workers(options: Options, charts: int, results: ResultCache) -> Workers:
    """Worker processes, already starting when ``charts`` is many and no earlier result can stand
    in for them (no result cache yet, or --no-cache): their start-up overlaps rendering or reading."""
    workers = Workers(options.workers)
    if charts >= PARALLEL_FROM and not results.entries:
        workers.start()
    return workers


def _validate_stage(catalog: Catalog, stage: Path, result: WriteResult, files: dict[str, str],
                    results: ResultCache, options: Options, workers: Workers) -> list[Finding]:
    """Errors in the staged tree; what did not change was validated when it was written."""
    # charts/<name>/... and apps/[<env>/]<name>.yaml → name
    changed = {(p.split("/")[1] if p.startswith("charts/") else p.rsplit("/", 1)[-1]).removesuffix(".yaml")
               for p in result.written}
    # a chart holding a symlink is read from the stage: what the link points at may have been rewritten
    listing = {rel: rel in result.links for rel in result.present}
    findings = validate_tree(catalog, stage, options, only=changed, contents=files, listing=listing,
                             cache=results, workers=workers).findings
    return [f for f in findings if f.severity is Severity.ERROR]


def _check(result: GenerateResult, files: dict[str, str]) -> GenerateResult:
    """``generate --check``: 1 with unified diffs when the tree on disk is stale or not whole. Reads only."""
    tree = stamp.read_tree(result.root)  # read once: for the stamp check and to skip unchanged files in the diff
    result.diffs = diff_tree(result.root, files, tree)
    result.errors = list(stamp.check(result.root, tree))
    if result.diffs:
        result.verdict = (f"{len(result.diffs)} generated file(s) differ from what {result.catalog} produces; "
                          "run `infergen generate` and commit the result")
    elif result.errors:
        result.verdict = "charts/ and apps/ are not one whole generation (see above)"
    if result.diffs or result.errors:
        result.exit = Exit.FINDINGS
    return result


def run_validate(catalog_path: Path, out: Path | None, options: Options, *, strict: bool, fmt: str,
                 use_cache: bool = True) -> ValidateResult:
    """``infergen validate``: findings and the exit status (0 clean, 1 findings); prints nothing."""
    root = output_dir(catalog_path, out)
    try:
        catalog = load_catalog(catalog_path)
    except CatalogError as exc:
        if fmt == "text":
            raise
        # a CI that uploads the report gets a valid document whose findings say why
        return ValidateResult(exc.exit, tuple(exc.findings), 0, load_error=exc)
    require_environment(catalog, options.environment)
    results = ResultCache(root / CACHE_DIR if use_cache else None)
    with _workers(options, len(catalog.models), results) as workers:
        tree = stamp.read_tree(root)  # read once: for the stamp check and the cache's chart keys
        result = validate_tree(catalog, root, options, cache=results,
                               digests={rel: d.sha256 for rel, d in tree.items()}, workers=workers)
    results.save(keep_old=False)
    findings = sorted([*stamp.check(root, tree), *result.findings], key=lambda f: (f.file, f.line, f.column))
    return ValidateResult(Exit.FINDINGS if has_errors(findings, strict) else Exit.OK, tuple(findings),
                          result.documents)
