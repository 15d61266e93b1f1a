"""The example catalog has one model in a canary rollout per serving mode; its committed charts
render the split (the example's `infergen validate` run is tests/validate/test_commands.py)."""

from __future__ import annotations

import yaml

from generator import helm
from generator.catalog import load_catalog
from tests.conftest import REPO, find


def rendered(name: str, namespace: str) -> list[dict]:
    release = helm.Release(REPO / "charts" / name, name, namespace)
    return [d for template, text in helm.render(release).manifests.items() if template.endswith(".yaml")
            for d in yaml.safe_load_all(text) if d]


def test_one_rollout_per_serving_mode_in_the_example():
    catalog = load_catalog(REPO / "catalog.yaml")
    rolling = {m.serving: m for m in catalog.models if m.rollout is not None}
    assert set(rolling) == {"deployment", "knative", "kserve"}

    asr = rolling["deployment"]
    docs = rendered(asr.name, asr.namespace)
    route = find(docs, "HTTPRoute", asr.name)
    weights = {r["name"]: r["weight"] for r in route["spec"]["rules"][0]["backendRefs"]}
    assert weights == {asr.name: 90, f"{asr.name}-canary": 10}
    peers = {name: [p for r in find(docs, "NetworkPolicy", name)["spec"]["ingress"] for p in r["from"]]
             for name in (asr.name, f"{asr.name}-canary")}
    assert {"ipBlock": {"cidr": "10.0.0.0/8"}} in peers[asr.name]  # the lab, on the stable NodePorts
    assert peers[f"{asr.name}-canary"] == [p for p in peers[asr.name] if "ipBlock" not in p]

    kn = rolling["knative"]
    traffic = find(rendered(kn.name, kn.namespace), "Service", kn.name)["spec"]["traffic"]
    assert [(t.get("tag"), t["percent"]) for t in traffic] == [("stable", 80), ("canary", 20)]

    ks = rolling["kserve"]
    isvc = find(rendered(ks.name, ks.namespace), "InferenceService", ks.name)
    assert [c["trafficPercent"] for c in isvc["spec"]["canary"]] == [10]
    assert isvc["spec"]["canary"][0]["predictor"]["model"]["storageUri"] == "pvc://torchserve-claim/nllb-200-1dot3b-v2"
