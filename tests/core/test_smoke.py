"""End-to-end smoke: the smallest catalog renders to the expected workload."""

from __future__ import annotations

from tests.conftest import base_catalog, find


def test_minimal_catalog_renders_a_secure_deployment(build):
    built = build(base_catalog())
    docs = built.render()
    deployment = find(docs, "Deployment", "demo")
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["image"] == "registry.example.com/demo:1.0.0"
    assert container["resources"]["limits"]["memory"] == "2Gi"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert deployment["spec"]["replicas"] == 1
    assert find(docs, "Service", "demo")["spec"]["ports"][0]["targetPort"] == "http"
    app = built.app("demo")
    assert app["spec"]["source"]["path"] == "charts/demo"
    assert app["spec"]["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}
