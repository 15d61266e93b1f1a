"""Catalog errors of ``rollout``: located (catalog.yaml:line:col: models[i].rollout...), with a hint."""

from __future__ import annotations

from typing import Any

import pytest

from generator.catalog import load_catalog
from tests.conftest import base_catalog
from tests.modes.conftest import assert_points_at, catalog_errors, error_for
from tests.rollout.test_render import deployment, knative, kserve

CANARY = {"canary": {"image": {"tag": "2.0.0"}}, "percent": 10}


def with_rollout(cat: dict[str, Any], **rollout: Any) -> dict[str, Any]:
    cat["models"][0]["rollout"] = {**CANARY, **rollout}
    return cat


CASES = [
    (with_rollout(base_catalog(), canary={"image": {"tag": "1.0.0"}}), "models[0].rollout.canary",
     "identical to the stable", "canary"),
    (with_rollout(base_catalog(), canary={"storageUri": "pvc://weights/v2"}), "models[0].rollout.canary.storageUri",
     "KServe field", "storageUri"),
    (with_rollout(base_catalog(workload="StatefulSet")), "models[0].rollout", "not a StatefulSet", "rollout"),
    (with_rollout(knative(), gateway={"name": "kong"}), "models[0].rollout.gateway", "serving: deployment",
     "gateway"),
    (with_rollout(knative(), replicas=2), "models[0].rollout.replicas", "autoscaler", "replicas"),
    (with_rollout(kserve("Standard", "0.19"), canary={"storageUri": "pvc://weights/v2"}), "models[0].rollout",
     "would ignore the rollout", "rollout"),
    (with_rollout(kserve("Knative")), "models[0].rollout.canary.image", "ServingRuntime", "image"),
    (with_rollout(kserve("Standard"), canary={"storageUri": "pvc://weights/v2"}, replicas=3),
     "models[0].rollout.replicas", "more replicas", "replicas"),
    (with_rollout(kserve("Standard"), canary={"storageUri": "pvc://other/v2"}), "models[0].rollout.canary.storageUri",
     "claim 'other'", "storageUri"),
    (with_rollout(base_catalog(), percent=101), "models[0].rollout.percent", "101", "percent"),
    (with_rollout(base_catalog(), canary={}), "models[0].rollout.canary", "", "canary"),
]


@pytest.mark.parametrize(("content", "path", "words", "key"), CASES, ids=[c[1] + ":" + c[2] for c in CASES])
def test_located_error(write_catalog, content, path, words, key):
    file = write_catalog(content)
    found = error_for(catalog_errors(file), path)
    assert words in found.message and found.hint
    assert str(found).startswith(f"catalog.yaml:{found.line}:{found.column}: {path}: "), str(found)
    assert_points_at(file, found, key)


def test_kserve_standard_020_and_knative_mode_accept_the_rollout(write_catalog):
    for cat in (kserve("Standard"), kserve("Knative")):
        with_rollout(cat, canary={"storageUri": "pvc://weights/v2"})
        loaded = load_catalog(write_catalog(cat))
        rollout = loaded.models[0].rollout
        assert rollout is not None and rollout.canary.storage_uri == "pvc://weights/v2" and rollout.percent == 10


def test_canary_image_is_merged_over_the_stable_one(write_catalog):
    cat = deployment()
    cat["models"][0]["image"]["digest"] = "sha256:" + "a" * 64
    model = load_catalog(write_catalog(cat)).models[0]
    assert model.rollout is not None and model.rollout.canary.image is not None
    # a new tag does not inherit the stable digest (which would win over the tag)
    assert model.rollout.canary.image.reference == "registry.example.com/demo:2.0.0"
