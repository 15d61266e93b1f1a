"""Benchmark `infergen generate` and `infergen validate` against the per-chart baseline.

For each N it measures, in one run: wall time and peak RSS of generate and of validate,
documents validated per second and the per-model cost; then the baseline a team would
otherwise script (per chart `helm lint --strict` and `helm template` as processes, plus
kubernetes-validate's `validate()` per document) and the ratio. A second scenario changes
one model in a 1000-model catalog and times generate and `generate --check`, counting
which files were rewritten.

    PATH="$(../shared/tools/get-helm):$PATH" python bench/generate.py --sizes 10,100,1000,5000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog import synthesise

INFERGEN = [sys.executable, "-m", "generator"]


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (workers included), from /proc."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{current}/task/{current}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


DROP_CACHES = False


def drop_caches() -> None:
    """Start from the same kernel cache state each time (root only).

    On the shared VM the file-system calls of a run grow slower with every run that
    creates and deletes tens of thousands of files (the same generate went from 6 s to
    9 s over four runs, all of it system time); dropping the page, dentry and inode
    caches brings it back. Applied before every timed command, baseline included.
    """
    if DROP_CACHES:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as fh:
            fh.write("3\n")


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS MiB of the whole process tree, stdout) of one command."""
    drop_caches()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.02):
                peak = max(peak, _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.read().decode()[-3000:]}")
        # the sampler can miss a short peak; the kernel's own figure for the main process is exact
        return elapsed, max(peak / 2**20, usage.ru_maxrss / 1024), out.read().decode()


def write_catalog(root: Path, n: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "catalog.yaml"
    path.write_text(yaml.safe_dump(synthesise(n), sort_keys=False), encoding="utf-8")
    return path


def measure(n: int, work: Path) -> dict[str, float]:
    catalog = write_catalog(work / f"n{n}", n)
    gen_s, gen_rss, _ = timed([*INFERGEN, "generate", "-q", "-c", str(catalog)])
    # right after generate, as CI and pre-commit run it: unchanged charts come from the result cache
    val_s, val_rss, out = timed([*INFERGEN, "validate", "-c", str(catalog), "--output", "json"])
    # and from scratch, every chart linted, rendered and checked again
    cold_s, cold_rss, cold_out = timed([*INFERGEN, "validate", "--no-cache", "-c", str(catalog), "--output", "json"])
    docs = json.loads(cold_out)["summary"]["documents"]
    assert json.loads(out)["summary"] == json.loads(cold_out)["summary"], "cached and fresh results differ"
    return {"n": n, "generate_s": gen_s, "generate_rss_mib": gen_rss, "validate_s": val_s,
            "validate_rss_mib": val_rss, "validate_cold_s": cold_s, "validate_cold_rss_mib": cold_rss,
            "documents": docs, "docs_per_s": docs / cold_s, "ms_per_model": 1000 * (gen_s + val_s) / n}


def baseline(n: int, work: Path) -> dict[str, float]:
    """Per chart: helm lint --strict + helm template as processes, validate() per document."""
    import kubernetes_validate

    helm = shutil.which("helm")
    if helm is None:
        raise SystemExit("helm not on PATH: PATH=\"$(../shared/tools/get-helm):$PATH\"")
    root = work / f"n{n}"
    apps = sorted((root / "apps").glob("*.yaml"))
    drop_caches()
    start = time.perf_counter()
    validated = skipped = 0
    for app in (d for f in apps for d in yaml.safe_load_all(f.read_text()) if d):
        if app.get("kind") != "Application" or "helm" not in app["spec"]["source"]:
            continue
        chart = root / app["spec"]["source"]["path"]
        release, ns = app["spec"]["source"]["helm"]["releaseName"], app["spec"]["destination"]["namespace"]
        subprocess.run([helm, "lint", "--strict", str(chart)], check=True, capture_output=True)
        out = subprocess.run([helm, "template", release, str(chart), "-n", ns], check=True,
                             capture_output=True, text=True).stdout
        for doc in yaml.safe_load_all(out):
            if not doc:
                continue
            try:
                kubernetes_validate.validate(doc, "1.33", strict=True)
                validated += 1
            except kubernetes_validate.SchemaNotFoundError:
                skipped += 1  # custom kinds: the baseline would need kubeconform for these
            except kubernetes_validate.ValidationError:
                validated += 1
    return {"baseline_s": time.perf_counter() - start, "baseline_docs": validated,
            "baseline_custom_skipped": skipped}


def one_change(work: Path, n: int = 1000) -> dict[str, float]:
    root = work / f"change{n}"
    catalog = write_catalog(root, n)
    timed([*INFERGEN, "generate", "-q", "-c", str(catalog)])
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}
    data = yaml.safe_load(catalog.read_text())
    target = data["models"][n // 2]
    target["resources"]["limits"]["memory"] = "6Gi"
    catalog.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    gen_s, gen_rss, _ = timed([*INFERGEN, "generate", "-q", "-c", str(catalog)])
    after = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    rewritten = sorted(str(p.relative_to(root)) for p in after if before.get(p) != after[p] and p != catalog)
    check_s, _, _ = timed([*INFERGEN, "generate", "--check", "-q", "-c", str(catalog)])
    return {"generate_s": gen_s, "generate_rss_mib": gen_rss, "check_s": check_s, "rewritten": len(rewritten),
            "rewritten_files": rewritten, "changed_model": target["name"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,5000")
    parser.add_argument("--baseline-sizes", default="10,100,1000", help="sizes to run the slow baseline at")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--drop-caches", action="store_true",
                        help="drop the kernel's page/dentry/inode caches before each timed command (root)")
    args = parser.parse_args()
    global DROP_CACHES
    DROP_CACHES = args.drop_caches
    work = Path(tempfile.mkdtemp(prefix="infergen-bench-"))
    results: dict[str, object] = {"machine": f"{platform.machine()} {os.cpu_count()} CPUs, "
                                             f"{platform.python_implementation()} {platform.python_version()}"}
    rows = []
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            row = measure(n, work)
            if str(n) in args.baseline_sizes.split(","):
                row.update(baseline(n, work))
                row["speedup"] = row["baseline_s"] / (row["generate_s"] + row["validate_s"])
                row["speedup_cold"] = row["baseline_s"] / (row["generate_s"] + row["validate_cold_s"])
            rows.append(row)
            print(json.dumps(row), flush=True)
        results["sizes"] = rows
        results["one_change_in_1000"] = one_change(work)
        print(json.dumps(results["one_change_in_1000"]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(_table(rows))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def _table(rows: list[dict[str, float]]) -> str:
    lines = ["| N | generate s | validate s | generate + validate s | validate --no-cache s | peak RSS MiB "
             "| docs | docs/s (cold) | baseline s | speed-up (cold) |", "|" + "---|" * 10]
    for r in rows:
        rss = max(r["generate_rss_mib"], r["validate_rss_mib"], r["validate_cold_rss_mib"])
        lines.append(f"| {r['n']:.0f} | {r['generate_s']:.2f} | {r['validate_s']:.2f} "
                     f"| {r['generate_s'] + r['validate_s']:.2f} | {r['validate_cold_s']:.2f} | {rss:.0f} "
                     f"| {r['documents']:.0f} | {r['docs_per_s']:.0f} | {r.get('baseline_s', float('nan')):.1f} "
                     f"| {r.get('speedup', float('nan')):.1f}× ({r.get('speedup_cold', float('nan')):.1f}×) |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
