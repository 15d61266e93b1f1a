"""Strings a YAML 1.1 reader would retype (Helm reads Chart.yaml and every rendered manifest
that way) stay strings everywhere infergen writes them: Chart.yaml, values.yaml, the Argo CD
Applications and the rendered manifests. A model named ``n`` once became chart ``false``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator import helm
from generator.catalog import load_catalog
from generator.cli import cli
from generator.declare.parts import DNS_LABEL, LABEL_VALUE
from generator.findings import Severity
from generator.validate.tree import Options, validate_tree
from tests.conftest import Built, base_catalog, find
from tests.core.conftest import build_into
from tests.modes.test_knative import FLAGS
from tests.validate.conftest import catalog_text, run_validate

# YAML 1.1 (https://yaml.org/type/bool.html, null.html, int.html, float.html, timestamp.html):
# every spelling its resolvers turn into a boolean, null, number or timestamp, plus the merge
# and value keys.
BOOLS = [f(word) for word in ("y", "yes", "n", "no", "true", "false", "on", "off")
         for f in (str.lower, str.capitalize, str.upper)]
NULLS = ["null", "Null", "NULL", "~", ""]
NUMBERS = ["0", "12", "012", "0o7", "0x1F", "0x1f", "0b101", "1_000", "+12", "-1", "1e3", "1E3", "1.5",
           "6.8523015e+5", "1:20", "190:20:30", ".inf", "-.Inf", ".INF", ".nan", ".NaN", ".NAN"]
DATES = ["2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5"]
OTHERS = ["<<", "="]
TOKENS = list(dict.fromkeys(BOOLS + NULLS + NUMBERS + DATES + OTHERS))



class GoYamlV2Loader(yaml.SafeLoader):
    """Reads scalars as go-yaml v2 does (Helm's Chart.yaml and the API server's manifests):
    PyYAML's YAML 1.1 plus the y/Y/n/N booleans PyYAML leaves out; a value ``<<`` or ``=`` and
    timestamps stay text (sigs.k8s.io/yaml goyaml.v2 resolve.go)."""


GoYamlV2Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:y|Y|n|N)$"), list("yYnN"))
GoYamlV2Loader.add_constructor(
    "tag:yaml.org,2002:bool",
    lambda loader, node: str(loader.construct_scalar(node)).lower() in ("y", "yes", "true", "on"))
for _tag in ("merge", "value", "timestamp"):
    GoYamlV2Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", yaml.SafeLoader.construct_yaml_str)


def go_load(text: str) -> Any:
    return yaml.load(text, Loader=GoYamlV2Loader)


_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")  # catalog schema: image.tag


def _dns(token: str, limit: int = 63) -> bool:
    return bool(re.match(DNS_LABEL, token)) and len(token) <= limit


def _model(index: int, token: str, serving: str) -> dict[str, Any]:
    """One model carrying ``token`` in every catalog field whose schema admits it."""
    # Service names are DNS-1035 labels (a letter first), so only those tokens name a model
    named = _dns(token, 53) and token[:1].isalpha() and token == token.lower()
    port = token if _dns(token, 15) and re.search("[a-z]", token) else "http"
    entry: dict[str, Any] = {
        "name": token if named else f"m{index}", "namespace": token if named else "ml", "serving": serving,
        "image": {"repository": "registry.example.com/demo", "tag": token if _TAG.match(token) else "1.0.0"},
        "ports": [{"name": port, "port": 8000 if serving == "deployment" else 8080}],
        "probes": {"readiness": {"path": "/health", "port": port}},
        "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
        "env": {"VALUE": token},
        "annotations": {"example.com/note": token},
        "podAnnotations": {"example.com/pod-note": token},
    }
    if re.match(LABEL_VALUE, token) and token:
        entry["labels"] = {"example.com/team": token}
        entry["nodeSelector"] = {"example.com/pool": token}
    if named:
        entry["component"] = token
        entry["partOf"] = token
        entry["serviceAccount"] = {"name": token}
    return entry


def _catalog(serving: str) -> dict[str, Any]:
    models = [_model(i, token, serving) for i, token in enumerate(TOKENS)]
    data: dict[str, Any] = {"version": 1, "argocd": {"project": "ml", "repoURL": "https://git.example.com/ml.git"},
                            "models": models}
    if serving == "knative":
        data["defaults"] = {"cluster": {"knative": {"features": FLAGS}}}
    return data


@pytest.fixture(scope="module", params=["deployment", "knative"])
def tree(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, dict[str, Any]]:
    data = _catalog(request.param)
    built = build_into(tmp_path_factory.mktemp(f"yaml11-{request.param}"), data)
    return built, data, {m["name"]: m for m in data["models"]}


def _plain_reads_back(token: str) -> bool:
    try:
        return bool(yaml.safe_load(f"k: {token}")["k"] == token)
    except yaml.YAMLError:
        return False


def test_the_set_is_retyped_when_plain() -> None:
    """Guards the fixture: PyYAML (YAML 1.1) retypes or rejects each token written plain, bar the ones
    it leaves out: y/n (in the 1.1 bool type, and in go-yaml v2, which Helm reads with) and the
    YAML 1.2 spellings 0o7 and 1e3."""
    assert [t for t in TOKENS if _plain_reads_back(t)] == ["y", "Y", "n", "N", "0o7", "1e3", "1E3"]
    assert [go_load(f"k: {t}")["k"] for t in ("y", "Y", "n", "N", "<<")] == [True, True, False, False, "<<"]


def test_catalog_validates_with_no_errors(tree: tuple[Any, Any, dict[str, Any]]) -> None:
    built, _data, _models = tree
    findings = validate_tree(built.catalog, built.root, Options(ignore_missing_schemas=True)).findings
    errors = [str(f) for f in findings if f.severity is Severity.ERROR]
    assert not errors, errors[:10]


def _rendered(root: Path, name: str, namespace: str) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for template, text in helm.render(helm.Release(root / "charts" / name, name, namespace)).manifests.items():
        if template.endswith(".yaml"):
            docs.extend(d for d in yaml.load_all(text, Loader=GoYamlV2Loader) if d)
    return docs


def _strings(tree: Any, where: str) -> None:
    """Every label and annotation value below ``tree`` is a string (the API server rejects others)."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key in ("labels", "annotations", "matchLabels", "nodeSelector", "selector") and isinstance(value, dict):
                bad = {k: v for k, v in value.items() if not isinstance(v, str | dict)}
                assert not bad, f"{where}.{key}: {bad}"
            _strings(value, f"{where}.{key}")
    elif isinstance(tree, list):
        for i, item in enumerate(tree):
            _strings(item, f"{where}[{i}]")


@pytest.mark.parametrize("token", TOKENS)
def test_token_reads_back_as_the_same_string(tree: tuple[Any, Any, dict[str, Any]], token: str) -> None:
    built, _data, models = tree
    entry = next(m for m in models.values() if m["env"] == {"VALUE": token})
    name, namespace = entry["name"], entry["namespace"]
    chart = go_load(built.file(f"charts/{name}/Chart.yaml"))
    assert chart["name"] == name
    values = go_load(built.file(f"charts/{name}/values.yaml"))
    assert values["image"]["tag"] == entry["image"]["tag"]
    assert {"name": "VALUE", "value": token} in values["env"]
    app = go_load(built.file(f"apps/{name}.yaml"))
    assert (app["metadata"]["name"], app["spec"]["destination"]["namespace"]) == (name, namespace)
    assert app["spec"]["source"]["helm"]["releaseName"] == name

    docs = _rendered(built.root, name, namespace)
    _strings(docs, name)
    for doc in docs:
        meta = doc["metadata"]
        assert isinstance(meta["name"], str) and meta["name"].startswith(name), meta
        assert meta.get("namespace", namespace) == namespace
        labels = meta["labels"]
        assert (labels["app.kubernetes.io/name"], labels["app.kubernetes.io/instance"]) == (name, name)
        assert labels["app.kubernetes.io/component"] == entry.get("component", "inference")
        assert labels["app.kubernetes.io/part-of"] == entry.get("partOf", "ml")
        if "labels" in entry:
            assert labels["example.com/team"] == token
        if "helm.sh/hook" not in meta["annotations"]:  # the helm test Pod carries no commonAnnotations
            assert meta["annotations"]["example.com/note"] == token
    workload = next(d for d in docs if d["kind"] in ("Deployment", "Service") and "template" in d["spec"])
    pod = workload["spec"]["template"]
    assert pod["metadata"]["annotations"]["example.com/pod-note"] == token
    container = pod["spec"]["containers"][0]
    assert {"name": "VALUE", "value": token} in container["env"]
    assert container["image"] == f"registry.example.com/demo:{entry['image']['tag']}"
    if workload["kind"] == "Deployment":  # Knative names its one port http1 or h2c
        assert container["ports"][0]["name"] == entry["ports"][0]["name"]
    assert pod["spec"]["serviceAccountName"] == entry.get("serviceAccount", {}).get("name", name)
    if "nodeSelector" in entry:
        assert pod["spec"]["nodeSelector"]["example.com/pool"] == token
    if workload["kind"] == "Deployment":
        service = find(docs, "Service", name)
        assert [p["name"] for p in service["spec"]["ports"]] == [entry["ports"][0]["name"]]
        assert service["spec"]["ports"][0]["targetPort"] == entry["ports"][0]["name"]


def _named_n(serving: str) -> dict[str, Any]:
    if serving == "kserve":
        data = base_catalog(name="n", namespace="no", serving="kserve", image={"repository": "", "tag": "yes"},
                            kserve={"modelFormat": "sklearn", "storageUri": "pvc://off/iris"},
                            ingress={"host": "n.example.com", "port": "on"})
        del data["models"][0]["image"], data["models"][0]["ports"], data["models"][0]["probes"]
        data["models"][0]["ingress"].pop("port")
        data["claims"] = [{"name": "off", "namespace": "no", "size": "1Gi", "accessModes": ["ReadWriteOnce"]}]
        return data
    data = base_catalog(name="n", namespace="no", serving=serving, image={"repository": "r.example.com/n", "tag": "Y"},
                        ports=[{"name": "on", "port": 8080}], probes={"readiness": {"path": "/", "port": "on"}},
                        env={"FLAG": "off", "NOTHING": "~"}, labels={"team": "NO"})
    if serving == "deployment":
        data["models"][0] |= {"ingress": {"host": "n.example.com", "port": "on", "className": "kong",
                                          "tls": {"secretName": "y"}},
                              "monitoring": {"serviceMonitor": True, "port": "on", "labels": {"release": "y"}},
                              "mounts": [{"claim": "off", "mountPath": "/models"}],
                              "kong": {"keyAuth": True, "consumers": [{"username": "yes", "credentialSecret": "no"}]}}
        data["claims"] = [{"name": "off", "namespace": "no", "size": "1Gi", "storageClass": "true",
                           "accessModes": ["ReadWriteOnce"]}]
    else:
        data["defaults"] = {"cluster": {"knative": {"features": FLAGS}}}
    return data


@pytest.mark.parametrize("serving", ["deployment", "knative", "kserve"])
def test_model_named_n_generates_and_validates_clean(tmp_path: Path, serving: str) -> None:
    """The issue's case through the CLI: `infergen generate` then `infergen validate --strict`."""
    (tmp_path / "catalog.yaml").write_text(catalog_text(_named_n(serving)), encoding="utf-8")
    generated = CliRunner().invoke(cli, ["generate", "-c", str(tmp_path / "catalog.yaml")])
    assert generated.exit_code == 0, generated.output
    run = run_validate(tmp_path, "--strict")
    assert (run.exit_code, run.findings) == (0, [])
    assert go_load((tmp_path / "charts/n/Chart.yaml").read_text())["name"] == "n"
    built = Built(tmp_path, load_catalog(tmp_path / "catalog.yaml"))
    docs = _rendered(tmp_path, "n", "no")
    _strings(docs, "n")
    assert {d["metadata"]["name"] for d in docs} >= {"n"}
    assert {d["metadata"]["namespace"] for d in docs} == {"no"}
    assert go_load(built.file("apps/n.yaml"))["metadata"]["name"] == "n"
    if serving == "deployment":
        ingress = find(docs, "Ingress", "n")["spec"]
        assert ingress["rules"][0]["http"]["paths"][0]["backend"]["service"] == {"name": "n", "port": {"name": "on"}}
        assert (ingress["ingressClassName"], ingress["tls"][0]["secretName"]) == ("kong", "y")
        monitor = find(docs, "ServiceMonitor", "n")["spec"]
        assert (monitor["endpoints"][0]["port"], monitor["namespaceSelector"]["matchNames"]) == ("on", ["no"])
        consumer = find(docs, "KongConsumer", "yes")
        assert (consumer["username"], consumer["credentials"]) == ("yes", ["no"])
        claim = find(_rendered(tmp_path, "storage-no", "no"), "PersistentVolumeClaim", "off")
        assert claim["spec"]["storageClassName"] == "true"
