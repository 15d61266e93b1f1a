"""Credentials written literally into a container's env, args or command."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import secrets
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
            if isinstance(value, str) and value and (secrets.SECRET_ENV.search(str(var.get("name")))
                                                     or secrets.looks_secret(value)):
                yield Hit(f"{path}.env[{i}].value", f"{var.get('name')} holds a literal credential")
        for key in ("command", "args"):
            items = [str(x) for x in c.get(key) or []]
            skip = -1
            for i, item in enumerate(items):
                flag = secrets.SECRET_FLAG.match(item)
                following = items[i + 1] if i + 1 < len(items) and not flag_value(flag) else ""
                value = flag_value(flag) or following
                if i != skip and ((flag and value and not value.startswith(("-", "$("))) or
                                  secrets.looks_secret(item)):
                    yield Hit(f"{path}.{key}[{i}]", f"{key}[{i}] passes a credential on the command line")
                    skip = i + 1 if following else skip


def flag_value(flag: re.Match[str] | None) -> str:
    """The ``=value`` part of a ``--secret-ish-flag=value`` argument."""
    return (flag.group("value") or "") if flag else ""
