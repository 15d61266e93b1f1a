"""Click options shared by ``infergen lint`` and ``infergen validate`` (defined once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from generator.lint.report import FORMATS
from generator.lint.rules import RULES

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS = (
    click.option("--kube-version", default=None, metavar="1.XX",
                 help="Target Kubernetes version (schemas and removed APIs) [default: 1.33; validate: "
                      "each model's cluster.kubernetesVersion]."),
    click.option("--schema-location", "schema_locations", multiple=True, metavar="TEMPLATE",
                 help="kubeconform-style schema location (dir, file or URL template); repeatable."),
    click.option("--crd", "crds", multiple=True, type=click.Path(exists=True, dir_okay=True),
                 help="CRD YAML file or directory to validate custom resources against; repeatable."),
    click.option("--ignore-missing-schemas", is_flag=True, help="Do not report kinds without a schema."),
    click.option("--strict", is_flag=True, help="Warnings fail the run too."),
    click.option("--output", "-o", type=click.Choice(FORMATS), default="text", show_default=True,
                 help="Report format."),
)


disable_option = click.option("--disable", multiple=True, metavar="RULE",
                              help="Skip a rule (repeatable, comma lists).")


def lint_options(fn: F) -> F:
    """Add the shared options; the command receives them as keyword arguments."""
    for option in reversed(_OPTIONS):
        fn = option(fn)
    return fn


def split_list(values: tuple[str, ...]) -> frozenset[str]:
    """Accept repeated options and comma lists alike."""
    return frozenset(x.strip() for v in values for x in v.split(",") if x.strip())


def check_rules(names: frozenset[str], disabled: frozenset[str] = frozenset()) -> None:
    """Stop on rule ids that do not exist, or that cannot be disabled."""
    unknown = sorted(names - set(RULES))
    if unknown:
        raise click.BadParameter(f"unknown rule id(s): {', '.join(unknown)}; see --list-rules")
    fixed = sorted(r for r in disabled if not RULES[r].can_disable)
    if fixed:
        raise click.BadParameter(f"rule(s) {', '.join(fixed)} cannot be disabled: the run cannot go on without them",
                                 param_hint="--disable")
