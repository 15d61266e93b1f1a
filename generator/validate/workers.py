"""Worker processes for chart checks, started as soon as the caller knows many charts need them.

A worker is a fresh interpreter (spawn, not fork: the Helm SDK is a Go runtime, which does not
survive fork()) that imports the checker and loads the Helm library before its first chart,
~0.25 s. Started when the pool is first needed, that start-up came after everything the main
process did first (loading the catalog, reading or rendering the tree); :meth:`Workers.start`
lets the caller begin it earlier so the two overlap.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor

from generator import runtime
from generator.validate.chartcheck import warm

PARALLEL_FROM = 48  # below this many charts, starting workers costs more than it saves


def _start_worker() -> None:
    """In a new worker: the command line's interpreter settings (runtime.py), and an exit that
    ends the process at the first exit handler instead of tearing the interpreter down (collecting
    every object, unloading modules), which made the pool's shutdown wait ~0.1 s.

    A worker holds nothing to flush or release by then: its results went back through the pool's
    queue, and multiprocessing flushed stdout and stderr before the interpreter began to exit.
    """
    atexit.register(os._exit, 0)
    runtime.tune()


class Workers:
    """A process pool used only for enough work (or when started early); close it when done."""

    def __init__(self, workers: int = 0) -> None:
        self.count = workers or len(os.sched_getaffinity(0))
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> bool:
        """Spawn all workers but one now, each importing the checker, without waiting for them
        (the last starts with the first jobs, so the caller's own work keeps a core); False
        when there is a pool already or only one core to use."""
        if self._pool is not None or self.count < 2:
            return False
        self._pool = ProcessPoolExecutor(max_workers=self.count, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_start_worker)
        for _ in range(self.count - 1):
            self._pool.submit(warm)
        return True

    def pool(self, jobs: int) -> Executor | None:
        """The pool for ``jobs`` charts: the started one, else one when there are enough of them."""
        if self._pool is None and jobs >= PARALLEL_FROM:
            self.start()
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
