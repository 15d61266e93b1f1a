"""Issue 18: published ports (NodePort, LoadBalancer), their NetworkPolicy sources and the gateway
they skip; ConfigMap checks; the pull policy of mutable tags; the default monitoring label."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.catalog import CatalogError, load_catalog
from generator.render.network import network_ingress
from generator.spec import Catalog
from tests.conftest import base_catalog

Write = Callable[[dict[str, Any] | str], Path]
KONG = {"ingress": {"className": "kong", "host": "a.example.com"}, "kong": {"keyAuth": True}}


def _load(write_catalog: Write, **model: Any) -> Catalog:
    return load_catalog(write_catalog(base_catalog(**model)), "catalog.yaml")


def _warnings(catalog: Catalog) -> dict[str, str]:
    return {w.path: w.message for w in catalog.warnings}


def _errors(write_catalog: Write, **model: Any) -> dict[str, str]:
    with pytest.raises(CatalogError) as exc:
        _load(write_catalog, **model)
    return {f.path: f.message for f in exc.value.findings}


def test_node_ports_without_external_clients_warn(write_catalog: Write):
    warnings = _warnings(_load(write_catalog, service={"nodePorts": {"http": 30080}}))
    assert "admits no client outside" in warnings["models[0].networkPolicy"]


def test_external_clients_need_the_local_traffic_policy(write_catalog: Write):
    cluster = _load(write_catalog, service={"nodePorts": {"http": 30080}},
                    networkPolicy={"externalClients": ["10.0.0.0/8"]})
    assert "node's address" in _warnings(cluster)["models[0].service.externalTrafficPolicy"]
    local = _load(write_catalog, service={"nodePorts": {"http": 30080}, "externalTrafficPolicy": "Local"},
                  networkPolicy={"externalClients": ["10.0.0.0/8"]})
    assert _warnings(local) == {}


def test_load_balancer_source_ranges_are_the_default_external_clients(write_catalog: Write):
    catalog = _load(write_catalog, service={"type": "LoadBalancer", "loadBalancerSourceRanges": ["192.0.2.0/24"],
                                            "externalTrafficPolicy": "Local"})
    assert _warnings(catalog) == {}
    [external] = [r for r in network_ingress(catalog.models[0]) if "ipBlock" in r["from"][0]]
    assert external == {"from": [{"ipBlock": {"cidr": "192.0.2.0/24"}}], "ports": [{"port": "http",
                                                                                    "protocol": "TCP"}]}


def test_published_ports_skipping_kong_warn_unless_acknowledged(write_catalog: Write):
    service = {"nodePorts": {"http": 30080}, "externalTrafficPolicy": "Local"}
    policy = {"externalClients": ["10.0.0.0/8"]}
    warned = _load(write_catalog, service=service, networkPolicy=policy, **KONG)
    assert "without Kong" in _warnings(warned)["models[0].service"]
    accepted = _load(write_catalog, service={**service, "gatewayBypass": True}, networkPolicy=policy, **KONG)
    assert _warnings(accepted) == {}


@pytest.mark.parametrize(("model", "path"), [
    ({"service": {"loadBalancerSourceRanges": ["10.0.0.0/8"]}}, "models[0].service.loadBalancerSourceRanges"),
    ({"service": {"externalTrafficPolicy": "Local"}}, "models[0].service.externalTrafficPolicy"),
    ({"networkPolicy": {"externalClients": ["10.0.0.0/8"]}}, "models[0].networkPolicy.externalClients"),
    ({"configMaps": [{"name": "cfg", "data": {"A": "1"}}]}, "models[0].configMaps[0]"),
    ({"configMaps": [{"name": "cfg", "data": {}, "envFrom": True}, {"name": "cfg", "data": {}, "envFrom": True}]},
     "models[0].configMaps[1].name"),
    ({"configMaps": [{"name": "a", "data": {}, "mountPath": "/etc/cfg"},
                     {"name": "b", "data": {}, "mountPath": "/etc/cfg"}]}, "models[0].configMaps[1].mountPath"),
    ({"ingress": {"host": "a.example.com", "path": "/x", "paths": ["/a", "/b"]}}, "models[0].ingress.path"),
])
def test_misplaced_settings_are_errors(write_catalog: Write, model: dict[str, Any], path: str):
    assert path in _errors(write_catalog, **model)


def test_cors_with_credentials_and_any_origin_warns(write_catalog: Write):
    catalog = _load(write_catalog, ingress=KONG["ingress"],
                    kong={"cors": {"origins": ["*"], "credentials": True}})
    assert "origin '*'" in _warnings(catalog)["models[0].kong.cors.credentials"]


@pytest.mark.parametrize(("image", "policy"), [
    ({"repository": "r.example.com/m", "tag": "latest"}, "Always"),
    ({"repository": "r.example.com/m"}, "Always"),
    ({"repository": "r.example.com/m", "tag": "1.2.3"}, "IfNotPresent"),
    ({"repository": "r.example.com/m", "digest": "sha256:" + "a" * 64}, "IfNotPresent"),
    ({"repository": "r.example.com/m", "tag": "latest", "pullPolicy": "IfNotPresent"}, "IfNotPresent"),
])
def test_pull_policy_follows_the_tag(write_catalog: Write, image: dict[str, Any], policy: str):
    model = _load(write_catalog, image=image).models[0]
    assert model.image is not None and model.image.pull_policy == policy


def test_monitoring_labels_default_and_defaults_block(write_catalog: Write):
    model = _load(write_catalog).models[0]
    assert dict(model.monitoring.labels) == {"release": "kube-prometheus-stack"}
    content = base_catalog()
    content["defaults"] = {"monitoring": {"labels": {"release": "prometheus"}}}
    catalog = load_catalog(write_catalog(content), "catalog.yaml")
    assert dict(catalog.models[0].monitoring.labels) == {"release": "prometheus"}


def test_long_config_map_names_get_distinct_volume_names(write_catalog: Write, tmp_path: Path):
    """Two names sharing their first 56 characters must not truncate to one volume name."""
    from generator.output.write import write_tree
    from generator.render.generate import generate
    from tests.conftest import Built

    stem = "x" * 60
    catalog = _load(write_catalog, configMaps=[{"name": f"{stem}-a", "data": {"A": "1"}, "mountPath": "/etc/a"},
                                               {"name": f"{stem}-b", "data": {"B": "2"}, "mountPath": "/etc/b"}])
    write_tree(tmp_path / "out", generate(catalog).files)
    [deploy] = [d for d in Built(tmp_path / "out", catalog).render() if d["kind"] == "Deployment"]
    volumes = {v["name"]: v for v in deploy["spec"]["template"]["spec"]["volumes"] if "configMap" in v}
    assert len(volumes) == 2 and all(len(n) <= 63 and not n.endswith("-") for n in volumes)
    assert {v["configMap"]["name"] for v in volumes.values()} == {f"{stem}-a", f"{stem}-b"}
    mounts = {m["mountPath"]: m["name"] for m in deploy["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]}
    assert {mounts["/etc/a"], mounts["/etc/b"]} == set(volumes)
