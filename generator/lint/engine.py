"""The linter: schema validation plus every enabled rule over one document set."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from generator.findings import Finding, Severity
from generator.lint.config import LintConfig
from generator.lint.documents import Document
from generator.lint.locations import SchemaFetchError
from generator.lint.rules import RULES, Context, Hit, Rule
from generator.lint.rules.base import meta_rule
from generator.lint.rules.fields import meta
from generator.lint.rules.index import CLUSTER_SCOPED, Index
from generator.lint.rules.scaling import removed
from generator.lint.schemas import SchemaStore, builtin_dir
from generator.lint.yamlio import locate

IGNORE = "infergen.io/ignore"
NOTHING: frozenset[str] = frozenset()
meta_rule("schema", Severity.ERROR, "document does not match its schema", "fix the field as the message says")
meta_rule("schema-missing", Severity.ERROR, "no schema for this apiVersion/kind",
          "pass --crd FILE or --schema-location TEMPLATE, or --ignore-missing-schemas")
meta_rule("malformed", Severity.ERROR, "a rule cannot read the document: a field has a type its kind does not allow",
          "check the document against its kind's schema (lint with schemas on names the field)")
# Rules read fields in the shapes the kind's schema gives them; a field of another type (ports: [5])
# makes one raise. A schema finding already says where, so the failure is dropped then; without one
# (schemas off or missing) it is reported as "malformed", never as a crash.
SHAPE_ERRORS = (AttributeError, TypeError, KeyError, IndexError, ValueError)


def resource_name(doc: Document, namespace: str) -> str:
    """``Kind/namespace/name`` (``Kind/name`` for cluster-scoped kinds)."""
    if doc.kind in CLUSTER_SCOPED or not namespace:
        return f"{doc.kind}/{doc.name}"
    return f"{doc.kind}/{namespace}/{doc.name}"


def _ignored(doc: Document) -> frozenset[str]:
    """Rule ids the document's ``infergen.io/ignore`` annotation (a comma list) turns off."""
    annotations = meta(doc.obj, "annotations")
    if IGNORE not in annotations:
        return NOTHING
    return frozenset(x.strip() for x in str(annotations[IGNORE]).split(","))


def _unreadable(failed: list[tuple[Rule, Exception]]) -> Hit:
    rules = ", ".join(rule.id for rule, _ in failed)
    exc = failed[0][1]
    return Hit("", f"rules {rules} cannot read this document: a field has an unexpected type "
                   f"({type(exc).__name__}: {exc})")


def _path(parts: Sequence[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Linter:
    """Lints document sets; reuse one instance to keep compiled validators cached."""

    def __init__(self, config: LintConfig | None = None) -> None:
        self.config = config or LintConfig()
        self._store: SchemaStore | None = None
        self._by_kind: dict[tuple[str, str], list[Rule]] = {}
        self._doc_rules = [r for r in RULES.values() if r.scope == "document" and r.kinds != frozenset()]
        self._set_rules = [r for r in RULES.values() if r.scope == "set" and self.config.rule_on(r.id)]

    @property
    def store(self) -> SchemaStore:
        if self._store is None:
            self._store = SchemaStore(self.config)
        return self._store

    def _rules(self, api_version: str, kind: str) -> list[Rule]:
        """Rules for documents of ``kind``; a rule's ``kinds`` may also name ``group/Kind``."""
        key = (api_version, kind)
        found = self._by_kind.get(key)
        if found is None:
            qualified = f"{api_version.rpartition('/')[0]}/{kind}"
            found = self._by_kind[key] = [
                r for r in self._doc_rules
                if (r.kinds is None or kind in r.kinds or qualified in r.kinds) and self.config.rule_on(r.id)
                and api_version.startswith(r.api)
            ]
        return found

    def lint(self, docs: Sequence[Document]) -> list[Finding]:
        """Every finding for ``docs``, in document order."""
        docs = list(docs)
        ctx = Context(self.config, Index(docs, self.config.namespace))
        out: list[Finding] = []
        ignored: dict[int, frozenset[str]] = {}
        schemas, by_kind = self.config.schemas, self._by_kind
        misshapen = False
        for doc in docs:
            skip = ignored[id(doc)] = _ignored(doc)
            invalid = False
            if schemas:
                for rule_id, hit in self._schema(doc):
                    invalid = invalid or rule_id == "schema"
                    if rule_id not in skip and self.config.rule_on(rule_id):
                        out.append(self._finding(doc, RULES[rule_id], hit, ctx))
            misshapen = misshapen or invalid
            rules = by_kind.get((doc.api_version, doc.kind)) or self._rules(doc.api_version, doc.kind)
            failed: list[tuple[Rule, Exception]] = []
            for rule in [r for r in rules if r.id not in skip] if skip else rules:
                try:
                    for hit in rule.check(doc, ctx):
                        out.append(self._finding(doc, rule, hit, ctx))
                except SHAPE_ERRORS as exc:
                    failed.append((rule, exc))
            if failed and not invalid:
                out.append(self._finding(doc, RULES["malformed"], _unreadable(failed), ctx))
        for rule in self._set_rules:
            try:
                for hit in rule.check(docs, ctx):
                    if hit.doc is not None and rule.id not in ignored.get(id(hit.doc), ()):
                        out.append(self._finding(hit.doc, rule, hit, ctx))
            except SHAPE_ERRORS as exc:
                if not misshapen and docs:
                    out.append(self._finding(docs[0], RULES["malformed"], _unreadable([(rule, exc)]), ctx))
        return out

    def _schema(self, doc: Document) -> Iterator[tuple[str, Hit]]:
        if not doc.api_version or not doc.kind:
            field = "apiVersion" if not doc.api_version else "kind"
            yield "schema", Hit(field, "apiVersion and kind are required")
            return
        try:
            validator = self.store.validator(doc.api_version, doc.kind)
        except SchemaFetchError as exc:
            yield "schema-missing", Hit("apiVersion", f"cannot load schema: {exc}")
            return
        if validator is None:
            if not self.config.ignore_missing_schemas and not removed(doc, self.config.kube_version):
                searched = f"{builtin_dir(self.config.kube_version).name}, --crd, --schema-location"
                message = f"no schema for {doc.api_version} {doc.kind} ({searched})"
                yield "schema-missing", Hit("apiVersion", message)
            return
        if validator.is_valid(doc.obj):
            return
        for err in validator.iter_errors(doc.obj):
            message = " ".join(str(err.message).split())
            yield "schema", Hit(_path(err.instance_path), message[:300])

    def _finding(self, doc: Document, rule: Rule, hit: Hit, ctx: Context) -> Finding:
        pos = locate(doc.node, hit.path) if doc.node is not None else None
        line, column = pos or (doc.line, 1 if doc.line else 0)
        return Finding(file=doc.file, line=line, column=column, path=hit.path, message=hit.message,
                       rule=rule.id, severity=rule.severity, hint=hit.hint or rule.fix,
                       resource=resource_name(doc, ctx.index.ns(doc)) if doc.kind else None)
