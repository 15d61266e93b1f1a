"""``infergen serve``: package a model, run it in the real TorchServe as KServe's runtime runs it,
send the smoke request as a KServe v1/v2 request, report readiness, latency and throughput."""

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

from generator.lint.facts.torchserve import runtime_env
from generator.spec import Model
from generator.torchserve import config as cfg
from generator.torchserve import kserve_request as kreq
from generator.torchserve.errors import TorchServeError, log_size
from generator.torchserve.package import Packaged, package
from generator.torchserve.process import Server, free_ports, http, start
from generator.torchserve.smoke import check_response

BURST_MIN = 16  # requests in the throughput burst (at least; 2x a full batch if larger)


@contextmanager
def running(model: Model, build: Path | None = None, archive_format: str | None = None,
            timeout: float = 120.0, port: int | None = None,
            echo: Callable[[str], None] = print) -> Iterator[Server]:
    """Package (into ``build`` or a temp dir), start TorchServe, wait until READY; always stop."""
    with tempfile.TemporaryDirectory(prefix=f"infergen-serve-{model.name}-") as tmp:
        built = package(model, build or Path(tmp) / "build", archive_format, echo=echo)
        volume = built.model_store.parent  # /mnt/models, read-only in the KServe pod
        before = _listing(volume)
        server = launch(model, built, Path(tmp) / "run", port)
        try:
            server.wait_ready(timeout)
            yield server
        finally:
            server.stop()
        changed = sorted(set(_listing(volume)) ^ set(before))
        if changed:
            raise TorchServeError(model.name, "TorchServe wrote into the model volume, which KServe mounts "
                                              f"read-only: {', '.join(p for p, _ in changed[:5])}")


def _listing(root: Path) -> list[tuple[str, int]]:
    return sorted((p.relative_to(root).as_posix(), p.stat().st_size) for p in root.rglob("*"))


def launch(model: Model, built: Packaged, run_dir: Path, port: int | None = None) -> Server:
    """Write the loopback config next to the run and start the server (not yet ready)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    ports = free_ports(port)
    conf = run_dir / "config.properties"
    conf.write_text(cfg.local_config(model, built.archive_format, str(built.model_store), ports))
    return start(model.name, built.model_store, conf, run_dir, ports, runtime_env(model))


def predict(server: Server, body: Any, content_type: str = "application/json") -> Any:
    """POST one request; a non-200 answer becomes a TorchServeError with the log lines."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    since = log_size(server.log_dir)
    status, raw = http("POST", f"{server.inference_url}/predictions/{server.model}", data, content_type)
    if status != 200:
        raise server.fail(f"smoke request failed with HTTP {status}: {raw[:500].decode(errors='replace')}",
                          since if status >= 500 else 0)
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def predict_kserve(server: Server, model: Model, instance: Any) -> Any:
    """One KServe v1/v2 request (the model's protocol) for ``instance``; returns its answer."""
    path, body = kreq.request(model, instance)
    status, raw = http("POST", f"{server.inference_url}{path}", body)
    if status != 200:
        raise server.fail(f"{path} answered HTTP {status}: {raw[:500].decode(errors='replace')}")
    try:
        return kreq.answer(model, json.loads(raw))
    except ValueError as e:
        raise server.fail(str(e)) from None


def burst(server: Server, model: Model, instance: Any) -> tuple[int, float]:
    """(requests, seconds) for concurrent requests enough to fill the server's batches twice."""
    from concurrent.futures import ThreadPoolExecutor

    ts = model.torchserve
    width = max(1, (ts.batch_size * ts.max_workers) if ts else 1)
    count = max(BURST_MIN, 2 * width)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(width) as pool:
        list(pool.map(lambda _i: predict_kserve(server, model, instance), range(count)))
    return count, time.perf_counter() - t0


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
    started = time.perf_counter()
    with _sigterm_as_interrupt(), running(model, build, timeout=timeout, port=port, echo=echo) as server:
        echo(f"{model.name}: ready in {time.perf_counter() - started:.1f} s (KServe {kreq.protocol(model)} "
             f"requests, runtime env {runtime_env(model)})")
        result = None
        if ts.smoke_test is not None:
            t0 = time.perf_counter()
            result = predict_kserve(server, model, ts.smoke_test.request)
            latency = (time.perf_counter() - t0) * 1000
            problem = check_response(result, ts.smoke_test.expect_shape)
            if problem:
                raise server.fail(f"smoke test: {problem}")
            text = json.dumps(result)
            echo(f"{model.name}: {text[:300]}{'...' if len(text) > 300 else ''}")
            echo(f"{model.name}: smoke test passed in {latency:.1f} ms")
            count, seconds = burst(server, model, ts.smoke_test.request)
            echo(f"{model.name}: throughput {count / seconds:.1f} requests/s ({count} concurrent requests "
                 f"in {seconds:.2f} s)")
        if keep:
            echo(f"inference:  {server.inference_url}{kreq.request(model, None)[0]}")
            echo(f"management: {server.management_url}/models/{model.name}")
            echo(f"metrics:    http://127.0.0.1:{server.ports['metrics']}/metrics")
            echo("Ctrl-C to stop")
            try:
                while server.proc.poll() is None:
                    time.sleep(0.5)
            except KeyboardInterrupt:
                pass
        return result
