"""click commands ``package`` and ``serve``; the lead registers them on the main group.

The catalog is loaded by one lazily imported call so these commands work (and are
testable with hand-built :class:`Catalog` objects) independently of the loader.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import click

from generator.cli_options import catalog_option
from generator.errors import Exit
from generator.spec import Catalog, Model
from generator.torchserve.errors import TorchServeError
from generator.torchserve.package import FORMATS, Packaged


def load(path: Path) -> Catalog:
    """Load the catalog; a CatalogError propagates so ``generator.cli.main`` reports it and exits 2."""
    from generator.catalog import load_catalog

    return load_catalog(path)


def select(catalog: Catalog, names: tuple[str, ...], all_models: bool) -> list[Model]:
    """The named models (or every one with a torchserve block under ``--all``)."""
    if all_models:
        if names:
            raise click.UsageError("give model names or --all, not both")
        return [m for m in catalog.models if m.torchserve is not None]
    if not names:
        raise click.UsageError("name at least one model, or use --all")
    picked = []
    for name in names:
        model = catalog.model(name)
        if model is None:
            raise click.ClickException(f"no model {name!r} in {catalog.path}")
        if model.torchserve is None:
            raise click.ClickException(f"model {name!r} has no torchserve block")
        picked.append(model)
    return picked


class MissingExtra(click.ClickException):
    """The ``serving`` extra is not installed: a setup problem, so exit 2 like other bad input."""

    exit_code = Exit.INPUT


def require_serving(command: str, modules: tuple[str, ...]) -> None:
    """Stop with the install command when a module of the ``serving`` extra is missing."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingExtra(
            f"`infergen {command}` needs the serving extra (missing: {', '.join(missing)}); install it with "
            "`pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu && pip install "
            "'infergen[serving]'` (torch first and from the CPU index: PyPI's Linux torch is the CUDA build; "
            "about 1.1 GB in all), or run `bash .ci/setup` in a checkout")


def run_package(catalog: Catalog, names: tuple[str, ...], all_models: bool, out: Path,
                archive_format: str | None, echo: Callable[[str], None] = click.echo) -> list[Packaged]:
    """``package`` without click's parsing: raises ClickException on any failure."""
    require_serving("package", ("model_archiver",))
    from generator.torchserve.package import package

    try:
        return [package(m, out, archive_format, echo=echo) for m in select(catalog, names, all_models)]
    except TorchServeError as e:
        raise click.ClickException(str(e)) from None


def run_serve(catalog: Catalog, name: str, keep: bool, timeout: float, port: int | None = None,
              echo: Callable[[str], None] = click.echo, isolation: str = "process",
              wrapper: Path | None = None) -> None:
    """``serve`` without click's parsing; ``isolation`` auto/pod/process (see serve_command)."""
    require_serving("serve", ("model_archiver", "ts", "torch"))
    from generator.torchserve import pod
    from generator.torchserve.podserve import serve_in_pod
    from generator.torchserve.serve import serve

    (model,) = select(catalog, (name,), False)
    if isolation != "process":
        why = "--keep/--port need a server reachable from here" if keep or port else pod.unavailable()
        if why and (isolation == "pod" or wrapper):
            raise click.ClickException(f"cannot run {name} in an emulated pod: {why}")
        if why:
            echo(f"{name}: no pod emulation ({why}); running TorchServe as a process with the runtime's config "
                 "and env (read-only model store checked)")
        isolation = "process" if why else "pod"
    try:
        if isolation == "pod":
            serve_in_pod(model, catalog, wrapper, timeout, echo=echo)
        else:
            serve(model, port=port, keep=keep, timeout=timeout, echo=echo)
    except TorchServeError as e:
        raise click.ClickException(str(e)) from None


@click.command("package")
@click.argument("models", nargs=-1)
@click.option("--all", "all_models", is_flag=True, help="every model with a torchserve block")
@click.option("--out", default="build", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "archive_format", type=click.Choice(FORMATS), default=None,
              help="override torchserve.archiveFormat (auto: stored zip above 256 MiB)")
@catalog_option
def package_command(models: tuple[str, ...], all_models: bool, out: Path, archive_format: str | None,
                    catalog: Path) -> None:
    """Build <out>/<model>/model-store/<model>.mar and config/config.properties.

    \b
    Examples:
      infergen package minilm-embedder
      infergen package --all --out build/
    """
    run_package(load(catalog), models, all_models, out, archive_format)


@click.command("serve")
@click.argument("model")
@click.option("--port", type=int, default=None, help="inference port (default: a free one)")
@click.option("--keep", is_flag=True, help="leave TorchServe running until Ctrl-C")
@click.option("--timeout", default=180.0, show_default=True, help="seconds to wait for READY")
@click.option("--isolation", type=click.Choice(["auto", "pod", "process"]), default="auto", show_default=True,
              help="pod: an emulated KServe pod (root: namespaces, read-only root, uid 1000, the chart's "
                   "emptyDirs); process: TorchServe on 127.0.0.1; auto: pod where the machine allows it")
@click.option("--wrapper", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="a pytorch/serve source tree: run its kserve wrapper and image entrypoint in the pod")
@catalog_option
def serve_command(model: str, port: int | None, keep: bool, timeout: float, isolation: str,
                  wrapper: Path | None, catalog: Path) -> None:
    """Package MODEL, run it as KServe's TorchServe runtime does and send its smoke request (KServe v1/v2).

    \b
    Examples:
      infergen serve minilm-embedder
      infergen serve minilm-embedder --wrapper ../serve   # a pytorch/serve checkout
      infergen serve minilm-embedder --port 8080 --keep
    """
    run_serve(load(catalog), model, keep, timeout, port, isolation=isolation, wrapper=wrapper)
