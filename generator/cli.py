"""The ``infergen`` command line: a thin layer over the stages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator import __version__
from generator.cli_options import catalog_option, out_option, verbosity_options
from generator.errors import InfergenError
from generator.lint.cli import lint
from generator.lint.options import lint_options
from generator.torchserve.cli import package_command, serve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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

    sys.exit(run_generate(catalog, out, check=check, validate=not no_validate, quiet=quiet, verbose=verbose,
                          lock_timeout=lock_timeout))


@cli.command()
@catalog_option
@out_option
@lint_options
def validate(catalog: Path, out: Path | None, kube_version: str | None, schema_locations: tuple[str, ...],
             crds: tuple[str, ...], ignore_missing_schemas: bool, strict: bool, output: str) -> None:
    """Validate the catalog and every generated chart and Application.

    \b
    Runs the catalog schema and semantic checks, helm lint --strict, renders each chart as
    Argo CD would, and checks every manifest against strict Kubernetes schemas, CRD schemas
    and the policy rules. Exit 0 clean, 1 findings, 2 unreadable catalog or bad usage.

    \b
    Examples:
      infergen validate --crd ../shared/crds/yaml
      infergen validate --schema-location 'schemas/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'
      infergen validate --output junit > report.xml
    """
    from generator.pipeline import run_validate
    from generator.stages.validate import Options

    options = Options(kube_version=kube_version, schema_locations=schema_locations, crds=crds,
                      ignore_missing_schemas=ignore_missing_schemas)
    sys.exit(run_validate(catalog, out, options, strict=strict, fmt=output))


@cli.command()
def schema() -> None:
    """Print the catalog JSON Schema (what schemas/catalog.schema.json holds)."""
    from generator.catalog.schema import schema_json

    click.echo(schema_json(), nl=False)


cli.add_command(lint)
cli.add_command(package_command)
cli.add_command(serve_command)


def main() -> None:
    """Console entry point: errors are reported as messages, never as tracebacks."""
    try:
        cli.main(prog_name="infergen", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code == 2 else exc.exit_code)
    except InfergenError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("INFERGEN_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} (set INFERGEN_DEBUG=1 for a traceback and "
                   "please report it)", err=True)
        sys.exit(3)
