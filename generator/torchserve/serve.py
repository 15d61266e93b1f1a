"""``infergen serve``: package a model, run it in the real TorchServe, send the smoke request."""

from __future__ import annotations

import json
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from generator.spec import Model
from generator.torchserve import config as cfg
from generator.torchserve.errors import TorchServeError
from generator.torchserve.package import Packaged, package
from generator.torchserve.process import Server, free_ports, http, start
from generator.torchserve.smoke import check_response


@contextmanager
def running(model: Model, build: Path | None = None, archive_format: str | None = None,
            timeout: float = 120.0, port: int | None = None,
            echo: Callable[[str], None] = print) -> Iterator[Server]:
    """Package (into ``build`` or a temp dir), start TorchServe, wait until READY; always stop."""
    with tempfile.TemporaryDirectory(prefix=f"infergen-serve-{model.name}-") as tmp:
        built = package(model, build or Path(tmp) / "build", archive_format, echo=echo)
        server = launch(model, built, Path(tmp) / "run", port)
        try:
            server.wait_ready(timeout)
            yield server
        finally:
            server.stop()


def launch(model: Model, built: Packaged, run_dir: Path, port: int | None = None) -> Server:
    """Write the loopback config next to the run and start the server (not yet ready)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    ports = free_ports(port)
    conf = run_dir / "config.properties"
    conf.write_text(cfg.local_config(model, built.archive_format, str(built.model_store), ports))
    return start(model.name, built.model_store, conf, run_dir, ports)


def predict(server: Server, body: Any, content_type: str = "application/json") -> Any:
    """POST one request; a non-200 answer becomes a TorchServeError with the log lines."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    status, raw = http("POST", f"{server.inference_url}/predictions/{server.model}", data, content_type)
    if status != 200:
        raise server.fail(f"smoke request failed with HTTP {status}: {raw[:500].decode(errors='replace')}")
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM runs the same cleanup as Ctrl-C (only the main thread may set handlers)."""
    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(model: Model, port: int | None = None, keep: bool = False, build: Path | None = None,
          timeout: float = 120.0, echo: Callable[[str], None] = print) -> Any:
    """Run the smoke test; with ``keep`` block until interrupted, printing the URLs."""
    ts = model.torchserve
    if ts is None:
        raise TorchServeError(model.name, "has no torchserve block")
    with _sigterm_as_interrupt(), running(model, build, timeout=timeout, port=port, echo=echo) as server:
        result = None
        if ts.smoke_test is not None:
            t0 = time.perf_counter()
            result = predict(server, ts.smoke_test.request, ts.smoke_test.content_type)
            latency = (time.perf_counter() - t0) * 1000
            problem = check_response(result, ts.smoke_test.expect_shape)
            if problem:
                raise server.fail(f"smoke test: {problem}")
            text = json.dumps(result)
            echo(f"{model.name}: {text[:300]}{'...' if len(text) > 300 else ''}")
            echo(f"{model.name}: smoke test passed in {latency:.1f} ms")
        if keep:
            echo(f"inference:  {server.inference_url}/predictions/{model.name}")
            echo(f"management: {server.management_url}/models/{model.name}")
            echo(f"metrics:    http://127.0.0.1:{server.ports['metrics']}/metrics")
            echo("Ctrl-C to stop")
            try:
                while server.proc.poll() is None:
                    time.sleep(0.5)
            except KeyboardInterrupt:
                pass
        return result
