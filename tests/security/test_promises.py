"""The main promises pinned on parsed, rendered resources, one branch at a time (goldens only
catch a change; these say which change is wrong): exact security contexts, the PDB's eviction
policy, NetworkPolicy default deny, GPU request = limit, Knative annotations on the revision."""

from __future__ import annotations

from typing import Any

import pytest

from generator.catalog import knative_flags as kf
from tests.conftest import base_catalog, find
from tests.modes.test_knative import FLAGS

POD_SC = {"runAsNonRoot": True, "runAsUser": 1000, "runAsGroup": 1000, "fsGroup": 1000,
          "fsGroupChangePolicy": "OnRootMismatch", "seccompProfile": {"type": "RuntimeDefault"}}
CONTAINER_SC = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}, "privileged": False,
                "readOnlyRootFilesystem": True, "runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
CLAIM = {"name": "cache", "namespace": "ml", "size": "1Gi", "accessModes": ["ReadWriteOnce"]}


def knative(*extra_flags: str, **model: Any) -> dict[str, Any]:
    cat = base_catalog(serving="knative", **model)
    cat["models"][0]["ports"] = [{"name": "http", "port": 8080}]
    cat["defaults"] = {"cluster": {"knative": {"features": [*FLAGS, *extra_flags]}}}
    return cat


def kserve(**model: Any) -> dict[str, Any]:
    model.setdefault("kserve", {"modelFormat": "sklearn", "storageUri": "pvc://cache/iris"})
    cat = base_catalog(serving="kserve", **model)
    for key in ("image", "ports", "probes"):
        del cat["models"][0][key]
    cat["claims"] = [CLAIM]
    return cat


def pod_of(docs: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(pod spec, model container) of the one serving pod template."""
    for doc in docs:
        if doc["kind"] in ("Deployment", "StatefulSet") or (doc["kind"] == "Service" and "template" in doc["spec"]):
            spec = doc["spec"]["template"]["spec"]
            return spec, spec["containers"][0]
        if doc["kind"] == "InferenceService":
            predictor = doc["spec"]["predictor"]
            return predictor, predictor.get("model") or predictor["containers"][0]
    raise AssertionError(f"no pod template in {[d['kind'] for d in docs]}")


CATALOGS = {
    "deployment": lambda **m: base_catalog(**m),
    "statefulset": lambda **m: base_catalog(workload="StatefulSet", **m),
    "knative": knative,
    "knative-podsc": lambda **m: knative(kf.SECURITY_CONTEXT, **m),
    "kserve": kserve,
}


@pytest.mark.parametrize("mode", list(CATALOGS))
def test_security_contexts_field_by_field(build, mode: str) -> None:
    spec, container = pod_of(build(CATALOGS[mode]()).render())
    pod_sc, container_sc = dict(POD_SC), dict(CONTAINER_SC)
    if mode.startswith("knative"):
        del container_sc["privileged"]  # Knative's webhook refuses the field
    if mode == "knative-podsc":
        del pod_sc["fsGroupChangePolicy"]  # not among the pod fields Knative's podspec-securitycontext admits
    if mode == "knative":  # without the flag Knative takes no pod securityContext: the container carries it
        container_sc |= {"runAsUser": 1000, "runAsGroup": 1000}
        assert "securityContext" not in spec
    else:
        assert spec["securityContext"] == pod_sc
    assert container["securityContext"] == container_sc
    assert spec["automountServiceAccountToken"] is False
    assert not {"hostNetwork", "hostPID", "hostIPC"} & set(spec)


@pytest.mark.parametrize("disruption", [{"minAvailable": 1}, {"maxUnavailable": "50%"}])
@pytest.mark.parametrize("workload", ["Deployment", "StatefulSet"])
def test_pdb_always_evicts_unhealthy_pods(build, disruption: dict[str, Any], workload: str) -> None:
    """AlwaysAllow: a crash-looping pod never blocks a node drain (policy/v1, Kubernetes >= 1.27)."""
    docs = build(base_catalog(workload=workload, scaling={"replicas": 4}, disruption=disruption)).render()
    pdb = find(docs, "PodDisruptionBudget", "demo")
    assert pdb["apiVersion"] == "policy/v1"
    assert pdb["spec"]["unhealthyPodEvictionPolicy"] == "AlwaysAllow"
    key, value = next(iter(disruption.items()))
    assert pdb["spec"][key] == value and len({"minAvailable", "maxUnavailable"} & set(pdb["spec"])) == 1


def _policy(docs: list[dict[str, Any]]) -> dict[str, Any]:
    policy = find(docs, "NetworkPolicy")
    assert policy["spec"]["policyTypes"] == ["Ingress"]
    for rule in policy["spec"]["ingress"]:
        assert rule.get("from") and all(peer for peer in rule["from"]), f"rule admits every source: {rule}"
    return policy["spec"]


NO_SOURCES = {
    # no readiness probe (no helm test pod), no metrics port, no allowFrom: nobody may connect
    "deployment": lambda: base_catalog(probes={}),
    "kserve-standard": lambda: kserve(),
}


@pytest.mark.parametrize("case", list(NO_SOURCES))
def test_network_policy_without_sources_denies_all(build, case: str) -> None:
    spec = _policy(build(NO_SOURCES[case]()).render())
    assert spec["ingress"] == []


def test_network_policy_override_to_nothing_still_denies(build) -> None:
    built = build(base_catalog())
    spec = _policy(built.render(values_override="networkPolicy:\n  ingress: []\n"))
    assert spec["ingress"] == []


@pytest.mark.parametrize("mode", ["knative", "kserve-knative"])
def test_serverless_network_policy_admits_only_the_data_plane(build, mode: str) -> None:
    cat = knative() if mode == "knative" else kserve(kserve={"modelFormat": "sklearn", "storageUri": "pvc://cache/i",
                                                             "deploymentMode": "Knative"})
    if mode == "kserve-knative":
        cat["defaults"] = {"cluster": {"knative": {"features": [*FLAGS, kf.PVC]}}}
    spec = _policy(build(cat).render())
    peers = [peer for rule in spec["ingress"] for peer in rule["from"]]
    namespaces = {p["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] for p in peers}
    assert namespaces == {"knative-serving", "kourier-system"}


@pytest.mark.parametrize("mode", list(CATALOGS))
def test_gpu_request_equals_limit(build, mode: str) -> None:
    cat = CATALOGS[mode](gpu={"count": 2})
    _spec, container = pod_of(build(cat).render())
    resources = container["resources"]
    assert resources["requests"]["nvidia.com/gpu"] == resources["limits"]["nvidia.com/gpu"] == 2


def test_gpu_mig_profile_request_equals_limit(build) -> None:
    cat = base_catalog(gpu={"count": 1, "resource": "nvidia.com/mig-1g.10gb"})
    _spec, container = pod_of(build(cat).render())
    resources = container["resources"]
    assert resources["requests"]["nvidia.com/mig-1g.10gb"] == resources["limits"]["nvidia.com/mig-1g.10gb"] == 1
    assert "nvidia.com/gpu" not in resources["limits"]


def test_knative_annotations_sit_on_the_revision_template(build) -> None:
    """Knative reads autoscaling.knative.dev/* per Revision, from spec.template.metadata.annotations;
    on the Service's own metadata they are ignored."""
    cat = knative(scaling={"min": 0, "max": 3}, knative={"target": 4, "scaleToZeroPodRetentionPeriod": "1h"})
    ksvc = find(build(cat).render(), "Service", "demo")
    top = ksvc["metadata"].get("annotations") or {}
    assert not [k for k in top if "knative.dev/" in k], top
    template = ksvc["spec"]["template"]["metadata"]["annotations"]
    assert template["autoscaling.knative.dev/min-scale"] == "0"
    assert template["autoscaling.knative.dev/max-scale"] == "3"
    assert template["autoscaling.knative.dev/target"] == "4"
    assert template["autoscaling.knative.dev/scale-to-zero-pod-retention-period"] == "1h"
    assert all(isinstance(v, str) for v in template.values())
