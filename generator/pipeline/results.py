"""What ``generate`` and ``validate`` return: findings, what was written, the exit status.

Commands print nothing; the CLI hands these to :func:`show_generate` / :func:`show_validate`,
which render findings with the lint reporters (text, json, junit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import CatalogError, Exit, InfergenError
from generator.findings import Finding
from generator.lint.report import render, summarize
from generator.output.write import ROOTS

Echo = Callable[..., None]


@dataclass
class GenerateResult:
    """``infergen generate`` (``check``: ``generate --check``), filled in as the run goes."""

    root: Path
    check: bool = False
    exit: Exit = Exit.OK
    warnings: list[Finding] = field(default_factory=list)  # the catalog's
    notes: list[str] = field(default_factory=list)  # what recovery did to an interrupted run's leftovers
    change_warnings: list[Finding] = field(default_factory=list)  # from the charts on disk (mode changes)
    errors: list[Finding] = field(default_factory=list)  # why nothing was written
    diffs: list[str] = field(default_factory=list)  # --check: unified diffs of stale files
    verdict: str = ""  # the closing line when nothing was written or --check failed
    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    models: int = 0
    catalog: str = ""
    atomic: bool = True
    error: InfergenError | None = None  # raised by the CLI after what was found before it is shown

    @property
    def findings(self) -> list[Finding]:
        return [*self.warnings, *self.change_warnings, *self.errors]


@dataclass(frozen=True)
class ValidateResult:
    """``infergen validate``: every finding, how many documents were checked, the exit status."""

    exit: Exit
    findings: tuple[Finding, ...]
    documents: int
    load_error: CatalogError | None = None  # the catalog could not be loaded (``findings`` say why)


def show_validate(result: ValidateResult, fmt: str, echo: Echo) -> None:
    """The report on stdout in ``fmt``; a catalog that did not load also goes to stderr as text."""
    if result.load_error is not None:
        echo(str(result.load_error), err=True)
    echo(render(fmt, result.findings, summarize(result.findings, result.documents)), nl=False)


def show_generate(result: GenerateResult, echo: Echo, *, quiet: bool, verbose: bool) -> None:
    """Diffs on stdout; notes, warnings, errors and the summary on stderr, as a run reads."""
    if result.check:
        _show_check(result, echo, quiet)
        return
    _show_warnings(result.warnings, echo, quiet)
    for note in result.notes:
        echo(f"infergen: {note}", err=True)
    _show_warnings(result.change_warnings, echo, quiet)
    if result.errors:
        echo(render("text", result.errors, summarize(result.errors, 0)), err=True, nl=False)
    if result.verdict:
        echo(result.verdict, err=True)
    if result.exit is not Exit.OK:
        return
    if not result.atomic:
        echo(f"warning: {result.root} is on a filesystem without renameat2(RENAME_EXCHANGE): charts/ and apps/ "
             "were each replaced with renames, so a reader could briefly find one missing", err=True)
    if verbose:
        for path in result.written:
            echo(f"wrote   {path}", err=True)
        for path in result.removed:
            echo(f"removed {path}", err=True)
    if not quiet:
        echo(f"{result.models} model(s): {len(result.written)} file(s) written, {len(result.removed)} removed, "
             f"{result.unchanged} unchanged under {', '.join(str(result.root / r) + '/' for r in ROOTS)}", err=True)


def _show_warnings(findings: list[Finding], echo: Echo, quiet: bool) -> None:
    if not quiet:
        for finding in findings:
            echo(str(finding), err=True)


def _show_check(result: GenerateResult, echo: Echo, quiet: bool) -> None:
    if result.diffs:
        echo("".join(result.diffs), nl=False)
    for finding in result.errors:
        echo(str(finding), err=True)
    if result.verdict:
        echo(result.verdict, err=True)
    elif not quiet:
        echo(f"charts/ and apps/ are up to date with {result.catalog}", err=True)
