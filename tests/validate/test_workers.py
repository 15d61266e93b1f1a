"""Large catalogs are checked in worker processes, started early when every chart needs checking:
the findings must be those of the one-process run, and no worker may outlive the command."""

from __future__ import annotations

import copy
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from generator.pipeline import run_generate, run_validate
from generator.validate import workers as workers_module
from generator.validate.tree import Options
from generator.validate.workers import PARALLEL_FROM, Workers
from tests.conftest import base_catalog

pytestmark = pytest.mark.xdist_group("workers")  # spawns processes of its own


def _catalog(count: int) -> dict[str, object]:
    catalog = base_catalog()
    model = catalog["models"][0]
    catalog["models"] = [{**copy.deepcopy(model), "name": f"m{i}"} for i in range(count)]
    catalog["models"][3]["image"]["tag"] = "latest"  # one finding to compare
    return catalog


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the pools really started (early or on demand)."""
    calls: list[int] = []
    real = Workers.start

    def start(self: Workers) -> bool:
        spawned = real(self)
        if spawned:
            calls.append(self.count)
        return spawned

    monkeypatch.setattr(workers_module.Workers, "start", start)
    return calls


def _findings(result: object) -> list[tuple[str, str, str]]:
    return sorted((f.file, f.rule, f.message) for f in result.findings)  # type: ignore[attr-defined]


def test_workers_find_what_one_process_finds(write_catalog, started: list[int],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.render.generate as render_generate

    real_generate = render_generate.generate
    pools_when_rendering: list[int] = []

    def generate(*args: object, **kwargs: object) -> object:
        pools_when_rendering.append(len(started))
        return real_generate(*args, **kwargs)

    monkeypatch.setattr(render_generate, "generate", generate)
    path = write_catalog(_catalog(PARALLEL_FROM + 2))
    generated = run_generate(path, None, check=False, validate=True, quiet=True,
                             options=Options(ignore_missing_schemas=True, progress=False, workers=2))
    assert generated.exit == 0 and started == [2]
    assert pools_when_rendering == [1]  # a fresh tree: the workers were starting while it rendered
    serial = run_validate(path, None, Options(ignore_missing_schemas=True, progress=False, workers=1),
                          strict=False, fmt="json", use_cache=False)
    parallel = run_validate(path, None, Options(ignore_missing_schemas=True, progress=False, workers=2),
                            strict=False, fmt="json", use_cache=False)
    assert started == [2, 2]  # --no-cache: started early; one worker: never
    assert _findings(parallel) == _findings(serial)
    assert [f[1] for f in _findings(serial) if f[1] == "image-latest"] == ["image-latest"]
    assert parallel.documents == serial.documents > 4 * PARALLEL_FROM
    cached = run_validate(path, None, Options(ignore_missing_schemas=True, progress=False, workers=2),
                          strict=False, fmt="json")
    assert started == [2, 2]  # results stored by generate: nothing to check, no pool
    assert _findings(cached) == _findings(serial)
    assert multiprocessing.active_children() == []


def test_early_workers_are_stopped_when_generate_fails(write_catalog, started: list[int], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_catalog(_catalog(PARALLEL_FROM))
    import generator.render.generate as render_generate

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("render failed")

    monkeypatch.setattr(render_generate, "generate", broken)
    with pytest.raises(RuntimeError, match="render failed"):
        run_generate(path, None, check=False, validate=True, quiet=True,
                     options=Options(ignore_missing_schemas=True, progress=False, workers=2))
    assert started == [2]
    assert multiprocessing.active_children() == []


def _whoami(item: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough that both processes get chunks
    return item, os.getpid()


def test_map_keeps_order_and_shares_the_work_with_the_calling_process() -> None:
    with Workers(2) as workers:
        assert workers.parallel(PARALLEL_FROM)
        results = list(workers.map(_whoami, list(range(200)), 4))
    assert [item for item, _pid in results] == list(range(200))
    pids = {pid for _item, pid in results}
    assert os.getpid() in pids and len(pids) == 2  # this process and one worker: two cores, no third
    assert multiprocessing.active_children() == []


def test_one_core_means_no_workers() -> None:
    with Workers(1) as workers:
        assert not workers.start() and not workers.parallel(10 * PARALLEL_FROM)
