"""Fixtures shared by every test package: building catalogs, generating and rendering charts."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import helm
from generator.catalog import load_catalog
from generator.output.write import write_tree
from generator.render.generate import generate
from generator.spec import Catalog

REPO = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/<case>/expected from what the generator produces now.")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def shared_crds() -> Path:
    """``$INFERGEN_SHARED_CRDS`` or ``<repo>/../shared/crds`` (never copied into the repo)."""
    env = os.environ.get("INFERGEN_SHARED_CRDS")
    return Path(env) if env else REPO.parent / "shared" / "crds"


def bench_path(*parts: str, what: str) -> Path:
    """A path under the team bench's upstream CRD copies (cross-checks only); skips the test,
    naming what it would have compared against, when the bench is not beside the checkout."""
    path = shared_crds().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"cross-check against {what}: {path} is absent (the team bench, ../shared)")
    return path


def base_catalog(**model: Any) -> dict[str, Any]:
    """A minimal valid catalog with one model; keyword arguments override the model's fields."""
    entry: dict[str, Any] = {
        "name": "demo", "namespace": "ml", "serving": "deployment",
        "image": {"repository": "registry.example.com/demo", "tag": "1.0.0"},
        "ports": [{"name": "http", "port": 8000}],
        "probes": {"readiness": {"path": "/health", "port": "http"}},
        "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
    }
    entry.update(model)
    return {"version": 1, "argocd": {"project": "ml", "repoURL": "https://git.example.com/ml.git"},
            "models": [entry]}


@pytest.fixture
def write_catalog(tmp_path: Path) -> Callable[[dict[str, Any] | str], Path]:
    """Write a catalog (dict or YAML text) to ``tmp_path/catalog.yaml`` and return its path."""

    def _write(content: dict[str, Any] | str) -> Path:
        path = tmp_path / "catalog.yaml"
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


class Built:
    """A generated tree with helpers to render its charts and find resources."""

    def __init__(self, root: Path, catalog: Catalog) -> None:
        self.root = root
        self.catalog = catalog

    def render(self, name: str | None = None, values_override: str | None = None) -> list[dict[str, Any]]:
        """Render a model's chart as Argo CD would and return the parsed manifests (hooks included);
        ``values_override`` is YAML text given as a second value file, as ``helm -f`` would."""
        model = self.catalog.model(name) if name else self.catalog.models[0]
        assert model is not None
        files: tuple[str, ...] = ("values.yaml",)
        if values_override is not None:
            (self.root / "charts" / model.name / "override.yaml").write_text(values_override)
            files += ("override.yaml",)
        release = helm.Release(self.root / "charts" / model.name, model.name, model.namespace, files)
        docs: list[dict[str, Any]] = []
        for template, text in helm.render(release).manifests.items():
            if template.endswith((".yaml", ".yml")):
                docs.extend(d for d in yaml.safe_load_all(text) if d)
        return docs

    def app(self, name: str) -> dict[str, Any]:
        return yaml.safe_load((self.root / "apps" / f"{name}.yaml").read_text())

    def file(self, rel: str) -> str:
        return (self.root / rel).read_text()


def find(docs: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    """The one resource of ``kind`` (and ``name``) in ``docs``; fails the test if absent or ambiguous."""
    hits = [d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]
    assert len(hits) == 1, f"expected one {kind} {name or ''}, found {[d['metadata']['name'] for d in hits]}"
    return hits[0]


@pytest.fixture
def build(write_catalog: Callable[[dict[str, Any] | str], Path]) -> Callable[[dict[str, Any] | str], Built]:
    """Catalog → generated charts/ and apps/ in a temp dir (no validation), ready to render."""

    def _build(content: dict[str, Any] | str) -> Built:
        path = write_catalog(content)
        catalog = load_catalog(path)
        write_tree(path.parent, generate(catalog).files)
        return Built(path.parent, catalog)

    return _build
