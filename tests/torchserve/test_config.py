"""config.properties content (no TorchServe needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.torchserve import config as cfg
from tests.torchserve.helpers import make_model

EXPECTED = {
    "inference_address": "http://0.0.0.0:8085",
    "management_address": "http://127.0.0.1:8086",
    "metrics_address": "http://0.0.0.0:8082",
    "grpc_inference_port": "7070",
    "grpc_management_port": "7071",
    "metrics_mode": "prometheus",
    "enable_metrics_api": "true",
    "enable_envvars_config": "false",
    "enable_model_api": "false",
    "disable_token_authorization": "true",
    "model_store": "/mnt/models/model-store",
    "load_models": "all",
}


def parse_properties(text: str) -> dict[str, str]:
    """Enough of java.util.Properties for our output: comments, key=value, ``\\\\`` escapes."""
    props = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith(("#", "!")):
            continue
        key, _, value = line.partition("=")
        props[key.strip()] = re.sub(r"\\(.)", r"\1", value.strip())
    return props


def test_kserve_config_keys(tmp_path: Path) -> None:
    model = make_model(tmp_path, batch_size=4, max_batch_delay_ms=50, min_workers=2, max_workers=3,
                       response_timeout=60, version="2.0")
    props = parse_properties(cfg.kserve_config(model, "default"))
    for key, value in EXPECTED.items():
        assert props[key] == value, key
    assert "metrics_format" not in props
    assert "install_py_dep_per_model" not in props
    snapshot = json.loads(props["model_snapshot"])
    assert list(snapshot["models"]) == ["lin"]
    assert snapshot["models"]["lin"]["2.0"] == {
        "batchSize": 4, "maxBatchDelay": 50, "minWorkers": 2, "maxWorkers": 3, "responseTimeout": 60,
        "defaultVersion": True, "marName": "lin.mar"}


def test_allowed_urls_only_own_storage(tmp_path: Path) -> None:
    props = parse_properties(cfg.kserve_config(make_model(tmp_path), "default"))
    patterns = props["allowed_urls"].split(",")

    def allowed(url: str) -> bool:
        return any(re.fullmatch(p, url) for p in patterns)

    assert allowed("file:///mnt/models/model-store/lin.mar")
    assert allowed("pvc://torchserve-claim/lin/model-store/lin.mar")
    assert not allowed("pvc://torchserve-claim/linx/evil.mar")
    assert not allowed("https://attacker.example.com/evil.mar")
    assert not allowed("file:///etc/passwd")


def test_requirements_enable_per_model_deps(tmp_path: Path) -> None:
    props = parse_properties(cfg.kserve_config(make_model(tmp_path, requirements="req.txt"), "default"))
    assert props["install_py_dep_per_model"] == "true"


def test_deterministic_and_mar_name_per_format(tmp_path: Path) -> None:
    model = make_model(tmp_path)
    assert cfg.kserve_config(model, "default") == cfg.kserve_config(model, "default")
    for fmt, name in (("default", "lin.mar"), ("zip-store", "lin.mar"), ("tgz", "lin.tar.gz"),
                      ("no-archive", "lin")):
        snap = json.loads(parse_properties(cfg.kserve_config(model, fmt))["model_snapshot"])
        assert snap["models"]["lin"]["1.0"]["marName"] == name


def test_local_variant_is_loopback(tmp_path: Path) -> None:
    """``serve`` runs on a developer machine: every endpoint, management included, stays on loopback."""
    ports = {"inference": 1, "management": 2, "metrics": 3, "grpc": 4, "grpc_mgmt": 5}
    props = parse_properties(cfg.local_config(make_model(tmp_path), "default", "/x/store", ports))
    assert props["inference_address"] == "http://127.0.0.1:1"
    assert props["management_address"] == "http://127.0.0.1:2"
    assert props["metrics_address"] == "http://127.0.0.1:3"
    assert (props["grpc_inference_address"], props["grpc_inference_port"]) == ("127.0.0.1", "4")
    assert (props["grpc_management_address"], props["grpc_management_port"]) == ("127.0.0.1", "5")
    assert props["model_store"] == "/x/store"
    assert props["allowed_urls"].split(",")[0] == "file:///x/store/.*"
    for key in ("disable_token_authorization", "enable_envvars_config", "enable_model_api", "metrics_mode"):
        assert props[key] == EXPECTED[key], key


def _listen_ports(props: dict[str, str]) -> set[int]:
    ports = {int(props[k].rsplit(":", 1)[1]) for k in ("inference_address", "management_address", "metrics_address")}
    return ports | {int(props[k]) for k in ("grpc_inference_port", "grpc_management_port")}


def test_no_port_collides_with_the_wrapper(tmp_path: Path) -> None:
    from generator.lint.facts.torchserve import WRAPPER_PORTS

    for version in ("0.9.0", "0.12.0"):
        props = cfg.properties(make_model(tmp_path), "default", version=version)
        ports = _listen_ports(props)
        assert len(ports) == 5, props  # distinct among themselves
        assert not ports & WRAPPER_PORTS, (version, ports)


def test_grpc_address_keys_only_where_torchserve_knows_them(tmp_path: Path) -> None:
    old = parse_properties(cfg.kserve_config(make_model(tmp_path), "default", "0.9.0"))
    new = parse_properties(cfg.kserve_config(make_model(tmp_path), "default", "0.12.0"))
    assert "grpc_inference_address" not in old and "grpc_management_address" not in old
    assert new["grpc_inference_address"] == new["grpc_management_address"] == "127.0.0.1"
    assert "all interfaces" in cfg.kserve_config(make_model(tmp_path), "default", "0.9.0")
    assert "all interfaces" not in cfg.kserve_config(make_model(tmp_path), "default", "0.12.0")


def test_runtime_version_default_and_override(tmp_path: Path) -> None:
    from generator.lint.facts.torchserve import runtime_version

    assert runtime_version(make_model(tmp_path)) == "0.9.0"
    assert runtime_version(make_model(tmp_path, runtime_version="0.12.0")) == "0.12.0"
    props = parse_properties(cfg.kserve_config(make_model(tmp_path, runtime_version="0.12.0"), "default"))
    assert props["grpc_management_address"] == "127.0.0.1"


ADDRESS_KEYS = {"inference_address", "management_address", "metrics_address", "grpc_inference_address",
                "grpc_management_address"}


def _host(value: str) -> str:
    return value.split("://", 1)[-1].rsplit(":", 1)[0] if "://" in value else value


def test_every_address_of_every_config_is_pinned(tmp_path: Path) -> None:
    """Each config infergen writes names each address key, and only inference and metrics leave the pod
    (the KServe wrapper calls management and gRPC over loopback)."""
    model = make_model(tmp_path)
    ports = {"inference": 1, "management": 2, "metrics": 3, "grpc": 4, "grpc_mgmt": 5}
    configs = {"kserve": parse_properties(cfg.kserve_config(model, "default", "0.12.0")),
               "local": parse_properties(cfg.local_config(model, "default", "/x/store", ports))}
    # TorchServe 0.9.0 (KServe 0.20's pin) has no grpc_*_address keys: the gRPC ports bind every
    # interface there, which test_grpc_address_keys_only_where_torchserve_knows_them pins instead
    old = parse_properties(cfg.kserve_config(model, "default", "0.9.0"))
    assert {k for k in old if "address" in k} == ADDRESS_KEYS - {"grpc_inference_address", "grpc_management_address"}
    assert {k for k in old if "address" in k and _host(old[k]) != "127.0.0.1"} == {"inference_address",
                                                                                   "metrics_address"}
    for name, props in configs.items():
        addresses = {k for k in props if "address" in k}
        assert addresses == ADDRESS_KEYS, name
        public = {k for k in addresses if _host(props[k]) != "127.0.0.1"}
        assert public == ({"inference_address", "metrics_address"} if name == "kserve" else set()), name
        assert all(_host(props[k]) in ("127.0.0.1", "0.0.0.0") for k in addresses), name


def test_gpu_count_only_pinned_for_cpu_models(tmp_path: Path) -> None:
    """A CPU model says number_of_gpu=0 (it must not grab a GPU on a shared node); a GPU model leaves
    TorchServe to count the GPUs it was given."""
    cpu = parse_properties(cfg.kserve_config(make_model(tmp_path), "default"))
    gpu = parse_properties(cfg.kserve_config(make_model(tmp_path, device="gpu"), "default"))
    assert cpu["number_of_gpu"] == "0"
    assert "number_of_gpu" not in gpu


def test_values_survive_java_properties_escaping(tmp_path: Path) -> None:
    """Java's Properties drops a lone backslash, so the regex in allowed_urls is written with doubled
    ones and reads back exactly."""
    model = make_model(tmp_path)
    props = parse_properties(cfg.kserve_config(model, "default"))
    assert "\\" in cfg.allowed_urls(model, cfg.KSERVE_MODEL_STORE)
    assert props["allowed_urls"] == cfg.allowed_urls(model, cfg.KSERVE_MODEL_STORE)
    assert cfg.render({"k": "a\\b"}, "0.12.0").splitlines()[-1] == "k=a\\\\b"
