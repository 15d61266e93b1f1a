"""Credentials written literally into a container's env, args or command."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import secrets
from generator.lint.facts.k8s import remember
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.pods import POD_KINDS

E, W = Severity.ERROR, Severity.WARNING


@rule("secret-literal", W, "credential written literally into env, args or command",
      "keep it in a Secret: env valueFrom.secretKeyRef, and pass $(VAR) in args",
      kinds=POD_KINDS,
      origin="Kubernetes documentation 'Good practices for Kubernetes Secrets' (literal values are readable "
             "by anyone who can read the workload)")
def secret_literal(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        for i, var in enumerate(c.get("env") or []):
            value = var.get("value")
            if isinstance(value, str) and value and (_secret_name(var.get("name")) or _looks_secret(value)):
                yield Hit(f"{path}.env[{i}].value", f"{var.get('name')} holds a literal credential")
        for key in ("command", "args"):
            items = [str(x) for x in c.get(key) or []]
            skip = -1
            for i, item in enumerate(items):
                if item in PLAIN_ARGS:
                    continue
                flag = secrets.SECRET_FLAG.match(item)
                secret = _looks_secret(item)
                if not flag and not secret:
                    remember(PLAIN_ARGS, item)  # neither a secret-ish flag nor a secret: nothing below applies
                    continue
                following = items[i + 1] if i + 1 < len(items) and not flag_value(flag) else ""
                value = flag_value(flag) or following
                if i != skip and ((flag and value and not value.startswith(("-", "$("))) or secret):
                    yield Hit(f"{path}.{key}[{i}]", f"{key}[{i}] passes a credential on the command line")
                    skip = i + 1 if following else skip


# Env names, env values and arguments already found plain: the same ones recur in every model's pods.
PLAIN_NAMES: set[str] = set()
PLAIN_VALUES: set[str] = set()
PLAIN_ARGS: set[str] = set()


def _secret_name(name: object) -> bool:
    if type(name) is str and name in PLAIN_NAMES:
        return False
    found = secrets.SECRET_ENV.search(str(name)) is not None
    if not found:
        remember(PLAIN_NAMES, name)
    return found


def _looks_secret(value: str) -> bool:
    if value in PLAIN_VALUES:
        return False
    found = secrets.looks_secret(value)
    if not found:
        remember(PLAIN_VALUES, value)
    return found


def flag_value(flag: re.Match[str] | None) -> str:
    """The ``=value`` part of a ``--secret-ish-flag=value`` argument."""
    return (flag.group("value") or "") if flag else ""
