"""KServe v1/v2 smoke requests and answers (no server)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from generator.lint.facts.torchserve import runtime_env
from generator.spec import KServe
from generator.torchserve import kserve_request as kreq
from tests.torchserve.helpers import make_model


def test_v1_wraps_the_smoke_request_as_one_instance(tmp_path: Path) -> None:
    model = make_model(tmp_path, name="emb")
    path, body = kreq.request(model, {"text": "hi"})
    assert path == "/v1/models/emb:predict"
    assert json.loads(body) == {"instances": [{"text": "hi"}]}
    assert kreq.answer(model, {"predictions": [[0.5, 0.5]]}) == [0.5, 0.5]
    with pytest.raises(ValueError, match="predictions"):
        kreq.answer(model, {"error": "boom"})
    assert runtime_env(model) == {"TS_SERVICE_ENVELOPE": "kserve", "PROTOCOL_VERSION": "v1"}


@pytest.mark.parametrize("version", ["v2", "grpc-v2"])
def test_v2_sends_bytes_and_reshapes_the_first_output(tmp_path: Path, version: str) -> None:
    model = replace(make_model(tmp_path, name="emb"), kserve=KServe(model_format="pytorch", protocol_version=version))
    path, body = kreq.request(model, {"text": "hi"})
    assert path == "/v2/models/emb/infer"
    assert json.loads(body)["inputs"] == [{"name": "input-0", "shape": [1], "datatype": "BYTES",
                                           "data": ['{"text": "hi"}']}]
    reply = {"outputs": [{"name": "y", "datatype": "FP32", "shape": [2, 2, 3], "data": list(range(12))}]}
    assert kreq.answer(model, reply) == [[0, 1, 2], [3, 4, 5]]
    assert runtime_env(model)["TS_SERVICE_ENVELOPE"] == "kservev2"


def test_a_pod_without_the_runtime_temp_is_refused(handlers_dir: Path) -> None:
    """Before any pod starts: the image's TEMP must be one of the chart's emptyDirs."""
    pytest.importorskip("model_archiver")
    from generator.spec import Security
    from generator.torchserve.errors import TorchServeError
    from generator.torchserve.podserve import serve_in_pod
    from tests.torchserve.helpers import LIN_SMOKE, make_catalog, save_linear

    save_linear(handlers_dir / "lin.pt")
    model = replace(make_model(handlers_dir, serialized_file="lin.pt", handler="serving/handlers/json_tensor.py",
                               smoke_test=LIN_SMOKE), security=Security(writable_paths=("/tmp",)))
    with pytest.raises(TorchServeError, match=r"/home/model-server/tmp is not writable in the pod \(TorchServe "
                                              r"unpacks the model archive under TEMP\)"):
        serve_in_pod(model, make_catalog(model), echo=lambda _line: None)
