"""Runs inside an emulated pod (see pod.py): waits for the first good answer, times one smoke
request and a concurrent burst, and prints ``RESULT <json>``. Standard library only.

env POD_CALL: JSON {url, body, protocol, burst, width, timeout}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from generator.torchserve.kserve_request import answer_for
from generator.torchserve.process import http


def _call(url: str, body: bytes) -> tuple[int, bytes]:
    try:
        return http("POST", url, body, timeout=60)
    except OSError as e:
        return 0, str(e).encode()


def main() -> None:
    call: dict[str, Any] = json.loads(os.environ["POD_CALL"])
    url, body = call["url"], call["body"].encode()
    entry = os.environ.get("ENTRY_PID", "")
    t0 = time.monotonic()
    status, raw = 0, b""
    while time.monotonic() - t0 < call["timeout"]:
        if entry and not os.path.exists(f"/proc/{entry}"):
            break
        status, raw = _call(url, body)
        if status == 200:
            break
        time.sleep(0.5)
    result: dict[str, Any] = {"ready_s": time.monotonic() - t0, "status": status}
    if status != 200:
        result["error"] = f"no answer from {url}: HTTP {status} {raw[:300].decode(errors='replace')}"
        print("RESULT " + json.dumps(result))
        sys.exit(1)
    t1 = time.perf_counter()
    status, raw = _call(url, body)
    result["latency_ms"] = (time.perf_counter() - t1) * 1000
    try:
        result["answer"] = answer_for(call["protocol"], json.loads(raw))
    except ValueError as e:
        result["error"] = str(e)
    t2 = time.perf_counter()
    with ThreadPoolExecutor(call["width"]) as pool:
        codes = list(pool.map(lambda _i: _call(url, body)[0], range(call["burst"])))
    result["burst"] = {"count": call["burst"], "seconds": time.perf_counter() - t2, "ok": codes.count(200)}
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
