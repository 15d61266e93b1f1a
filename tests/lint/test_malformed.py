"""A field of the wrong type (``ports: [5]``) is a finding, never a crash: rules read fields in the
shapes the schema gives them, and the engine turns a rule that cannot read a document into the
schema finding (schemas on) or a ``malformed`` finding (schemas off)."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.lint import LintConfig, Linter, parse_text

CASES = Path(__file__).resolve().parent / "cases"
WRONG = [5, "x", [], {}, None, [5], {"a": 1}, True]


def _documents() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for path in sorted(CASES.glob("*/manifests.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if isinstance(d, dict)]
    return docs


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    out = []
    for key, value in items:
        out.append((*prefix, key))
        out += _paths(value, (*prefix, key))
    return out


def _mutants(seed: int, count: int) -> list[tuple[str, tuple[Any, ...], str]]:
    rng = random.Random(seed)
    docs = _documents()
    out = []
    while len(out) < count:
        doc = copy.deepcopy(rng.choice(docs))
        paths = _paths(doc)
        if not paths:
            continue
        path = rng.choice(paths)
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = rng.choice(WRONG)
        out.append((str(doc.get("kind")), path, yaml.safe_dump(doc)))
    return out


MUTANTS = _mutants(20261129, 400)


@pytest.mark.parametrize("schemas", [True, False], ids=["schemas", "rules-only"])
def test_no_wrongly_typed_field_crashes_the_linter(schemas: bool) -> None:
    linter = Linter(LintConfig(schemas=schemas))
    for kind, path, text in MUTANTS:
        try:
            linter.lint(parse_text(text, "m.yaml"))
        except Exception as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{kind} with {'.'.join(map(str, path))} mistyped: {type(exc).__name__}: {exc}")


PORTS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: x, namespace: ml}
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers:
        - name: c
          image: nginx:1.27
          ports: [5]
          readinessProbe: {httpGet: {path: /, port: http}}
"""


def test_the_schema_names_the_field_and_no_rule_failure_is_added() -> None:
    findings = Linter(LintConfig()).lint(parse_text(PORTS, "m.yaml"))
    schema = [f for f in findings if f.rule == "schema"]
    assert [f.path for f in schema] == ["spec.template.spec.containers[0].ports[0]"]
    assert (schema[0].line, schema[0].column) == (12, 19)
    assert not [f for f in findings if f.rule == "malformed"]


def test_without_schemas_the_unreadable_document_is_a_malformed_finding() -> None:
    findings = Linter(LintConfig(schemas=False)).lint(parse_text(PORTS, "m.yaml"))
    malformed = [f for f in findings if f.rule == "malformed"]
    assert malformed and all(f.severity == "error" and f.resource == "Deployment/ml/x" for f in malformed)
    assert "probe-port" in malformed[0].message
