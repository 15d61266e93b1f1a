"""Chart checks spread over the cores: worker processes plus the calling process itself.

A worker is a fresh interpreter (spawn, not fork: the Helm SDK is a Go runtime, which does not
survive fork()) that imports the checker and loads the Helm library before its first chart,
~0.25 s. With N cores there are N - 1 workers and the calling process takes the rest of the
work itself (it would otherwise sit waiting), so no core is oversubscribed and one start-up
fewer is paid. :meth:`Workers.start` lets the caller begin the workers' start-up early, while
it loads the catalog, renders or reads the tree.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

from generator import runtime
from generator.validate.chartcheck import warm

PARALLEL_FROM = 48  # below this many charts, starting workers costs more than it saves
J = TypeVar("J")
R = TypeVar("R")


def _start_worker() -> None:
    """In a new worker: the command line's interpreter settings (runtime.py), and an exit that
    ends the process at the first exit handler instead of tearing the interpreter down (collecting
    every object, unloading modules), which made the pool's shutdown wait ~0.1 s.

    A worker holds nothing to flush or release by then: its results went back through the pool's
    queue, and multiprocessing flushed stdout and stderr before the interpreter began to exit.
    """
    atexit.register(os._exit, 0)
    runtime.tune()


def _chunk(fn: Callable[[J], R], items: Sequence[J]) -> list[R]:
    return [fn(item) for item in items]


class Workers:
    """Worker processes used only for enough work (or when started early); close when done."""

    def __init__(self, workers: int = 0) -> None:
        self.count = workers or len(os.sched_getaffinity(0))  # the calling process included
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> bool:
        """Spawn the workers now, each importing the checker, without waiting for them; False
        when they exist already or there is only one core to use."""
        if self._pool is not None or self.count < 2:
            return False
        self._pool = ProcessPoolExecutor(max_workers=self.count - 1, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_start_worker)
        for _ in range(self.count - 1):
            self._pool.submit(warm)
        return True

    def parallel(self, jobs: int) -> bool:
        """Whether ``jobs`` charts go to the workers (started now if need be)."""
        if self._pool is None and jobs >= PARALLEL_FROM:
            self.start()
        return self._pool is not None

    def submit(self, fn: Callable[..., R], *args: Any) -> Future[R]:
        """``fn(*args)`` in a worker."""
        if self._pool is None:
            raise RuntimeError("submit() before start()")
        return self._pool.submit(fn, *args)

    def map(self, fn: Callable[[J], R], items: Sequence[J], size: int) -> Iterator[R]:
        """``fn`` over ``items``, in order: chunks of ``size`` go to the workers, two queued per
        worker, and this process checks the next chunk itself whenever the queue is full."""
        if self._pool is None:
            raise RuntimeError("map() before start()")
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        done: dict[int, list[R]] = {}
        queued: dict[int, Future[list[R]]] = {}
        taken = emitted = 0
        while emitted < len(chunks):
            while taken < len(chunks) and len(queued) < 2 * (self.count - 1):
                queued[taken] = self._pool.submit(_chunk, fn, chunks[taken])
                taken += 1
            if taken < len(chunks):
                done[taken] = _chunk(fn, chunks[taken])
                taken += 1
            elif emitted not in done:
                wait(list(queued.values()), return_when=FIRST_COMPLETED)
            for index in [i for i, future in queued.items() if future.done()]:
                done[index] = queued.pop(index).result()
            while emitted in done:
                yield from done.pop(emitted)
                emitted += 1

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
