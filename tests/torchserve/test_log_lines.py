"""A failed request's error carries the worker's exception even when the frontend writes it late."""

from __future__ import annotations

import threading
from pathlib import Path

from generator.torchserve.errors import log_size, settled_log_lines

HEAD = (
    "2026-01-01T00:00:00,000 [INFO ] W-9000-lin_1.0-stdout MODEL_LOG - Traceback (most recent call last):\n"
    '2026-01-01T00:00:00,001 [INFO ] W-9000-lin_1.0-stdout MODEL_LOG -   File "ts/service.py", line 135, in predict\n'
    "2026-01-01T00:00:00,002 [INFO ] W-9000-lin_1.0-stdout MODEL_LOG -     ret = self._entry_point(input_batch)\n"
)
TAIL = "2026-01-01T00:00:00,003 [INFO ] W-9000-lin_1.0-stdout MODEL_LOG - ValueError: request body needs one of data\n"


def test_the_exception_line_written_after_the_response_is_waited_for(tmp_path: Path) -> None:
    log = tmp_path / "model_log.log"
    log.write_text(HEAD, encoding="utf-8")
    writer = threading.Timer(0.3, lambda: log.write_text(HEAD + TAIL, encoding="utf-8"))
    writer.start()
    try:
        lines = settled_log_lines(tmp_path, wait=10.0)
    finally:
        writer.join()
    assert "model_log.log: ValueError: request body needs one of data" in lines


def test_a_request_failure_waits_for_a_traceback_not_yet_begun(tmp_path: Path) -> None:
    log = tmp_path / "model_log.log"
    log.write_text(HEAD + TAIL, encoding="utf-8")  # an earlier request's, complete
    since = log_size(tmp_path)
    writer = threading.Timer(0.3, lambda: log.write_text(HEAD + TAIL + HEAD + TAIL.replace("data", "inputs"),
                                                          encoding="utf-8"))
    writer.start()
    try:
        lines = settled_log_lines(tmp_path, since, wait=10.0)
    finally:
        writer.join()
    assert "model_log.log: ValueError: request body needs one of inputs" in lines


def test_a_log_that_never_completes_is_returned_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "model_log.log").write_text(HEAD, encoding="utf-8")
    lines = settled_log_lines(tmp_path, wait=0.2)
    assert any("in predict" in line for line in lines)
    assert not any("ValueError" in line for line in lines)


def test_no_log_at_all_is_no_lines(tmp_path: Path) -> None:
    assert settled_log_lines(tmp_path, wait=0.2) == ()
