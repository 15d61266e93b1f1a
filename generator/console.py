"""Terminal output helpers: colour only on a TTY and never with ``NO_COLOR``; progress bars on a TTY."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import click

T = TypeVar("T")


def color() -> bool | None:
    """``False`` when ``NO_COLOR`` is set (https://no-color.org), else ``None``: click decides by TTY."""
    return False if os.environ.get("NO_COLOR") else None


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` that strips ANSI styles off a TTY and under ``NO_COLOR``."""
    click.echo(message, err=err, nl=nl, color=color())


def style(text: str, **styles: Any) -> str:
    """``click.style``; :func:`echo` removes the codes again where colour is off."""
    return click.style(text, **styles)


def interactive(err: bool = True) -> bool:
    """Whether stderr (or stdout) is a terminal a person is watching."""
    stream = sys.stderr if err else sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def progress(items: Iterable[T], length: int, label: str, *, enabled: bool) -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on stderr when ``enabled`` and stderr is a TTY."""
    if not (enabled and interactive()):
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr, color=color()) as bar:
        yield from bar
