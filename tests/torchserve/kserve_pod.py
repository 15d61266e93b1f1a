"""Run a packaged model the way a KServe ``kserve-torchserve`` pod runs it (tests only).

The pod is ``generator/torchserve/pod.sh`` as PID 1 of fresh mount, network and PID
namespaces: the ServingRuntime's args and env, the image's entrypoint and kserve wrapper from
``../shared/upstream``, a read-only root with only the chart's emptyDirs writable, uid 1000, a
pod IP on its own interface. PID 1 exiting takes every process of the pod with it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.torchserve import pod

REPO = Path(__file__).resolve().parents[2]
UPSTREAM = REPO.parent / "shared" / "upstream"
CLIENT = Path(__file__).parent / "pod" / "client.py"
WRAPPERS = {"0.9.0": "pytorch-serve-v0.9.0", "0.12.0": "pytorch-serve-v0.12.0"}
# kserve v0.20.0 pkg/apis/serving/v1beta1/inference_service_defaults.go, SetTorchServeDefaults:
# the runtime's serviceEnvelope label per protocol version.
ENVELOPES = {"v1": "kserve", "v2": "kservev2", "grpc-v2": "kservev2"}


def skip_reason() -> str | None:
    """Why the pod cannot be emulated here, or None."""
    if not UPSTREAM.is_dir():
        return f"{UPSTREAM} is absent (the team bench with the upstream runtime code)"
    for module, why in (("kserve", "kserve (the wrapper's library)"), ("grpc_tools", "grpcio-tools"),
                        ("ts", "torchserve")):
        if importlib.util.find_spec(module) is None:
            return f"{why} is not installed (pip install -e '.[kserve-check]')"
    if os.geteuid() != 0 or not shutil.which("java") or not shutil.which("setpriv"):
        return "needs root (for namespaces), java and setpriv"
    probe = subprocess.run(["unshare", "-m", "-n", "-p", "-f", "--mount-proc", "sh", "-c",
                            "ip link add eth0 type veth peer name n0 && mount -t tmpfs t /mnt"],
                           capture_output=True, timeout=30)
    if probe.returncode != 0:
        return f"namespaces are not allowed here: {probe.stderr.decode(errors='replace').strip()}"
    return None


def runtime_container(protocol: str) -> tuple[str, dict[str, str]]:
    """The kserve-torchserve ServingRuntime's args (one shell line, as the entrypoint evals them) and env."""
    doc = yaml.safe_load((UPSTREAM / "kserve-v0.20.0/config/runtimes/kserve-torchserve.yaml").read_text())
    container = doc["spec"]["containers"][0]
    env = {e["name"]: e["value"].replace("{{.Labels.serviceEnvelope}}", ENVELOPES[protocol])
           for e in container["env"]}
    env["PROTOCOL_VERSION"] = protocol  # SetTorchServeDefaults adds it to the predictor's env
    return " ".join(container["args"]), env


def wrapper(version: str, dest: Path) -> Path:
    """The version's kserve_wrapper with its gRPC stubs compiled, as its Dockerfile does."""
    (dest / version).mkdir()
    return pod.wrapper(UPSTREAM / WRAPPERS[version], dest / version)[0]


open_to_all = pod.open_to_all


def start(models: Path, wrapper_dir: Path, version: str, writable: dict[str, str], protocol: str,
          model: str, texts: list[str], pod_ip: str) -> subprocess.Popen[str]:
    """Start one pod; its client prints ``RESULT <json>`` (see pod/client.py)."""
    args, env = runtime_container(protocol)
    client = [sys.executable, str(CLIENT), pod_ip, model]
    pod_env = {**pod.base_env(models, writable), "WRAPPER": str(wrapper_dir),
               "ENTRYPOINT": str(UPSTREAM / WRAPPERS[version] / "kubernetes/kserve/dockerd-entrypoint.sh"),
               "POD_IP": pod_ip, "RUNTIME_ARGS": args, "RUNTIME_ENV": " ".join(f"{k}={v}" for k, v in env.items()),
               "CLIENT": " ".join(client), "POD_TEXTS": json.dumps(texts)}
    return subprocess.Popen([*pod.UNSHARE, "bash", str(pod.SCRIPT)],
                            env=pod_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def finish(proc: subprocess.Popen[str], timeout: float = 420) -> dict[str, Any]:
    """Wait for the pod's report; kill the pod (its PID 1 and so all of it) whatever happens."""
    return pod.finish(proc, timeout)
