"""Generated charts used as subcharts of one umbrella chart keep their own names and labels.

Helm parses every template of a chart and its subcharts into one namespace, the parent's
last, so a `define` of the same name in the umbrella (or in another subchart) replaces the
subchart's own. Generated helpers are therefore named after their chart.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import helm_python
import pytest
import yaml

from tests.conftest import base_catalog
from tests.core.conftest import build_into

# What `helm create model` would give an umbrella author, simplified: a fullname that is the
# release name alone and labels without component or part-of.
_UMBRELLA_HELPERS = """\
{{- define "model.fullname" -}}{{ .Release.Name }}{{- end }}
{{- define "model.name" -}}umbrella{{- end }}
{{- define "model.selectorLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
{{- define "model.labels" -}}
{{ include "model.selectorLabels" . }}
{{- end }}
"""


@pytest.fixture(scope="module")
def umbrella(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """Render an umbrella chart named ``model`` holding two generated charts; documents by subchart."""
    content = base_catalog(name="alpha")
    beta = dict(copy.deepcopy(content["models"][0]), name="beta", ports=[{"name": "http", "port": 9000}],
                probes={"readiness": {"path": "/ready", "port": "http"}})
    content["models"].append(beta)
    built = build_into(tmp_path_factory.mktemp("umbrella-src"), content)
    root = tmp_path_factory.mktemp("umbrella") / "model"
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: model\nversion: 0.1.0\ndependencies:\n"
                                     "  - name: alpha\n    version: 1.0.0\n  - name: beta\n    version: 1.0.0\n")
    (root / "values.yaml").write_text("alpha:\n  commonLabels:\n    team: a\nbeta:\n  commonLabels:\n    team: b\n")
    (root / "templates" / "_helpers.tpl").write_text(_UMBRELLA_HELPERS)
    (root / "templates" / "configmap.yaml").write_text(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "model.fullname" . }}\n'
        '  labels:\n    {{- include "model.labels" . | nindent 4 }}\n')
    for name in ("alpha", "beta"):
        shutil.copytree(built.root / "charts" / name, root / "charts" / name)
    manifests = helm_python.Chart.load(str(root)).render(None, name="shop", namespace="ml", is_install=True)
    by_chart: dict[str, list[dict[str, Any]]] = {}
    for path, text in manifests.items():
        parts = Path(path).parts
        owner = parts[2] if parts[1] == "charts" else parts[0]
        if path.endswith(".yaml"):
            by_chart.setdefault(owner, []).extend(d for d in yaml.safe_load_all(text) if d)
    return by_chart


@pytest.mark.parametrize(("chart", "team", "port"), [("alpha", "a", 8000), ("beta", "b", 9000)])
def test_subchart_resources_carry_their_own_names_and_labels(umbrella: dict[str, list[dict[str, Any]]],
                                                            chart: str, team: str, port: int) -> None:
    docs = umbrella[chart]
    kinds = {d["kind"] for d in docs}
    assert {"Deployment", "Service", "ServiceAccount"} <= kinds
    for doc in docs:
        meta = doc["metadata"]
        assert meta["name"].startswith(f"shop-{chart}"), (doc["kind"], meta["name"])
        labels = meta["labels"]
        assert labels["app.kubernetes.io/name"] == chart
        assert labels["helm.sh/chart"] == f"{chart}-1.0.0"
        assert labels["app.kubernetes.io/component"] == "inference"
        assert labels["team"] == team
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    service = next(d for d in docs if d["kind"] == "Service")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert service["spec"]["ports"][0]["port"] == port
    assert deployment["spec"]["template"]["spec"]["serviceAccountName"] == f"shop-{chart}"


def test_umbrella_keeps_its_own_helpers(umbrella: dict[str, list[dict[str, Any]]]) -> None:
    (config,) = umbrella["model"]
    assert config["metadata"] == {"name": "shop", "labels": {"app.kubernetes.io/instance": "shop"}}
    names = [d["metadata"]["name"] for docs in umbrella.values() for d in docs if d["kind"] == "Deployment"]
    assert sorted(names) == ["shop-alpha", "shop-beta"]
