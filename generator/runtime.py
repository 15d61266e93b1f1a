"""Interpreter settings for a batch run: the command line and every validation worker apply them.

CPython starts a cyclic garbage collection every 700 net container allocations and, every so
often, one over the whole heap. A run keeps hundreds of thousands of long-lived containers (the
catalog's dataclasses, compiled schemas, parsed documents) and allocates millions more, nearly
all freed by reference counting; the collections found next to nothing and cost ~0.15 s of a
cached 1000-model validate (measured: bench/RESULTS.md §2d). A larger first threshold, as mypy
sets for its runs, keeps cycle collection but runs it far less often.
"""

from __future__ import annotations

import gc

FIRST_GENERATION = 100_000  # mypy uses 200,000 (mypy/main.py, main); 700 is CPython's default


def tune() -> None:
    """Collect cycles less often (see above); peak memory measured unchanged."""
    _, second, third = gc.get_threshold()
    gc.set_threshold(FIRST_GENERATION, second, third)
