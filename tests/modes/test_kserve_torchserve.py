"""KServe's TorchServe runtime: writable paths, the TEMP emptyDir size, runtimeVersion."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.torchserve.errors import TorchServeError
from generator.torchserve.package import check_unpacked
from tests.conftest import find
from tests.modes.conftest import assert_points_at, catalog_errors, error_for, schema_errors
from tests.modes.test_kserve import kserve

TORCHSERVE = {"modelFormat": "pytorch", "runtime": "kserve-torchserve", "protocolVersion": "v1",
              "storageUri": "pvc://torchserve-claim/x"}


def _pod_volumes(docs: list[dict]) -> dict[str, dict]:
    """mountPath → the emptyDir mounted there, from the rendered InferenceService."""
    predictor = find(docs, "InferenceService", "demo")["spec"]["predictor"]
    vols = {v["name"]: v for v in predictor["volumes"]}
    return {m["mountPath"]: vols[m["name"]]["emptyDir"] for m in predictor["model"]["volumeMounts"]}


def test_listed_paths_add_to_the_runtime_defaults(build):
    built = build(kserve({**TORCHSERVE, "unpackedSize": "6Gi"}, image={},
                         security={"writablePaths": ["/tmp", "/scratch"]}))
    mounts = _pod_volumes(built.render())
    assert set(mounts) == {"/tmp", "/home/model-server/tmp", "/home/model-server/logs", "/scratch"}
    # 6Gi unpacked + a quarter + 256Mi headroom
    assert mounts["/home/model-server/tmp"] == {"sizeLimit": f"{6 * 1024 * 5 // 4 + 256}Mi"}
    assert mounts["/scratch"] == {"sizeLimit": "1Gi"}


def test_runtime_version_reaches_the_predictor(build):
    built = build(kserve(TORCHSERVE, image={}, torchserve={"handler": "base_handler", "runtimeVersion": "0.12.0"}))
    model = find(built.render(), "InferenceService", "demo")["spec"]["predictor"]["model"]
    assert model["runtimeVersion"] == "0.12.0"
    assert schema_errors(built.root, "demo", "ml") == []  # KServe's CRD knows the field


def test_a_moved_temp_must_be_writable(write_catalog):
    file = write_catalog(kserve(TORCHSERVE, image={}, env={"TEMP": "/scratch/tmp"}))
    finding = error_for(catalog_errors(file), "models[0].security.writablePaths")
    assert "/scratch/tmp" in finding.message and "unpacks" in finding.message
    assert finding.hint == "add /scratch/tmp to security.writablePaths"
    assert_points_at(file, finding, "name: demo")  # no writablePaths to point at: the model


def test_a_parent_directory_covers_a_moved_temp(write_catalog):
    from generator.catalog import load_catalog

    file = write_catalog(kserve(TORCHSERVE, image={}, env={"TEMP": "/scratch/tmp"},
                                security={"writablePaths": ["/scratch"]}))
    assert load_catalog(file).models[0].security.writable_paths[-1] == "/scratch"


def test_declared_unpacked_size_must_hold_the_archive(tmp_path: Path):
    from dataclasses import replace

    from generator.spec import KServe
    from tests.torchserve.helpers import make_model

    model = make_model(tmp_path)
    small = replace(model, kserve=KServe(model_format="pytorch", unpacked_size="1Mi"))
    with pytest.raises(TorchServeError, match=r"set it to at least 2Mi"):
        check_unpacked(small, 2 * 2**20 - 5)
    check_unpacked(replace(model, kserve=KServe(model_format="pytorch", unpacked_size="2Mi")), 2 * 2**20)


@pytest.mark.parametrize("version", ["0.9.0", "0.12.0"])
def test_network_policy_closes_what_torchserve_cannot_keep_on_loopback(build, version):
    from generator.catalog import load_catalog
    from generator.lint.facts.torchserve import grpc_on_all_interfaces
    from generator.torchserve import config as cfg

    built = build(kserve(TORCHSERVE, image={}, networkPolicy={"allowSameNamespace": True},
                         torchserve={"handler": "base_handler", "runtimeVersion": version}))
    policy = find(built.render(), "NetworkPolicy", "demo")
    admitted = {p["port"] for rule in policy["spec"]["ingress"] for p in rule["ports"]}
    assert admitted == {8080}  # the wrapper's REST port, nothing of TorchServe's own
    props = cfg.properties(load_catalog(built.root / "catalog.yaml").models[0], "default")
    exposed = {int(props[k].rsplit(":", 1)[1]) for k in ("inference_address", "metrics_address")
               if "127.0.0.1" not in props[k]}
    if grpc_on_all_interfaces(version):
        assert "grpc_inference_address" not in props
        exposed |= {int(props["grpc_inference_port"]), int(props["grpc_management_port"])}
    else:
        assert props["grpc_inference_address"] == props["grpc_management_address"] == "127.0.0.1"
    assert exposed and not exposed & admitted


@pytest.mark.parametrize("name", ["nllb-200-1dot3b", "minilm-embedder"])
def test_reference_models_as_generated(name: str) -> None:
    """The committed charts of both reference TorchServe models give the runtime what it needs."""
    import yaml

    from generator import helm
    from generator.catalog import load_catalog
    from generator.lint.facts.torchserve import required_writable
    from generator.report import quantity
    from tests.conftest import REPO

    model = load_catalog(REPO / "catalog.yaml").model(name)
    assert model is not None and model.kserve is not None and model.kserve.unpacked_size
    release = helm.Release(REPO / "charts" / name, name, model.namespace)
    docs = [d for path, text in helm.render(release).manifests.items() if path.endswith(".yaml")
            for d in yaml.safe_load_all(text) if d]
    isvc = find(docs, "InferenceService", name)
    vols = {v["name"]: v for v in isvc["spec"]["predictor"]["volumes"]}
    mounts = {m["mountPath"]: vols[m["name"]]["emptyDir"]
              for m in isvc["spec"]["predictor"]["model"]["volumeMounts"]}
    assert set(required_writable(model)) <= set(mounts)
    temp = mounts["/home/model-server/tmp"]["sizeLimit"]
    assert quantity(temp) > quantity(model.kserve.unpacked_size)
    policy = find(docs, "NetworkPolicy", name)
    assert {p["port"] for rule in policy["spec"]["ingress"] for p in rule["ports"]} == {8080}
