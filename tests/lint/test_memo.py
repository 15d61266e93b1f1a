"""The speed-ups keep every verdict: memoised checks, kind and group dispatch, ignore handling.

Values a check has passed are remembered (facts.k8s.remember); these tests make sure a
remembered string never answers for a different value (another type, an unhashable one, the
same text in a bad key), and that rules skipped by dispatch are the ones that could find nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.lint import Document, LintConfig, Linter
from generator.lint.facts import k8s
from generator.lint.rules import k8s_meta


def _deployment(labels: dict[Any, Any], name: str = "web", annotations: dict[str, Any] | None = None,
                ) -> dict[str, Any]:
    container = {"name": "app", "image": "registry.example.com/app:1",
                 "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"memory": "1Gi"}},
                 "env": [{"name": "LOG_LEVEL", "value": "info"}], "args": ["--port", "8080"]}
    meta: dict[str, Any] = {"name": name, "namespace": "ml", "labels": labels}
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta,
            "spec": {"selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [container]}}}}


def _found(objs: list[dict[str, Any]], rule: str) -> list[str]:
    findings = Linter(LintConfig(schemas=False, enabled=frozenset({rule}))).lint([Document(obj=o) for o in objs])
    return [f"{f.resource} {f.path}: {f.message}" for f in findings]


def test_remember_keeps_only_exact_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    known: set[str] = set()
    for value in (1, True, None, 1.5, b"x"):
        k8s.remember(known, value)
    assert known == set()
    monkeypatch.setattr(k8s, "MEMO_MAX", 2)
    for value in ("a", "b", "c"):
        k8s.remember(known, value)
    assert known == {"c"}  # emptied when full, never unbounded


def test_a_remembered_label_text_does_not_vouch_for_a_bad_key_or_value() -> None:
    good = _deployment({"app": "web", "tier": "model"})
    assert _found([good], "label-syntax") == []
    assert {"app", "tier"} <= k8s_meta.GOOD_KEYS and {"web", "model"} <= k8s_meta.GOOD_VALUES
    # the same valid texts again, beside a bad value, a bad key and values of other types
    bad = _deployment({"app": "web", "tier": "x" * 64, "Bad Key": "model", "n": ["web"], "m": {"a": 1}},
                      name="other")
    found = _found([good, bad], "label-syntax")
    assert [f.split(":")[0] for f in found] == [
        "Deployment/ml/other metadata.labels.tier", "Deployment/ml/other metadata.labels.Bad Key",
        "Deployment/ml/other metadata.labels.n", "Deployment/ml/other metadata.labels.m"]


def test_label_values_of_other_types_are_checked_as_text() -> None:
    # True and 1 hash alike: a remembered "True" or 1 must not answer for the other
    found = _found([_deployment({"a": True, "b": 1, "c": None, "d": 1.5})], "label-syntax")
    assert found == []
    long_number = 10 ** 70
    found = _found([_deployment({"a": long_number})], "label-syntax")
    assert len(found) == 1 and "more than 63" in found[0]


def test_names_and_annotation_keys_stay_checked_per_kind() -> None:
    ok = _deployment({}, name="a.b", annotations={"example.com/ok": "1"})
    # a.b is a valid Deployment name (a DNS-1123 subdomain) but not a Service name (a DNS-1035 label)
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a.b", "namespace": "ml"},
               "spec": {"ports": [{"port": 80}]}}
    assert _found([ok, ok], "object-name") == []
    assert _found([ok, service], "object-name") == ["Service/ml/a.b metadata.name: 'a.b' is not a valid "
                                                    "DNS-1035 label (starts with a letter; [a-z0-9-])"]
    bad = _deployment({}, name="c", annotations={"example.com/ok": "1", "Example.com/x/y": "1"})
    assert [f.split(":")[0] for f in _found([ok, bad], "annotation-key")] == [
        "Deployment/ml/c metadata.annotations.Example.com/x/y"]


def test_secret_literal_remembers_plain_arguments_only() -> None:
    plain = _deployment({})
    leaky = _deployment({}, name="leaky")
    container = leaky["spec"]["template"]["spec"]["containers"][0]
    container["args"] = ["--port", "8080", "--token", "8080", "--api-key=Zx9" * 2 + "Ab1" * 12]
    container["env"] = [{"name": "LOG_LEVEL", "value": "hunter2"}, {"name": "API_TOKEN", "value": "info"}]
    found = _found([plain, leaky], "secret-literal")
    assert [f.split(":")[0] for f in found] == [
        "Deployment/ml/leaky spec.template.spec.containers[0].env[1].value",
        "Deployment/ml/leaky spec.template.spec.containers[0].args[2]",
        "Deployment/ml/leaky spec.template.spec.containers[0].args[4]"]


def test_dispatch_skips_only_rules_that_could_not_apply() -> None:
    linter = Linter(LintConfig(schemas=False))
    core = {r.id for r in linter._rules("v1", "Service")}
    knative = {r.id for r in linter._rules("serving.knative.dev/v1", "Service")}
    assert {"knative-timeout", "knative-feature-flag", "memory-limit-missing"}.isdisjoint(core)
    assert {"service-port", "service-selector-no-match", "service-target-port"} <= core
    assert {"knative-timeout", "knative-feature-flag", "memory-limit-missing"} <= knative
    assert {"service-port", "service-selector-no-match", "service-target-port"}.isdisjoint(knative)
    assert "pod-security-restricted" not in {r.id for r in linter._rules("v1", "ConfigMap")}


def test_ignore_annotation_still_applies_per_document() -> None:
    bad = _deployment({"tier": "x" * 64}, annotations={"infergen.io/ignore": "label-syntax, object-name"})
    other = _deployment({"tier": "x" * 64}, name="other")
    found = Linter(LintConfig(schemas=False)).lint([Document(obj=bad), Document(obj=other)])
    assert {(f.resource, f.rule) for f in found if f.rule == "label-syntax"} == {("Deployment/ml/other",
                                                                                  "label-syntax")}
