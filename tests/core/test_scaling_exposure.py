"""Issue 2: scaling (replicas, HPA, PDB, StatefulSet) and exposure (Service, Ingress, Kong, policies)."""

from __future__ import annotations

from typing import Any

from tests.conftest import base_catalog, find

SELECTOR = {"app.kubernetes.io/name": "demo", "app.kubernetes.io/instance": "demo"}



def kinds(docs: list[dict[str, Any]]) -> list[str]:
    return sorted(d["kind"] for d in docs)


def test_hpa_v2_metrics_and_behavior(docs):
    hpa = find(docs, "HorizontalPodAutoscaler", "demo")
    assert hpa["apiVersion"] == "autoscaling/v2"
    spec = hpa["spec"]
    assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "demo"}
    assert (spec["minReplicas"], spec["maxReplicas"]) == (2, 6)
    assert spec["metrics"] == [
        {
            "type": "Resource",
            "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}},
        },
        {
            "type": "Resource",
            "resource": {"name": "memory", "target": {"type": "Utilization", "averageUtilization": 75}},
        },
    ]
    assert spec["behavior"] == {
        "scaleUp": {
            "stabilizationWindowSeconds": 30,
            "selectPolicy": "Max",
            "policies": [
                {"type": "Percent", "value": 100, "periodSeconds": 60},
                {"type": "Pods", "value": 2, "periodSeconds": 60},
            ],
        },
        "scaleDown": {
            "stabilizationWindowSeconds": 300,
            "policies": [{"type": "Pods", "value": 1, "periodSeconds": 120}],
        },
    }


def test_hpa_owns_replicas(docs, full):
    assert "replicas" not in find(docs, "Deployment", "demo")["spec"]
    app = full.app("demo")
    assert app["spec"]["ignoreDifferences"] == [
        {
            "group": "apps",
            "kind": "Deployment",
            "name": "demo",
            "namespace": "ml",
            "jsonPointers": ["/spec/replicas"],
        }
    ]
    assert "RespectIgnoreDifferences=true" in app["spec"]["syncPolicy"]["syncOptions"]


def test_cpu_only_hpa(build):
    docs = build(base_catalog(scaling={"min": 1, "max": 3, "cpuUtilization": 50})).render()
    metrics = find(docs, "HorizontalPodAutoscaler")["spec"]["metrics"]
    assert [m["resource"]["name"] for m in metrics] == ["cpu"]
    assert "behavior" not in find(docs, "HorizontalPodAutoscaler")["spec"]


def test_fixed_replicas_no_hpa(build):
    built = build(base_catalog(scaling={"replicas": 3}))
    docs = built.render()
    assert find(docs, "Deployment")["spec"]["replicas"] == 3
    assert not [d for d in docs if d["kind"] == "HorizontalPodAutoscaler"]
    assert "ignoreDifferences" not in built.app("demo")["spec"]


def test_statefulset_with_headless_service(build):
    built = build(
        base_catalog(workload="StatefulSet", scaling={"replicas": 2}, disruption={"maxUnavailable": 1})
    )
    docs = built.render()
    sts = find(docs, "StatefulSet", "demo")
    assert sts["spec"]["replicas"] == 2
    assert sts["spec"]["serviceName"] == "demo-headless"
    assert not [d for d in docs if d["kind"] == "Deployment"]
    headless = find(docs, "Service", "demo-headless")
    assert headless["spec"]["clusterIP"] == "None"
    assert headless["spec"]["selector"] == SELECTOR
    assert find(docs, "PodDisruptionBudget")["spec"]["maxUnavailable"] == 1


def test_pdb_min_available(docs):
    pdb = find(docs, "PodDisruptionBudget", "demo")
    assert pdb["apiVersion"] == "policy/v1"
    assert pdb["spec"]["minAvailable"] == 1 and "maxUnavailable" not in pdb["spec"]
    assert pdb["spec"]["selector"] == {"matchLabels": SELECTOR}


def test_pdb_max_unavailable_percent(build):
    docs = build(base_catalog(scaling={"replicas": 4}, disruption={"maxUnavailable": "25%"})).render()
    assert find(docs, "PodDisruptionBudget")["spec"]["maxUnavailable"] == "25%"


def test_no_pdb_by_default(build):
    assert "PodDisruptionBudget" not in kinds(build(base_catalog()).render())


def test_service_clusterip_and_extra_services(docs):
    svc = find(docs, "Service", "demo")
    assert svc["spec"]["type"] == "ClusterIP"
    assert svc["spec"]["selector"] == SELECTOR
    assert [(p["name"], p["port"], p["targetPort"]) for p in svc["spec"]["ports"]] == [
        ("http", 8000, "http"),
        ("metrics", 9090, "metrics"),
        ("grpc", 9000, "grpc"),
    ]
    assert svc["spec"]["ports"][2]["appProtocol"] == "grpc"
    assert all("nodePort" not in p for p in svc["spec"]["ports"])
    assert svc["metadata"]["annotations"]["example.com/svc"] == "yes"
    assert find(docs, "Service", "demo-headless")["spec"]["clusterIP"] == "None"
    nodeport = find(docs, "Service", "demo-nodeport")
    assert nodeport["spec"]["type"] == "NodePort"
    assert nodeport["spec"]["ports"] == [
        {"name": "http", "port": 8000, "targetPort": "http", "protocol": "TCP", "nodePort": 30080}
    ]


def test_service_nodeport_type(build):
    docs = build(base_catalog(service={"type": "NodePort", "nodePorts": {"http": 30111}})).render()
    services = [d for d in docs if d["kind"] == "Service"]
    assert len(services) == 1
    assert services[0]["spec"]["type"] == "NodePort"
    assert services[0]["spec"]["ports"][0]["nodePort"] == 30111


def test_ingress(docs):
    ing = find(docs, "Ingress", "demo")
    spec = ing["spec"]
    assert spec["ingressClassName"] == "kong"
    assert spec["tls"] == [{"secretName": "demo-tls", "hosts": ["demo.example.com"]}]
    rule = spec["rules"][0]
    assert rule["host"] == "demo.example.com"
    assert rule["http"]["paths"] == [
        {
            "path": "/v1",
            "pathType": "Prefix",
            "backend": {"service": {"name": "demo", "port": {"name": "http"}}},
        }
    ]
    assert ing["metadata"]["annotations"]["example.com/ing"] == "yes"


def test_ingress_without_tls_or_class(build):
    spec = find(build(base_catalog(ingress={"host": "x.example.com"})).render(), "Ingress")["spec"]
    assert "tls" not in spec and "ingressClassName" not in spec
    assert spec["rules"][0]["http"]["paths"][0]["path"] == "/"


def test_kong_plugins_consumers_and_annotations(docs):
    key_auth = find(docs, "KongPlugin", "demo-key-auth")
    assert key_auth["plugin"] == "key-auth"
    assert key_auth["config"] == {"key_names": ["apikey", "x-api-key"], "hide_credentials": True}
    rate = find(docs, "KongPlugin", "demo-rate-limit")
    assert rate["plugin"] == "rate-limiting"
    assert rate["config"] == {"minute": 60, "hour": 1000, "policy": "local", "limit_by": "consumer"}
    consumers = {d["metadata"]["name"]: d for d in docs if d["kind"] == "KongConsumer"}
    assert set(consumers) == {"client-a", "client-b"}
    assert consumers["client-a"]["username"] == "client-a"
    assert consumers["client-a"]["credentials"] == ["client-a-key"]
    assert consumers["client-b"]["metadata"]["annotations"]["kubernetes.io/ingress.class"] == "kong"
    for kind in ("Service", "Ingress"):
        assert find(docs, kind, "demo")["metadata"]["annotations"]["konghq.com/plugins"] == (
            "demo-key-auth,demo-rate-limit"
        )


def test_kong_rate_limit_only(build):
    docs = build(
        base_catalog(
            ingress={"className": "kong", "host": "x.example.com"}, kong={"rateLimit": {"second": 5}}
        )
    ).render()
    plugins = [d for d in docs if d["kind"] == "KongPlugin"]
    assert [p["plugin"] for p in plugins] == ["rate-limiting"]
    assert plugins[0]["config"]["limit_by"] == "ip"
    assert not [d for d in docs if d["kind"] == "KongConsumer"]
    assert find(docs, "Ingress")["metadata"]["annotations"]["konghq.com/plugins"] == "demo-rate-limit"


def test_network_policy_peers_and_ports(docs):
    np = find(docs, "NetworkPolicy", "demo")
    spec = np["spec"]
    assert spec["podSelector"] == {"matchLabels": SELECTOR}
    assert spec["policyTypes"] == ["Ingress"]
    first = spec["ingress"][0]
    assert first["from"] == [
        {"podSelector": {"matchLabels": {"app": "gateway"}}},
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kong"}}},
        {
            "podSelector": {"matchLabels": {"role": "client"}},
            "namespaceSelector": {"matchLabels": {"team": "a"}},
        },
    ]
    assert first["ports"] == [{"port": "http", "protocol": "TCP"}, {"port": "grpc", "protocol": "TCP"}]
    # the helm test pod may reach the readiness port; Prometheus may scrape the metrics port
    assert {
        "from": [
            {
                "podSelector": {
                    "matchLabels": {"app.kubernetes.io/instance": "demo", "infergen.io/role": "helm-test"}
                }
            }
        ],
        "ports": [{"port": "http", "protocol": "TCP"}],
    } in spec["ingress"]
    assert {"from": [{"namespaceSelector": {}}], "ports": [{"port": "metrics", "protocol": "TCP"}]} in spec[
        "ingress"
    ]


def test_network_policy_default_on_and_opt_out(build, module_build):
    np = find(build(base_catalog()).render(), "NetworkPolicy")
    peers = [peer for rule in np["spec"]["ingress"] for peer in rule["from"]]
    assert peers == [
        {
            "podSelector": {
                "matchLabels": {"app.kubernetes.io/instance": "demo", "infergen.io/role": "helm-test"}
            }
        }
    ]
    docs = module_build(base_catalog(networkPolicy={"enabled": False})).render()
    assert "NetworkPolicy" not in kinds(docs)


def test_network_policy_same_namespace(build):
    np = find(build(base_catalog(networkPolicy={"allowSameNamespace": True})).render(), "NetworkPolicy")
    assert np["spec"]["ingress"][0]["from"] == [{"podSelector": {}}]


def test_service_monitor(docs):
    sm = find(docs, "ServiceMonitor", "demo")
    assert sm["apiVersion"] == "monitoring.coreos.com/v1"
    assert sm["metadata"]["labels"]["release"] == "prometheus"
    assert sm["spec"]["selector"] == {"matchLabels": {**SELECTOR, "infergen.io/service-role": "primary"}}
    assert sm["spec"]["namespaceSelector"] == {"matchNames": ["ml"]}
    assert sm["spec"]["endpoints"] == [{"port": "metrics", "path": "/metrics", "interval": "15s"}]
    # it selects exactly the primary Service, which carries the metrics port
    primary = [
        d
        for d in docs
        if d["kind"] == "Service" and d["metadata"]["labels"].get("infergen.io/service-role") == "primary"
    ]
    assert [s["metadata"]["name"] for s in primary] == ["demo"]
    assert "metrics" in [p["name"] for p in primary[0]["spec"]["ports"]]


def test_sync_waves(docs):
    waves = {
        (d["kind"], d["metadata"]["name"]): d["metadata"]
        .get("annotations", {})
        .get("argocd.argoproj.io/sync-wave")
        for d in docs
    }
    assert waves[("ServiceAccount", "demo-runner")] == "-1"
    assert waves[("KongPlugin", "demo-key-auth")] == "-1"
    assert waves[("Deployment", "demo")] == "1"
    assert waves[("HorizontalPodAutoscaler", "demo")] == "2"
