"""The ported admission facts against vectors from the upstream tests they come from
(knative/serving pkg/apis/autoscaling/annotation_validation_test.go, apimachinery
pkg/util/validation/validation_test.go, distribution/reference reference_test.go and normalize_test.go,
apimachinery pkg/api/resource/quantity_test.go)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.lint.facts import image, k8s, knative_scaling, kserve, quantity

G = "autoscaling.knative.dev/"
HPA = "hpa.autoscaling.knative.dev"


@pytest.mark.parametrize(("annotations", "valid"), [
    ({G + "class": "unsupported.knative.dev"}, False),
    ({G + "class": "some.other.domain"}, True),
    ({G + "min-scale": "0"}, True), ({G + "max-scale": "0"}, True),
    ({G + "min-scale": "-1"}, False), ({G + "max-scale": "2147483648"}, False),
    ({G + "min-scale": "foo"}, False), ({G + "min-scale": "5", G + "max-scale": "2"}, False),
    ({G + "min-scale": "2", G + "max-scale": "5"}, True),
    ({G + "min-scale": "1", G + "activation-scale": "2", G + "max-scale": "3"}, True),
    ({G + "min-scale": "3", G + "activation-scale": "2"}, False),
    ({G + "max-scale": "1", G + "activation-scale": "2"}, False),
    ({G + "activation-scale": "1"}, False),
    ({G + "metric-aggregation-algorithm": "random-selection"}, False),
    ({G + "metric-aggregation-algorithm": "random-selection", G + "class": "of-keys"}, True),
    ({G + "panic-window-percentage": "-1"}, False), ({G + "panic-window-percentage": "202"}, False),
    ({G + "panic-window-percentage": "fifty"}, False), ({G + "panic-threshold-percentage": "210"}, True),
    ({G + "panic-threshold-percentage": "109"}, False), ({G + "panic-threshold-percentage": "10009"}, False),
    ({G + "target": "-11"}, False), ({G + "target": "0"}, False), ({G + "target": "100}"}, False),
    ({G + "target": "11"}, True),
    ({G + "target-burst-capacity": "-11"}, False), ({G + "target-burst-capacity": "-1"}, True),
    ({G + "target-burst-capacity": "0"}, True), ({G + "target-burst-capacity": "qarashen"}, False),
    ({G + "target-utilization-percentage": "0"}, False), ({G + "target-utilization-percentage": "101"}, False),
    ({G + "window": "jerry-was-a-racecar-driver"}, False), ({G + "window": "1s"}, False),
    ({G + "window": "365h"}, False), ({G + "window": "1m9s82ms"}, False), ({G + "window": "7s"}, True),
    ({G + "scale-to-zero-pod-retention-period": "0"}, True),
    ({G + "scale-to-zero-pod-retention-period": "21m31s"}, True),
    ({G + "scale-to-zero-pod-retention-period": "311m"}, False),
    ({G + "scale-to-zero-pod-retention-period": "-42s"}, False),
    ({G + "scale-down-delay": "1.5s"}, False), ({G + "scale-down-delay": "30m"}, True),
    ({G + "metric": "cpu"}, False), ({G + "metric": "cpu", G + "class": HPA}, True),
    ({G + "metric": "rps"}, True), ({G + "initial-scale": "0"}, False), ({G + "initialScale": "3"}, True),
    ({G + "minScale": "4", G + "maxScale": "3"}, False),
])
def test_knative_annotations(annotations: dict[str, str], valid: bool) -> None:
    assert (list(knative_scaling.problems(annotations)) == []) is valid


def test_knative_max_scale_limit() -> None:
    assert list(knative_scaling.problems({G + "max-scale": "11"}, max_scale_limit=10))
    assert list(knative_scaling.problems({G + "max-scale": "0"}, max_scale_limit=10))
    assert not list(knative_scaling.problems({G + "max-scale": "9"}, max_scale_limit=10))


@pytest.mark.parametrize(("name", "valid"), [
    ("http", True), ("grpc-v2", True), ("a1", True), ("1-a", True), ("123", False), ("http--x", False),
    ("-http", False), ("http-", False), ("Http", False), ("a" * 15, True), ("a" * 16, False), ("http_1", False),
])
def test_port_names(name: str, valid: bool) -> None:
    assert (k8s.port_name(name) == []) is valid


@pytest.mark.parametrize(("value", "valid"), [
    ("", True), ("simple", True), ("now-with-dashes", True), ("1-starts-with-num", True), ("a" * 63, True),
    ("a" * 64, False), ("nospecialchars%^=@", False), ("-starts-with-dash", False), ("ends.with.dot.", False),
    ("4.1.2+build.7", False),
])
def test_label_values(value: str, valid: bool) -> None:
    assert (k8s.label_value(value) == []) is valid


@pytest.mark.parametrize(("key", "valid"), [
    ("app.kubernetes.io/version", True), ("simple", True), ("example.com/a/b", False), ("/name", False),
    ("Example.com/name", False), ("example.com/" + "n" * 64, False),
])
def test_qualified_names(key: str, valid: bool) -> None:
    assert (k8s.qualified_name(key) == []) is valid


@pytest.mark.parametrize(("ref", "valid"), [
    ("test_com", True), ("test.com:tag", True), ("test.com:5000", True), ("test.com/repo:tag", True),
    ("test:5000/repo", True), ("test:5000/repo:tag", True), ("localhost:5000/a/b/c:v1@sha256:" + "f" * 64, True),
    ("lowercase:Uppercase", True), ("Uppercase:tag", False), ("test:5000/Uppercase/lowercase:tag", False),
    ("", False), (":justtag", False), ("repo@sha256:ffffff", False),
    ("validname@invaliddigest:ffffffffffffffff", False),
    ("registry.example.com/model:1.2.3/cpu", False), ("a" * 256, False), ("aa/asdf$$^/aa", False),
    # the 255 limit counts the path without the host, after Docker Hub names gain "library/"
    ("a" * 247, True), ("a" * 248, False), ("example.com/" + "a" * 255, True), ("example.com/" + "a" * 256, False),
    ("a" * 64, False), ("a" * 63, True),  # ParseNormalizedNamed refuses a bare 64-hex identifier
    ("repo:tag\u00e9", False),  # Go's \w is ASCII only
    # go-digest v1.0.0 Digest.Validate: sha256/384/512 only, exact lower-case hex length
    ("repo@sha512:" + "f" * 128, True), ("repo@sha256:" + "F" * 64, False), ("repo@sha256:" + "f" * 63, False),
    ("repo@md5:" + "f" * 32, False),
])
def test_image_references(ref: str, valid: bool) -> None:
    assert (image.problems(ref) == []) is valid


def test_image_tag_inside_repository_gets_the_hint() -> None:
    assert "the tag goes after the last '/'" in image.problems("registry.example.com/model:1.2.3/cpu")[0]


@pytest.mark.parametrize(("value", "parsed"), [
    ("500m", Decimal("0.5")), ("1Gi", Decimal(2**30)), ("1G", Decimal(10**9)), ("2", Decimal(2)),
    ("1e3", Decimal(1000)), ("1.5Mi", Decimal(1.5 * 2**20)), (".5", Decimal("0.5")), ("1GB", None),
    ("1gi", None), ("", None), ("1.2.3", None), ("abc", None), (8, Decimal(8)),
])
def test_quantities(value: object, parsed: Decimal | None) -> None:
    assert quantity.parse(value) == parsed


def test_kserve_runtime_selection_follows_the_version() -> None:
    assert kserve.runtime_problem("0.20", "pytorch", "kserve-torchserve", "v2") is None
    assert "does not serve" in str(kserve.runtime_problem("0.20", "onnx", "kserve-torchserve", None))
    assert "protocolVersion" in str(kserve.runtime_problem("0.20", "tensorflow", "kserve-tensorflow-serving", "v2"))
    assert kserve.runtime_problem("0.20", "autogluon", None, None) is None
    assert kserve.runtime_problem("0.15", "autogluon", None, None) is not None  # shipped from 0.16 on
    assert kserve.runtime_problem("0.20", "sklearn", "my-own-runtime", "v2") is None


def test_kserve_derived_names_per_mode() -> None:
    standard = dict(kserve.derived_names("m", "ns", "Standard"))
    knative = dict(kserve.derived_names("m", "ns", "Knative"))
    assert standard["predictor host label"] == "m-predictor-ns"
    assert knative["first Revision"] == "m-predictor-00001"
