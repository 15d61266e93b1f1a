"""The one place the Jinja environment is built.

Delimiters are ``[% %]``, ``[[ ]]`` and ``[# #]`` so that Helm's ``{{ }}`` passes through
untouched: the chart templates stay ordinary Helm templates a person can read.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from generator.yamlout import scalar

TEMPLATES = Path(str(resources.files("generator") / "templates"))


@lru_cache(maxsize=8)
def environment(root: Path = TEMPLATES) -> jinja2.Environment:
    """A strict, cached environment over ``generator/templates`` (or a plugin mode's template root)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        block_start_string="[%", block_end_string="%]",
        variable_start_string="[[", variable_end_string="]]",
        comment_start_string="[#", comment_end_string="#]",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,
    )
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
    # a plain scalar only where no YAML 1.1 reader (Helm's included) would retype it: `n` is a boolean there
    env.filters["yaml"] = scalar
    return env


def render(template: str, **context: Any) -> str:
    """Render ``template`` (a path under ``generator/templates``)."""
    return environment().get_template(template).render(**context)


def render_in(root: Path, template: str, **context: Any) -> str:
    """Render ``template``, a path under ``root`` (a plugin mode's template root, say)."""
    return environment(root).get_template(template).render(**context)


@cache
def static(path: str, root: Path = TEMPLATES) -> str:
    """A file copied verbatim (not ``*.jinja``)."""
    return (root / path).read_text(encoding="utf-8")
