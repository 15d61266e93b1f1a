"""Schema sources: CRD conversion, kubeconform-style locations (directory and HTTP + cache)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.lint import Document, LintConfig, Linter, load_paths
from generator.lint.crds import schemas_from_crds
from generator.lint.locations import expand

WIDGET = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "namespace": "ml"},
          "spec": {"size": 1}}
SPEC = {"type": "object", "properties": {"size": {"type": "integer"}}, "additionalProperties": False}
SCHEMA = {"type": "object", "properties": {"apiVersion": {}, "kind": {}, "metadata": {}, "spec": SPEC}}
DATREE = "{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"


def test_expand_follows_kubeconform() -> None:
    assert expand("/s/" + DATREE, "Widget", "example.com/v1", "1.33") == "/s/example.com/widget_v1.json"
    layout = "/s/v1.30.0-standalone-strict/deployment-apps-v1.json"
    assert expand("/s", "Deployment", "apps/v1", "1.30") == layout
    assert expand("/s/{{ .ResourceKind }}{{ .KindSuffix }}.json", "Widget", "example.com/v1", "1.33") == (
        "/s/widget-example-v1.json")
    with pytest.raises(ValueError):
        expand("/s/{{.Nope}}.json", "Widget", "v1", "1.33")


def lint_widget(cfg: LintConfig, size: object = 1) -> list[str]:
    doc = Document(obj={**WIDGET, "spec": {"size": size}})
    return [f.rule for f in Linter(cfg).lint([doc])]


def test_local_directory_location(tmp_path: Path) -> None:
    (tmp_path / "example.com").mkdir()
    (tmp_path / "example.com" / "widget_v1.json").write_text(json.dumps(SCHEMA))
    cfg = LintConfig(schema_locations=(str(tmp_path / DATREE),), cache_dir=tmp_path / "cache")
    assert lint_widget(cfg) == []
    assert lint_widget(cfg, "big") == ["schema"]
    assert lint_widget(LintConfig(cache_dir=tmp_path / "cache")) == ["schema-missing"]
    assert lint_widget(LintConfig(ignore_missing_schemas=True, cache_dir=tmp_path / "cache")) == []


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            if self.path == "/example.com/widget_v1.json":
                body = json.dumps(SCHEMA).encode()
                self.send_response(200)
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{DATREE}", hits
    httpd.shutdown()
    httpd.server_close()


def test_http_location_is_cached_on_disk(server: tuple[str, list[str]], tmp_path: Path) -> None:
    url, hits = server
    cfg = LintConfig(schema_locations=(url,), cache_dir=tmp_path)
    assert lint_widget(cfg, "big") == ["schema"]
    assert hits == ["/example.com/widget_v1.json"]
    assert len(list(tmp_path.glob("*.json"))) == 1
    assert lint_widget(cfg, "big") == ["schema"]  # a fresh Linter: only the disk cache can answer
    assert hits == ["/example.com/widget_v1.json"]
    other = Document(obj={**WIDGET, "kind": "Gadget"})
    assert [f.rule for f in Linter(cfg).lint([other])] == ["schema-missing"]  # 404: not found
    assert hits[-1] == "/example.com/gadget_v1.json"


def test_crd_conversion(crds: Path) -> None:
    schemas = schemas_from_crds(load_paths([str(crds / "yaml")]))
    assert ("serving.knative.dev/v1", "Service") in schemas
    assert ("serving.kserve.io/v1beta1", "InferenceService") in schemas
    assert ("argoproj.io/v1alpha1", "Application") in schemas
    isvc = schemas[("serving.kserve.io/v1beta1", "InferenceService")]
    assert isvc["additionalProperties"] is False
    predictor = isvc["properties"]["spec"]["properties"]["predictor"]
    assert predictor["additionalProperties"] is False
    assert predictor["properties"]["minReplicas"]["type"] == "integer"
    text = json.dumps(isvc)
    assert "x-kubernetes" not in text and "nullable" not in text
    port = predictor["properties"]["containers"]["items"]["properties"]["ports"]["items"]
    assert port["properties"]["containerPort"]["type"] == "integer"


@pytest.mark.parametrize("source", ["bundled", "upstream-copy"])
def test_crd_validation_catches_typos(source: str, request: pytest.FixtureRequest) -> None:
    crds = (str(request.getfixturevalue("crds") / "yaml"),) if source == "upstream-copy" else ()
    cfg = LintConfig(crds=crds)
    isvc = {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
            "metadata": {"name": "m", "namespace": "ml", "annotation": {}},
            "spec": {"predictor": {"model": {"modelFormat": {"name": "sklearn"}, "storageURI": "s3://x"}}}}
    found = {(f.rule, f.path) for f in Linter(cfg).lint([Document(obj=isvc)])}
    assert ("schema", "metadata") in found
    assert ("schema", "spec.predictor.model") in found


def test_kubeconform_json_catalog_location(crds: Path) -> None:
    cfg = LintConfig(schema_locations=(str(crds / "jsonschema" / DATREE),))
    app = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": {"name": "a"},
           "spec": {"project": "default", "destination": {"namespace": "ml"},
                    "source": {"repoURL": "https://example.com/x.git", "path": "charts/a"}, "bogus": 1}}
    assert [(f.rule, f.path) for f in Linter(cfg).lint([Document(obj=app)])] == [("schema", "spec")]
