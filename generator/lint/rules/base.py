"""Rule registry: each rule is a function plus id, severity, description and fix."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from generator.findings import Severity
from generator.lint.config import LintConfig
from generator.lint.documents import Document
from generator.lint.rules.index import Index


class Hit(NamedTuple):
    """What a rule reports; the engine adds resource, location, rule id and severity."""

    path: str
    message: str
    hint: str | None = None  # overrides the rule's generic fix
    doc: Document | None = None  # set-scope rules say which document


@dataclass(frozen=True)
class Context:
    config: LintConfig
    index: Index


DocCheck = Callable[[Document, Context], Iterable[Hit]]
SetCheck = Callable[[list[Document], Context], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    description: str
    fix: str
    kinds: frozenset[str] | None  # None: every kind; "Kind" or "group/Kind" ("/Service": core only)
    scope: Literal["document", "set"]
    check: Callable[..., Iterable[Hit]]
    origin: str = ""  # upstream source the rule ports: repository, path, function, tag
    stage: str = ""  # checked by a pipeline stage, not the manifest engine: which one, and how
    can_disable: bool = True  # False: the run cannot go on without it (an unreadable catalog or input)
    api: str = ""  # only documents whose apiVersion starts with this (the engine never calls it on others)


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, severity: Severity, description: str, fix: str,
    kinds: Iterable[str] | None = None, scope: Literal["document", "set"] = "document", origin: str = "",
    api: str = "",
) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register a check under ``rule_id``; ``kinds`` and ``api`` (an apiVersion prefix) limit which
    documents it sees."""

    def register(fn: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, severity, description, fix,
                              frozenset(kinds) if kinds is not None else None, scope, fn, origin, api=api)
        return fn

    return register


def meta_rule(rule_id: str, severity: Severity, description: str, fix: str, *, stage: str = "",
              can_disable: bool = True) -> None:
    """Register a rule whose check lives outside this registry: the engine's schemas, or a ``stage``
    (Helm, the catalog, the output tree) that emits findings with this id."""
    if rule_id in RULES:
        raise ValueError(f"duplicate rule id {rule_id}")
    RULES[rule_id] = Rule(rule_id, severity, description, fix, frozenset(), "document", lambda *a: (), "",
                          stage=stage, can_disable=can_disable)
