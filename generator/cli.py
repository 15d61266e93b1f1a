"""The ``infergen`` command line: a thin layer over the stages."""

from __future__ import annotations

import errno
import os
import socket
import sys
import urllib.error
from pathlib import Path
from typing import Any, NoReturn

import click

from generator import __version__, runtime
from generator.cli_options import catalog_option, env_option, out_option, verbosity_options
from generator.console import echo, style
from generator.errors import Exit, InfergenError
from generator.lint.cli import lint
from generator.lint.options import check_rules, disable_option, lint_options, split_list
from generator.torchserve.cli import package_command, serve_command


class _Cli(click.Group):
    """The root group: output cut off by a closed pipe ends as :func:`_stdout_gone` says.

    click itself would turn that EPIPE into a quiet exit 1, indistinguishable from a failed check.
    """

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except BrokenPipeError:  # --help or --version into a closed pipe
            _stdout_gone()

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _stdout_gone()


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="infergen")
def cli() -> None:
    """Turn catalog.yaml into validated Helm charts (charts/) and Argo CD Applications (apps/)."""


@cli.command()
@catalog_option
@out_option
@click.option("--check", is_flag=True, help="Write nothing; exit 1 with a diff if charts/ or apps/ are stale.")
@click.option("--no-validate", is_flag=True, help="Skip validating the rendered charts before writing.")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              metavar="SECONDS", help="How long to wait for another run writing the same output; then exit 2.")
@verbosity_options
def generate(catalog: Path, out: Path | None, check: bool, no_validate: bool, lock_timeout: float, quiet: bool,
             verbose: bool) -> None:
    """Generate charts/ and apps/ from the catalog.

    \b
    Examples:
      infergen generate                      # regenerate next to catalog.yaml
      infergen generate --check              # CI / pre-commit: fail when stale
      infergen generate -c prod/catalog.yaml --out prod/
    """
    from generator.pipeline import run_generate
    from generator.pipeline.results import show_generate

    result = run_generate(catalog, out, check=check, validate=not no_validate, quiet=quiet, lock_timeout=lock_timeout)
    show_generate(result, click.echo, quiet=quiet, verbose=verbose)
    if result.error is not None:
        raise result.error
    sys.exit(result.exit)


@cli.command()
@catalog_option
@out_option
@lint_options
@click.option("--no-cache", is_flag=True,
              help="Check every chart from scratch instead of reusing results for unchanged charts "
                   "(kept by content in .infergen-cache/).")
@click.option("--lint-all", is_flag=True, help="Run helm lint on every chart, not once per chart shape.")
@disable_option
@env_option("Only this environment's releases and apps/NAME/ (catalogs with environments).")
def validate(catalog: Path, out: Path | None, kube_version: str | None, schema_locations: tuple[str, ...],
             crds: tuple[str, ...], ignore_missing_schemas: bool, strict: bool, output: str, no_cache: bool,
             lint_all: bool, disable: tuple[str, ...], environment: str | None) -> None:
    """Validate the catalog and every generated chart and Application.

    \b
    Runs the catalog schema and semantic checks, helm lint --strict, renders each chart as
    Argo CD would, and checks every manifest against strict Kubernetes schemas, CRD schemas
    and the policy rules. Exit 0 clean, 1 findings, 2 unreadable catalog or bad usage.

    \b
    Examples:
      infergen validate --crd crds/my-operator.yaml
      infergen validate --schema-location 'schemas/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'
      infergen validate --output junit > report.xml
      infergen validate --env staging
    """
    from generator.pipeline import run_validate
    from generator.pipeline.results import show_validate
    from generator.validate.tree import Options

    disabled = split_list(disable)
    check_rules(disabled, disabled)
    options = Options(kube_version=kube_version, schema_locations=schema_locations, crds=crds,
                      ignore_missing_schemas=ignore_missing_schemas, lint_all=lint_all, disabled=disabled,
                      environment=environment)
    result = run_validate(catalog, out, options, strict=strict, fmt=output, use_cache=not no_cache)
    show_validate(result, output, click.echo)
    sys.exit(result.exit)


@cli.command()
def schema() -> None:
    """Print the catalog JSON Schema (schemas/catalog.schema.json).

    \b
    Examples:
      infergen schema > schemas/catalog.schema.json
      infergen schema | jq '.$defs.model.properties.scaling'
    """
    from generator.catalog.schema import schema_json

    click.echo(schema_json(), nl=False)


@cli.command()
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("docs/catalog.md"), show_default=True, help="Where the reference is written.")
@click.option("--rules-out", type=click.Path(path_type=Path, dir_okay=False), default=Path("docs/rules.md"),
              show_default=True, help="Where the rule reference is written (examples from tests/lint/cases).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a file is stale.")
@verbosity_options
def docs(out: Path, rules_out: Path, check: bool, quiet: bool, verbose: bool) -> None:
    """Write docs/catalog.md (the catalog reference, from the schema) and docs/rules.md (every
    lint rule with its upstream origin, a failing example and the fix, plus the coverage table).

    \b
    Examples:
      infergen docs                  # regenerate docs/catalog.md and docs/rules.md
      infergen docs --check          # CI: fail when either is stale
    """
    from generator.pipeline.docs import catalog_reference
    from generator.pipeline.rules_doc import rules_reference

    cases = Path("tests/lint/cases")
    stale = [_sync(path, text, check, quiet) for path, text in (
        (out, catalog_reference()), (rules_out, rules_reference(cases if cases.is_dir() else None)))]
    if any(stale):
        sys.exit(Exit.FINDINGS)


def _sync(path: Path, text: str, check: bool, quiet: bool) -> bool:
    """Write ``text`` to ``path`` (or with ``check`` compare only); True when ``check`` finds it stale."""
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if check:
        if current != text:
            echo(f"{path} is stale; run `infergen docs` and commit it", err=True)
            return True
        if not quiet:
            echo(f"{path} is up to date", err=True)
        return False
    if current != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if not quiet:
        echo(f"{'wrote' if current != text else 'unchanged'} {path}", err=True)
    return False


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
                required=False)
@click.option("--crds", metavar="PATH", default=None,
              help="CRD YAML file or directory, relative to DIRECTORY, written as validation.crds.")
@verbosity_options
def init(directory: Path, crds: str | None, quiet: bool, verbose: bool) -> None:
    """Scaffold a new repo with a one-model catalog.

    Creates catalog.yaml (one example model), charts/, apps/ and schemas/catalog.schema.json.

    Never overwrites: it stops, writing nothing, if DIRECTORY already has a catalog.yaml,
    schemas/catalog.schema.json or non-empty charts/ or apps/. Missing .gitignore entries
    for infergen's lock and journal files are appended.

    \b
    Examples:
      infergen init my-models && cd my-models && infergen generate
      infergen init . --crds ../crds     # validate custom kinds against these CRDs
    """
    from generator.pipeline.scaffold import ScaffoldError
    from generator.pipeline.scaffold import init as scaffold

    try:
        result = scaffold(directory, crds)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    if verbose:
        for rel in result.created:
            echo(f"created {directory / rel}", err=True)
    if not quiet:
        echo(f"initialised {directory}: {', '.join(result.created)}", err=True)
        echo("next: edit catalog.yaml, then run `infergen generate` and commit", err=True)


@cli.command()
@click.argument("model")
@catalog_option
@env_option("Explain the model in this environment (default: the first the catalog declares).")
def explain(model: str, catalog: Path, environment: str | None) -> None:
    """List the resources MODEL produces and why.

    For each resource: the template it comes from and the catalog fields behind it.

    Resources come from the model's chart rendered with Helm's engine (as Argo CD would)
    plus its Argo CD Application; the reasons from the serving mode's plan.

    \b
    Examples:
      infergen explain triton-multilingual-asr
      infergen explain -c prod/catalog.yaml my-model
      infergen explain triton-multilingual-asr --env staging
    """
    from generator.pipeline.explain import explain as run

    try:
        spec, items = run(catalog, model, environment)
    except KeyError:
        raise click.ClickException(f"no model named {model!r} in {catalog}") from None
    echo(style(f"{spec.name}", bold=True) + f"  serving: {spec.serving}, namespace: {spec.namespace}  "
         f"({spec.location})")
    app = next((i.source for i in items if i.source.startswith("apps/")), f"apps/{spec.name}.yaml")
    echo(f"{len(items)} resource(s): charts/{spec.name}/ and {app}")
    for item in items:
        echo("")
        echo(style(item.resource, fg="cyan", bold=True) + f"  {item.source}")
        echo(f"  why:   {item.reason}")
        for field, value in item.fields:
            echo(f"  from:  {style(field, fg='yellow')} = {value}")


@cli.command("diff")
@catalog_option
@out_option
@click.option("--model", "only", metavar="NAME", default=None, help="Only this model's (or chart's) release.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when something would change (like git diff).")
@click.option("--stat", is_flag=True, help="Only list the changed resources.")
@click.option("--base", "base_ref", metavar="REF", default=None,
              help="Compare with the catalog at this git revision (both rendered), not with the tree on disk.")
@click.option("--base-file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Compare with this earlier catalog file (both rendered).")
@click.option("--summary", is_flag=True, help="Per model: the semantic changes (GPU, replicas, hosts, image...).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Output of --summary; markdown folds each model's diff below its rows.")
@env_option("Only this environment's Applications (catalogs with environments).")
@verbosity_options
def diff_command(catalog: Path, out: Path | None, only: str | None, exit_code: bool, stat: bool,
                 base_ref: str | None, base_file: Path | None, summary: bool, fmt: str, environment: str | None,
                 quiet: bool, verbose: bool) -> None:
    """Show what regenerating would change in the rendered manifests.

    Renders the charts on disk and the charts the catalog produces now with Helm's engine,
    matches resources by Kind/namespace/name, and prints a unified YAML diff for each
    added, removed or changed one. Nothing is written. With --base or --base-file the other
    side is an earlier catalog, rendered the same way. --summary reports per model (and
    environment) what changes: GPU, replicas, hosts, traffic split, image, storage, resources.

    \b
    Examples:
      infergen diff                       # review a catalog edit before `infergen generate`
      infergen diff --model ui-server --stat
      infergen diff --exit-code > review.diff
      infergen diff --summary --format markdown --base origin/main > comment.md
      infergen diff --env staging --stat
    """
    from generator.pipeline import output_dir
    from generator.pipeline.changes import command
    from generator.pipeline.diff import colorize, diff_catalog

    if base_ref is not None and base_file is not None:
        raise click.UsageError("--base and --base-file are two ways to name the base: give one")
    if fmt != "text" and not summary:
        raise click.UsageError("--format applies to --summary (add --summary)")
    root = output_dir(catalog, out)
    if summary:
        report = command.summary(catalog, root, only, base_ref, base_file, environment)
        for error in report.errors:
            echo(f"warning: {error}", err=True)
        echo(command.render(report, fmt), nl=False)
        if exit_code and report.models:
            sys.exit(Exit.FINDINGS)
        return
    if base_ref is None and base_file is None:
        result = diff_catalog(catalog, root, only, environment)
    else:
        result = command.resource_diff(catalog, root, only, base_ref, base_file, environment)
    for error in result.errors:
        echo(f"warning: {error}", err=True)
    for change in result.changes:
        if stat:
            echo(f"{change.status:8} {change.environment + '/' if change.environment else ''}{change.key}")
        else:
            echo(colorize(change.diff), nl=False)
    counts = result.counts()
    if not quiet:
        echo(f"{counts['added']} added, {counts['changed']} changed, {counts['removed']} removed, "
             f"{result.unchanged} unchanged resource(s)", err=True)
    if exit_code and result.changes:
        sys.exit(Exit.FINDINGS)


@cli.command()
@catalog_option
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), default=Path("report.html"),
              show_default=True, help="The HTML file to write (- for stdout).")
@verbosity_options
def report(catalog: Path, out: Path, quiet: bool, verbose: bool) -> None:
    """Write a one-page HTML summary of the catalog.

    Self-contained (inline CSS and SVG, no external assets). Every model with its serving
    mode, GPUs, scaling range and exposure; GPUs, CPU and
    memory requested at minimum and maximum scale per namespace, with bar charts.

    \b
    Examples:
      infergen report                     # writes report.html
      infergen report --out public/catalog.html
    """
    from generator.catalog import load_catalog
    from generator.report import summarize
    from generator.report.html import render

    page = render(summarize(load_catalog(catalog)))
    if str(out) == "-":
        click.echo(page, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    if not quiet:
        echo(f"wrote {out}", err=True)


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL.

    \b
    Examples:
      eval "$(infergen completion bash)"          # in ~/.bashrc
      infergen completion zsh > ~/.zfunc/_infergen
      infergen completion fish > ~/.config/fish/completions/infergen.fish
    """
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - click ships all three
        raise click.ClickException(f"no completion for {shell}")
    click.echo(cls(cli, {}, "infergen", "_INFERGEN_COMPLETE").source())


cli.add_command(lint)
cli.add_command(package_command)
cli.add_command(serve_command)


def main() -> None:
    """Console entry point: errors are reported as messages, never as tracebacks."""
    runtime.tune()
    try:
        cli.main(prog_name="infergen", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(Exit.INTERRUPTED)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(Exit(exc.exit_code))  # UsageError and MissingExtra: INPUT; a plain ClickException: FINDINGS
    except InfergenError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exc.exit)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(Exit.INTERRUPTED)
    except SystemExit:
        raise
    except BrokenPipeError:  # `infergen validate | head`: the reader has gone; a ConnectionError, so first
        _stdout_gone()
    except (ConnectionError, urllib.error.URLError, socket.gaierror, TimeoutError) as exc:
        click.echo(f"{_network_text(exc)} (hint: check the network connection, proxy and the URL, or use a "
                   "local directory for --schema-location, then run again)", err=True)
        sys.exit(Exit.INPUT)
    except OSError as exc:  # a fault no stage put words to: still the user's to fix
        where = f"{exc.filename}: " if exc.filename else ""
        hint = ("check that the path exists, is writable and its filesystem has space"
                if exc.filename or exc.errno in _FILESYSTEM_ERRNOS else "fix the cause")
        click.echo(f"{where}{exc.strerror or exc} (hint: {hint}, then run again)", err=True)
        sys.exit(Exit.INPUT)
    except Exception as exc:
        if os.environ.get("INFERGEN_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} (set INFERGEN_DEBUG=1 for a traceback and "
                   "please report it)", err=True)
        sys.exit(Exit.INTERNAL)


_FILESYSTEM_ERRNOS = frozenset({errno.ENOENT, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EROFS,
                                errno.EISDIR, errno.ENOTDIR, errno.EEXIST, errno.ENOTEMPTY, errno.EMLINK, errno.EXDEV,
                                errno.EIO, errno.ENAMETOOLONG, errno.ELOOP, errno.EBUSY, errno.ETXTBSY, errno.EFBIG})


def _stdout_gone() -> NoReturn:
    """The process reading our output closed the pipe: stop quietly, as a Unix filter killed by SIGPIPE.

    Exit 141 (128 + SIGPIPE) is what the shell reports for `cat`, `grep` or `yes` cut off by
    `| head`, so `set -o pipefail` treats infergen like any other filter; exit 0 would claim a
    `validate` whose report nobody read to the end had passed. stdout is pointed at /dev/null so
    that Python's final flush raises nothing more (no "Exception ignored" on stderr).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(Exit.BROKEN_PIPE)


def _network_text(exc: OSError) -> str:
    """``URL: reason`` where urllib says which, else the error itself."""
    reason = getattr(exc, "reason", None)
    url = exc.filename or getattr(exc, "url", None)
    text = str(reason if reason is not None else (exc.strerror or exc))
    return f"{url}: network error: {text}" if url else f"network error: {text}"
