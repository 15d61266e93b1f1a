"""The hand-kept values tables (values_docs.DOCS, values_schema._OPEN, values_file._WHOLE) name
only knobs that generated charts really have, and every top-level knob has a comment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import spec as s
from generator.catalog import load_catalog
from generator.declare.walk import walk
from generator.render import values_file, values_schema
from generator.render.generate import generate
from generator.render.values_docs import DOCS
from tests.conftest import base_catalog

REPO = Path(__file__).resolve().parents[2]
CATALOGS = [REPO / "catalog.yaml", *sorted((REPO / "tests" / "golden").glob("*/catalog.yaml"))]
# knobs no catalog above sets
EXTRAS = [
    base_catalog(disruption={"minAvailable": 1}, scaling={"replicas": 3}),
    base_catalog(name="kn", serving="knative",
                 knative={"containerConcurrency": 4, "responseStartTimeoutSeconds": 30, "idleTimeoutSeconds": 60}),
    base_catalog(name="ks", serving="kserve", image={}, ports=[], probes={},
                 kserve={"modelFormat": "pytorch", "storageUri": "s3://models/ks", "deploymentMode": "Knative",
                         "canaryTrafficPercent": 10, "containerConcurrency": 4, "scaleMetric": "concurrency",
                         "scaleMetricType": "AverageValue", "scaleTarget": 5,
                         "s3": {"endpoint": "minio.ml:9000", "secretName": "s3creds"}},
                 torchserve={"handler": "base_handler", "runtimeVersion": "0.12.0"}),
    base_catalog(name="kd", scaling={"min": 1, "max": 3, "keda": {
        "pollingInterval": 15, "initialCooldownPeriod": 60, "idleReplicas": 0,
        "triggers": [{"type": "rabbitmq", "metadata": {"queueName": "jobs", "value": "5"}}]}}),
    base_catalog(name="kk", serving="kserve", image={}, ports=[], probes={},
                 kserve={"modelFormat": "sklearn", "storageUri": "s3://models/kk",
                         "s3": {"endpoint": "minio.ml:9000", "secretName": "s3creds"}},
                 scaling={"min": 0, "max": 3, "keda": {"triggers": [
                     {"type": "prometheus", "serverAddress": "http://prometheus:9090", "query": "sum(up)",
                      "threshold": 5}]}}),
]
# top-level sections that have no values.yaml comment; documenting one means taking it off this list
UNDOCUMENTED: set[str] = set()

Values = list[dict[str, Any]]


@pytest.fixture(scope="module")
def values(tmp_path_factory: pytest.TempPathFactory) -> Values:
    """The parsed values.yaml of every chart the example and golden catalogs (and EXTRAS) generate."""
    extras = []
    for i, catalog in enumerate(EXTRAS):
        extras.append(tmp_path_factory.mktemp(f"extra{i}") / "catalog.yaml")
        extras[-1].write_text(yaml.safe_dump(catalog), encoding="utf-8")
    out = []
    for path in [*CATALOGS, *extras]:
        files = generate(load_catalog(path)).files
        out += [yaml.safe_load(text) for rel, text in files.items() if rel.endswith("/values.yaml")]
    assert len(out) > 10
    return out


def _paths(all_values: Values) -> set[str]:
    """Top-level knobs and the keys one level below them."""
    paths = set()
    for values in all_values:
        for key, value in values.items():
            paths.add(key)
            if isinstance(value, dict):
                paths.update(f"{key}.{sub}" for sub in value)
    return paths


def _mapping_keys(all_values: Values) -> set[str]:
    """Every key, at any depth, whose value is a mapping (what _OPEN is consulted for)."""
    found: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, dict):
                    found.add(key)
                visit(value)

    for values in all_values:
        visit(values)
    return found


def test_every_documented_knob_exists(values: Values):
    assert sorted(set(DOCS) - _paths(values)) == []


def test_every_top_level_knob_is_documented(values: Values):
    assert {p for p in _paths(values) if "." not in p} - set(DOCS) == UNDOCUMENTED


def test_declared_values_knobs_exist_with_their_comment(values: Values):
    declared = {d.values: d.doc for _path, d in walk(s.Model) if d.values}
    assert declared, "no field declares its values knob"
    assert sorted(set(declared) - _paths(values)) == []
    assert all(DOCS[knob] == doc for knob, doc in declared.items())


def test_open_sections_are_mappings_some_chart_has(values: Values):
    assert sorted(values_schema._OPEN - _mapping_keys(values)) == []


def test_whole_sections_are_top_level_mappings(values: Values):
    top = {key for one in values for key, value in one.items() if isinstance(value, dict)}
    assert sorted(values_file._WHOLE - top) == []
