"""Click options shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

F = Callable[..., Any]


def catalog_option(fn: F) -> F:
    return click.option("--catalog", "-c", "catalog", type=click.Path(path_type=Path, dir_okay=False),
                        default=Path("catalog.yaml"), show_default=True, help="The catalog file.")(fn)


def out_option(fn: F) -> F:
    return click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=None,
                        help="Directory holding charts/ and apps/ [default: the catalog's directory].")(fn)


def verbosity_options(fn: F) -> F:
    fn = click.option("--quiet", "-q", is_flag=True, help="Print errors only.")(fn)
    return click.option("--verbose", "-v", is_flag=True, help="Print every file written.")(fn)


def env_option(help: str) -> Callable[[F], F]:
    """``--env NAME``: one environment of a catalog that declares ``environments:``."""
    def decorate(fn: F) -> F:
        return click.option("--env", "environment", metavar="NAME", default=None, help=help)(fn)
    return decorate
