"""A small hand-written mutation check over the modules behind infergen's promises.

    PYTHONPATH=. python bench/mutate.py [--area AREA ...] [--id ID ...] [--list] [--markdown]

Each mutant (bench/mutants.py) is one known bug: a flipped operator, a changed constant, a
removed line, a quoted value left bare. They are planted one at a time in a private copy of
the checkout (git's tracked and untracked-not-ignored files, under $TMPDIR, with ../shared
linked beside it), and the mutant's test files run against it with ``pytest -x``. A mutant
whose tests still pass *survived*: the suite is blind to that bug. A mutant whose text is no
longer in the code is *stale* (the code moved on: rewrite the mutant); the writer's mutants
go stale whenever the writer is rewritten and are kept so they are checked after a merge.

Exit status: 0 when nothing survived (stale mutants are listed, not counted), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mutants import MUTANTS, Mutant

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 900  # a hang counts as killed, but is reported as such


def copy_checkout(dest: Path) -> Path:
    """The tracked and untracked-not-ignored files of the checkout, with ../shared linked beside."""
    listed = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=REPO, check=True,
                            capture_output=True).stdout.decode().split("\0")
    root = dest / "repo"
    for rel in filter(None, listed):
        src = REPO / rel
        if src.is_file() and not src.is_symlink():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, root / rel)
    shared = REPO.parent / "shared"
    if shared.is_dir():
        (dest / "shared").symlink_to(shared.resolve())
    return root


def run_tests(root: Path, tests: tuple[str, ...], cache: Path) -> tuple[str, float]:
    env = {**os.environ, "PYTHONPATH": str(root), "XDG_CACHE_HOME": str(cache), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("INFERGEN_SHARED_CRDS", None)
    start = time.monotonic()
    try:
        # -n 0: under xdist, -x ends a failing run as "interrupted" (exit 2), which would blur a
        # kill with a broken run
        proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", "-p", "no:cacheprovider", *tests],
                              cwd=root, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "killed (timeout)", time.monotonic() - start
    took = time.monotonic() - start
    if proc.returncode == 0:
        return "survived", took
    if proc.returncode == 1:
        return "killed", took
    return f"killed (pytest exit {proc.returncode})", took


def apply(root: Path, mutant: Mutant) -> dict[Path, str] | None:
    """Plant ``mutant``; the original texts to restore, or None when an edit no longer applies."""
    originals: dict[Path, str] = {}
    for path, old, new in mutant.edits:
        file = root / path
        current = file.read_text(encoding="utf-8") if file.is_file() else None
        if current is None or current.count(old) != 1:
            restore(originals)
            return None
        originals.setdefault(file, current)
        file.write_text(current.replace(old, new), encoding="utf-8")
    return originals


def restore(originals: dict[Path, str]) -> None:
    for file, text in originals.items():
        file.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--area", action="append", default=[], help="only mutants of this area")
    parser.add_argument("--id", action="append", default=[], help="only this mutant")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--markdown", action="store_true", help="print the results as a Markdown table")
    parser.add_argument("--dry-run", action="store_true", help="plant each mutant and report stale ones only")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if (not args.area or m.area in args.area) and (not args.id or m.id in args.id)]
    if args.list:
        for m in chosen:
            print(f"{m.area:18} {m.id:34} {m.note}")
        return 0
    results: list[tuple[Mutant, str, float]] = []
    with tempfile.TemporaryDirectory(prefix="infergen-mutants-") as tmp:
        root = copy_checkout(Path(tmp))
        if args.dry_run:
            stale = [m.id for m in chosen if (planted := apply(root, m)) is None or restore(planted)]
            print(f"{len(chosen)} mutants, stale: {stale or 'none'}")
            return 1 if stale else 0
        for tests in dict.fromkeys(m.tests for m in chosen):  # the unmutated suite must pass first
            status, _took = run_tests(root, tests, Path(tmp) / "cache")
            if status != "survived":
                print(f"baseline fails: {' '.join(tests)} ({status}); fix the suite first", file=sys.stderr)
                return 2
        for m in chosen:
            originals = apply(root, m)
            if originals is None:
                results.append((m, "stale", 0.0))
            else:
                try:
                    status, took = run_tests(root, m.tests, Path(tmp) / "cache")
                finally:
                    restore(originals)
                results.append((m, status, took))
            print(f"{results[-1][1]:24} {m.area:18} {m.id}", file=sys.stderr, flush=True)
    report(results, args.markdown)
    return 1 if any(s == "survived" for _m, s, _t in results) else 0


def report(results: list[tuple[Mutant, str, float]], markdown: bool) -> None:
    if markdown:
        print("| area | mutant | planted bug | result | tests |\n|---|---|---|---|---|")
        for m, status, _took in results:
            print(f"| {m.area} | `{m.id}` | {m.note} | {status} | {', '.join(m.tests)} |")
    areas = sorted({m.area for m, _s, _t in results})
    for area in areas:
        mine = [(m, s) for m, s, _t in results if m.area == area]
        survived = [m.id for m, s in mine if s == "survived"]
        stale = [m.id for m, s in mine if s == "stale"]
        print(f"{area}: {len(mine)} mutants, {len(mine) - len(survived) - len(stale)} killed, "
              f"{len(survived)} survived {survived or ''}, {len(stale)} stale {stale or ''}")


if __name__ == "__main__":
    sys.exit(main())
