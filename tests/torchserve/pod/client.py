"""Runs inside the emulated pod: wait for the wrapper, send KServe v1 requests, report JSON.

argv: pod_ip model; env POD_TEXTS: a JSON list of texts, one request each. Prints one
line ``RESULT <json>``: readiness seconds, the answers (request order), the ports open on
the pod IP and on loopback, the batch sizes the handler logged.
"""

import concurrent.futures
import json
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.request

PORTS = (8080, 8081, 8082, 8085, 8086, 7070, 7071)


def call(url: str, body: object | None = None, timeout: float = 60) -> tuple[int, object]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def is_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def main() -> None:
    pod_ip, model, texts = sys.argv[1], sys.argv[2], json.loads(os.environ["POD_TEXTS"])
    base = f"http://{pod_ip}:8080/v1/models/{model}"
    t0 = time.monotonic()
    while time.monotonic() - t0 < 300:
        if not os.path.exists(f"/proc/{os.environ.get('ENTRY_PID', '1')}"):
            print("RESULT " + json.dumps({"error": "the entrypoint exited"}))
            sys.exit(1)
        try:
            status, body = call(base, timeout=2)
            if status == 200 and isinstance(body, dict) and body.get("ready") in (True, "True"):
                break
        except OSError:
            pass
        time.sleep(0.5)
    else:
        print("RESULT " + json.dumps({"error": "wrapper never reported the model ready"}))
        sys.exit(1)
    ready = time.monotonic() - t0
    call(f"{base}:predict", {"instances": [texts[0]]})  # warm-up
    with concurrent.futures.ThreadPoolExecutor(len(texts)) as pool:
        answers = list(pool.map(lambda t: call(f"{base}:predict", {"instances": [t]}), texts))
    with open("/home/model-server/logs/model_log.log", errors="replace") as f:
        logs = f.read()
    batches = [int(n) for n in re.findall(r"infergen batch of (\d+) requests", logs)]
    result = {"ready_s": ready, "answers": answers, "batches": batches,
              "open_pod_ip": [p for p in PORTS if is_open(pod_ip, p)],
              "open_loopback": [p for p in PORTS if is_open("127.0.0.1", p)]}
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
