"""The CRD schemas shipped in the package: complete, loadable, and equal to the upstream CRDs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.catalog.schema import build_schema
from generator.lint import bundled
from generator.lint.bundled.refresh import strip
from generator.lint.crds import schemas_from_crds
from generator.lint.documents import load_paths

EMITTED = {  # every custom kind the generator writes, and the project that must ship its schema
    ("argoproj.io/v1alpha1", "Application"): "argocd", ("argoproj.io/v1alpha1", "AppProject"): "argocd",
    ("serving.knative.dev/v1", "Service"): "knative", ("serving.kserve.io/v1beta1", "InferenceService"): "kserve",
    ("serving.kserve.io/v1alpha1", "ServingRuntime"): "kserve",
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "prometheus-operator",
    ("monitoring.coreos.com/v1", "PodMonitor"): "prometheus-operator",
    ("configuration.konghq.com/v1", "KongPlugin"): "kong", ("configuration.konghq.com/v1", "KongConsumer"): "kong",
    ("keda.sh/v1alpha1", "ScaledObject"): "keda",
}
RELEASES = [(p, v) for p in sorted(bundled.SOURCES) for v in bundled.versions(p)]


@pytest.mark.parametrize(("project", "version"), RELEASES, ids=[f"{p}-{v}" for p, v in RELEASES])
def test_every_release_ships_its_kinds(project: str, version: str) -> None:
    data = json.loads(gzip.decompress(bundled.bundle_file(project, version).read_bytes()))
    wanted = {key for key, owner in EMITTED.items() if owner == project}
    assert {tuple(k.split("\n")) for k in data} >= wanted
    for key in wanted:
        found = bundled.schema(*key, {project: version})
        assert found is not None and found[1] == f"bundled {project} {version}"
        assert found[0]["additionalProperties"] is False  # strict: unknown fields are errors


def test_sources_record_every_bundle() -> None:
    index = json.loads((bundled.HERE / "index.json").read_text())
    assert set(index) == {f"{p}-{v}" for p, v in RELEASES}
    for record in index.values():
        assert len(record["commit"]) == 40 and record["license"] in ("Apache-2.0", "MIT")
        assert record["tag"] == bundled.SOURCES[record["project"]]["releases"][record["version"]]
    sources = (bundled.HERE / "SOURCES.md").read_text()
    assert all(r["commit"] in sources for r in index.values())


def test_catalog_accepts_exactly_the_bundled_releases() -> None:
    cluster = build_schema()["$defs"]["model"]["properties"]["cluster"]["properties"]
    for field, project in (("kserveVersion", "kserve"), ("knativeVersion", "knative"), ("argocdVersion", "argocd")):
        assert cluster[field]["enum"] == bundled.versions(project)
        assert cluster[field]["default"] == bundled.latest(project)


def test_strip_keeps_properties_named_description() -> None:
    node = {"description": "drop", "properties": {"description": {"type": "string", "description": "drop"}}}
    assert strip(node) == {"properties": {"description": {"type": "string"}}}


def test_bundle_equals_the_upstream_crd_copies(crds: Path) -> None:
    """Cross-check: converting the independent upstream copies gives exactly the bundled schemas."""
    upstream = schemas_from_crds(load_paths([str(crds / "yaml")]))
    pinned = {"argocd": "3.5", "knative": "1.23", "kserve": "0.20", "prometheus-operator": "0.93", "kong": "1.5"}
    compared = 0
    for (api_version, kind), schema in sorted(upstream.items()):
        found = bundled.schema(api_version, kind, pinned)
        if found is None:
            continue  # kinds infergen never emits (Knative Route, Revision, Configuration)
        assert found[0] == strip(schema), (api_version, kind)
        compared += 1
    assert compared >= len(EMITTED)


def test_spec_defaults_are_the_newest_bundled_releases() -> None:
    """spec.Cluster sits below lint in the layers, so it repeats the defaults; this holds them together."""
    from generator.spec import Cluster

    assert dict(Cluster().releases()) == {p: bundled.latest(p) for p in ("argocd", "knative", "kserve")}
