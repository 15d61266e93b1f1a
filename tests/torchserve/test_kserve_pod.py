"""The MiniLM package from catalog.yaml, served as KServe's TorchServe runtime serves it.

Both upstream wrappers (pytorch/serve v0.9.0, KServe 0.20's pin, and v0.12.0) run in an
emulated pod (see kserve_pod.py) with ``TS_SERVICE_ENVELOPE=kserve`` set as the runtime sets
it; the two pods start together, each in its own namespaces.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from generator.catalog import load_catalog
from generator.render.values import volumes
from tests.torchserve import kserve_pod

REASON = kserve_pod.skip_reason()
pytestmark = [pytest.mark.serving, pytest.mark.skipif(REASON is not None, reason=REASON or "")]

MODEL = "minilm-embedder"
# Pairs of paraphrases (0-1, 2-3, 4-5) among unrelated sentences: one request each, sent at once.
TEXTS = ["A man is playing a guitar.", "Someone is strumming a guitar.",
         "The stock market fell sharply today.", "Share prices dropped steeply this afternoon.",
         "A cat sleeps on the sofa.", "A kitten is napping on the couch.",
         "How do I bake sourdough bread?", "The train to Paris is delayed."]
PAIRS = ((0, 1), (2, 3), (4, 5))


@pytest.fixture(scope="module")
def pods(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Package the catalog's model as `infergen package` does, then run one pod per wrapper."""
    from generator.torchserve.package import package

    catalog = load_catalog(kserve_pod.REPO / "catalog.yaml")
    model = catalog.model(MODEL)
    assert model is not None and model.kserve is not None
    root = tmp_path_factory.mktemp("pod")
    built = package(model, root / "build", echo=lambda _line: None)
    models = built.model_store.parent  # what the storageUri holds: model-store/ and config/
    kserve_pod.open_to_all(models)
    vols, mounts = volumes(model, catalog)
    sizes = {v["name"]: v["emptyDir"]["sizeLimit"] for v in vols if "emptyDir" in v}
    writable = {m["mountPath"]: sizes[m["name"]] for m in mounts if m["name"] in sizes}
    procs = {}
    for i, version in enumerate(kserve_pod.WRAPPERS):
        wrapper = kserve_pod.wrapper(version, root)
        kserve_pod.open_to_all(wrapper)
        procs[version] = kserve_pod.start(models, wrapper, version, writable, model.kserve.protocol_version or "v1",
                                          MODEL, TEXTS, f"10.244.{i + 1}.7")
    return {version: kserve_pod.finish(proc) for version, proc in procs.items()}


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("version", list(kserve_pod.WRAPPERS))
def test_predict_through_the_wrapper(pods: dict[str, dict[str, Any]], version: str) -> None:
    result = pods[version]
    assert "error" not in result, f"{result['error']}\n{result['log']}"
    vectors = []
    for status, body in result["answers"]:
        assert status == 200, body
        assert isinstance(body, dict) and len(body["predictions"]) == 1, body
        vector = body["predictions"][0]
        assert len(vector) == 384
        assert math.isclose(math.sqrt(_cos(vector, vector)), 1.0, abs_tol=1e-4)
        vectors.append(vector)
    for a, b in PAIRS:  # each sentence's nearest neighbour is its paraphrase
        for i, j in ((a, b), (b, a)):
            nearest = max((k for k in range(len(TEXTS)) if k != i), key=lambda k: _cos(vectors[i], vectors[k]))
            assert nearest == j, (TEXTS[i], TEXTS[nearest])
    assert max(result["batches"]) > 1, result["batches"]  # server-side batching stayed intact


@pytest.mark.parametrize("version", list(kserve_pod.WRAPPERS))
def test_only_the_data_plane_answers_on_the_pod_ip(pods: dict[str, dict[str, Any]], version: str) -> None:
    result = pods[version]
    assert "error" not in result, result["error"]
    assert 8080 in result["open_pod_ip"]
    for port in (8086, 7070, 7071):  # management REST and both gRPC APIs: loopback only
        assert port not in result["open_pod_ip"], port
        assert port in result["open_loopback"], port



def test_the_product_pod_follows_the_upstream_runtime() -> None:
    """pod.py's constants are the ServingRuntime's (read here from KServe v0.20.0's own YAML)."""
    from generator.lint.facts.torchserve import runtime_env
    from generator.torchserve import pod

    catalog = load_catalog(kserve_pod.REPO / "catalog.yaml")
    model = catalog.model(MODEL)
    assert model is not None
    args, env = kserve_pod.runtime_container("v1")
    assert args == pod.RUNTIME_ARGS
    assert runtime_env(model) == env


def test_serve_in_a_pod_through_the_wrapper(capsys: pytest.CaptureFixture[str]) -> None:
    """`infergen serve MODEL --isolation pod --wrapper <pytorch/serve v0.9.0>`, as a user runs it."""
    from generator.torchserve.cli import run_serve

    lines: list[str] = []
    run_serve(load_catalog(kserve_pod.REPO / "catalog.yaml"), MODEL, keep=False, timeout=240, echo=lines.append,
              isolation="pod", wrapper=kserve_pod.UPSTREAM / kserve_pod.WRAPPERS["0.9.0"])
    report = [ln.removeprefix(f"{MODEL}: ") for ln in lines if ln.startswith(f"{MODEL}: ")]
    assert any("via the kserve wrapper" in ln and "uid 1000" in ln and "/home/model-server/tmp" in ln
               for ln in report)
    assert any(ln.startswith("smoke test passed in ") for ln in report)
    assert any(ln.startswith("throughput ") and "16/16 answered 200" in ln for ln in report)
