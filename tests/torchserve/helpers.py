"""Shared helpers: models built directly as spec objects, a tiny TorchScript model."""

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.catalog.build import TORCHSERVE_WRITABLE
from generator.spec import Catalog, KServe, Location, Model, Project, Security, SmokeTest, TorchServe

REPO = Path(__file__).resolve().parents[2]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def make_model(catalog_dir: Path, name: str = "lin", **ts: Any) -> Model:
    """A KServe model whose catalog file lives in ``catalog_dir``."""
    smoke = ts.pop("smoke_test", None)
    block = TorchServe(model_file=ts.pop("model_file", None), **ts)
    if smoke is not None:
        block = replace(block, smoke_test=smoke)
    return Model(name=name, namespace="ml", serving="kserve",
                 location=Location(str(catalog_dir / "catalog.yaml"), 1, 1),
                 security=Security(writable_paths=TORCHSERVE_WRITABLE),  # what the catalog gives it
                 kserve=KServe(model_format="pytorch", storage_uri=f"pvc://torchserve-claim/{name}"),
                 torchserve=block)


def make_catalog(*models: Model) -> Catalog:
    return Catalog(path="catalog.yaml", project=Project(name="p", repo_url="https://example.com/r.git"),
                   models=models)


def save_linear(path: Path) -> None:
    """TorchScript model: column 0 is 2x+1 exactly, column 1 the rows in the batch it saw.

    The second column lets tests prove server-side batching happened.
    """
    torch = pytest.importorskip("torch")
    torch.jit.script(_linear_module(torch)).save(str(path))


def _linear_module(torch: Any) -> Any:
    class Lin(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.lin = torch.nn.Linear(1, 1)
            with torch.no_grad():
                self.lin.weight.fill_(2.0)
                self.lin.bias.fill_(1.0)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            rows = torch.ones_like(x) * x.shape[0]
            return torch.cat([self.lin(x), rows], dim=1)

    return Lin()


@pytest.fixture
def handlers_dir(tmp_path: Path) -> Path:
    """A catalog dir with our handlers at serving/handlers/ as in the repo."""
    (tmp_path / "serving").symlink_to(REPO / "serving")
    return tmp_path


LIN_SMOKE = SmokeTest(request={"data": [[1.0], [2.0]]}, expect_shape=(2, 2))
