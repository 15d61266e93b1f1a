"""The one exception the TorchServe stage raises; the CLI prints it without a traceback."""

from __future__ import annotations

import re
import time
from pathlib import Path

from generator.errors import Exit, InfergenError

# ``2026-01-01T00:00:00,000 [INFO ] W-9000-m_1.0-stdout MODEL_LOG - message``
_LOG4J = re.compile(r"^\S+ \[(\w+)\s*\] \S+ \S+ - ")
_EXCEPTION = re.compile(r"^[\w.]*(Error|Exception|Exit)\b.*:")
# Frontend warnings on every start that explain nothing.
_NOISE = ("worker pid is not available yet", "xpu-smi", "Auto recovery failed again")


class TorchServeError(InfergenError):
    """A failure tied to one model, with the TorchServe log lines that explain it."""

    exit = Exit.FINDINGS  # the model does not package or serve: `package`/`serve` have always exited 1

    def __init__(self, model: str, message: str, log_lines: tuple[str, ...] = ()) -> None:
        self.model = model
        self.message = message
        self.log_lines = log_lines
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"model {self.model!r}: {self.message}"
        if self.log_lines:
            text += "\nTorchServe log:\n" + "\n".join(f"  {line}" for line in self.log_lines)
        return text


def _worker_messages(text: str) -> tuple[list[str], list[int]]:
    """model_log.log's messages without log4j prefixes, and where each traceback starts."""
    msgs = [_message(raw)[1].rstrip() for raw in text.splitlines()]
    return msgs, [i for i, m in enumerate(msgs) if m.startswith("Traceback (most recent call last)")]


def _message(line: str) -> tuple[str, str]:
    """(level, message) of a log4j line, or ("", line) for continuation lines."""
    m = _LOG4J.match(line)
    return (m.group(1), line[m.end():]) if m else ("", line)


def settled_log_lines(log_dir: Path, since: int = 0, wait: float = 3.0) -> tuple[str, ...]:
    """:func:`relevant_log_lines` once model_log.log, past byte ``since``, holds an exception line.

    The frontend copies the worker's output into model_log.log on its own thread, so an HTTP
    error can reach the client before the traceback that explains it is in the file: read again
    for up to ``wait`` seconds. ``since`` is the log's size before the failed request (the caller
    knows a worker exception is coming); without it, only an unfinished last traceback waits.
    """
    deadline = time.monotonic() + wait
    while not _explained(log_dir, since) and time.monotonic() < deadline:
        time.sleep(0.1)
    return relevant_log_lines(log_dir)


def log_size(log_dir: Path) -> int:
    """The size of model_log.log now (0 when absent): the ``since`` of :func:`settled_log_lines`."""
    model_log = log_dir / "model_log.log"
    return model_log.stat().st_size if model_log.is_file() else 0


def _explained(log_dir: Path, since: int) -> bool:
    model_log = log_dir / "model_log.log"
    if not model_log.is_file():
        return not since
    with model_log.open("rb") as fh:
        fh.seek(since)
        msgs, starts = _worker_messages(fh.read().decode(errors="replace"))
    if since:
        return any(_EXCEPTION.match(m) for m in msgs[(starts[-1] + 1) if starts else 0:])
    return not starts or any(_EXCEPTION.match(m) for m in msgs[starts[-1] + 1:])


def relevant_log_lines(log_dir: Path, limit: int = 25) -> tuple[str, ...]:
    """The lines of model_log.log and ts_log.log that explain a failure, without timestamps.

    From the worker log: every distinct exception line (``ModuleNotFoundError: ...``) and
    the tail of the last traceback; from the frontend log: distinct WARN/ERROR messages.
    Repeated retries are folded so the root cause is not pushed out by the limit.
    """
    picked: list[str] = []
    model_log = log_dir / "model_log.log"
    if model_log.is_file():
        msgs, starts = _worker_messages(model_log.read_text(errors="replace"))
        if starts:
            block = msgs[starts[-1]:]
            end = next((i for i, m in enumerate(block) if i and not m.startswith(" ")), len(block) - 1)
            picked += [f"model_log.log: {m}" for m in block[max(1, end - 6):end + 1]]
        picked += [f"model_log.log: {m}" for m in msgs if _EXCEPTION.match(m)]
    ts_log = log_dir / "ts_log.log"
    if ts_log.is_file():
        for raw in ts_log.read_text(errors="replace").splitlines():
            level, msg = _message(raw)
            if level in ("WARN", "ERROR") and "MODEL_LOG" not in raw and not any(n in msg for n in _NOISE):
                picked.append(f"ts_log.log: {msg}")
    unique = list(dict.fromkeys(picked))
    return tuple(unique[:limit])
