"""Run the real TorchServe on loopback in its own process group, and stop it without orphans."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.torchserve.errors import TorchServeError, settled_log_lines

PORT_NAMES = ("inference", "management", "metrics", "grpc", "grpc_mgmt")
# Worker failures show up in the logs long before the readiness timeout would fire.
_FATAL_MARKERS = ("Backend worker process died", "Load model failed", "Failed to load model",
                  "ModuleNotFoundError", "ImportError", "Traceback")


def free_ports(inference: int | None = None) -> dict[str, int]:
    """Ports the kernel says are free now (held open together so they are distinct).

    ``inference`` pins the inference port (``serve --port``); the others stay free ones.
    """
    socks = [socket.socket() for _ in PORT_NAMES]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        ports = {name: s.getsockname()[1] for name, s in zip(PORT_NAMES, socks, strict=False)}
    finally:
        for s in socks:
            s.close()
    if inference is not None:
        ports["inference"] = inference
    return ports


def http(method: str, url: str, body: bytes | None = None, content_type: str = "application/json",
         timeout: float = 30.0) -> tuple[int, bytes]:
    """One request; returns (status, body) for HTTP errors too instead of raising."""
    import urllib.error  # here, not at the top: every infergen command would pay ~20 ms for it
    import urllib.request

    req = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@dataclass
class Server:
    """A TorchServe started by :func:`start`; ``stop`` is idempotent."""

    model: str
    run_dir: Path
    ports: dict[str, int]
    proc: subprocess.Popen[bytes]
    pids: set[int] = field(default_factory=set)

    @property
    def inference_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['inference']}"

    @property
    def management_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['management']}"

    @property
    def log_dir(self) -> Path:
        return self.run_dir / "logs"

    def fail(self, message: str, since: int = 0) -> TorchServeError:
        """The error, with the log lines that explain it (``since``: the log size before a request)."""
        return TorchServeError(self.model, message, settled_log_lines(self.log_dir, since))

    def _remember_children(self) -> None:
        """Record every process in the tree: workers may outlive the launcher."""
        try:
            import psutil  # type: ignore[import-untyped,unused-ignore]
        except ImportError:  # pragma: no cover - psutil comes with torchserve
            return
        with contextlib.suppress(psutil.NoSuchProcess):
            self.pids |= {p.pid for p in psutil.Process(self.proc.pid).children(recursive=True)}

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Until /ping is healthy and a worker of the model is READY; fail fast on log errors."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._remember_children()
            if self.proc.poll() is not None:
                raise self.fail(f"TorchServe exited with status {self.proc.returncode} during startup")
            if self._model_ready():
                return
            if self._fatal_in_logs():
                time.sleep(0.5)  # let the worker finish writing its traceback
                raise self.fail("model failed to load")
            time.sleep(0.2)
        raise self.fail(f"not ready after {timeout:.0f}s")

    def _model_ready(self) -> bool:
        try:
            status, _ = http("GET", f"{self.inference_url}/ping", timeout=2)
            if status != 200:
                return False
            status, body = http("GET", f"{self.management_url}/models/{self.model}", timeout=2)
        except OSError:
            return False
        if status != 200:
            return False
        info: list[dict[str, Any]] = json.loads(body)
        return any(w.get("status") == "READY" for m in info for w in m.get("workers", []))

    def _fatal_in_logs(self) -> bool:
        for name in ("model_log.log", "ts_log.log"):
            path = self.log_dir / name
            if path.is_file() and any(m in path.read_text(errors="replace") for m in _FATAL_MARKERS):
                return True
        return False

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM the process group, then SIGKILL it and any recorded straggler."""
        self._remember_children()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
        _kill_leftovers(self.pids, grace)


def _kill_leftovers(pids: set[int], grace: float) -> None:
    """Workers are in the group and die with it; this catches any that left the group."""
    try:
        import psutil  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover
        return
    procs = []
    for pid in pids:
        try:
            procs.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            continue
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(procs, timeout=grace)


def start(model: str, model_store: Path, ts_config: Path, run_dir: Path,
          ports: dict[str, int], runtime_env: dict[str, str] | None = None) -> Server:
    """Start ``torchserve --foreground`` in a new session (its own process group).

    As the runtime's image: TEMP and HOME (here inside ``run_dir``: TorchServe keeps its pid
    file in the temp dir and refuses to start a second server that finds one), the cwd as
    WORKDIR, the runtime's env (``runtime_env``); LOG_LOCATION makes the logs readable for
    error messages.
    """
    for sub in ("logs", "tmp", "home"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    tmp = str(run_dir / "tmp")
    env.update(runtime_env or {})
    env.update(TMPDIR=tmp, TEMP=tmp, HOME=str(run_dir / "home"), LOG_LOCATION=str(run_dir / "logs"),
               METRICS_LOCATION=str(run_dir / "logs"), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               # workers run ``python`` from PATH: make it this interpreter
               PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""))
    # The runtime's args (no --models: the config's model_snapshot loads it, no --ncs), plus
    # --foreground so that this process group is the server.
    cmd = [sys.executable, "-m", "ts.model_server", "--start", "--foreground",
           f"--model-store={model_store}", f"--ts-config={ts_config}"]
    log = (run_dir / "logs" / "stdout.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=run_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    return Server(model, run_dir, ports, proc)
