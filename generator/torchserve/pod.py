"""Run a packaged model inside an emulated KServe ``kserve-torchserve`` pod (``serve``'s default as root).

pod.sh becomes PID 1 of new mount, network and PID namespaces: the package is bind-mounted at
/mnt/models, the root is read-only but for the chart's emptyDirs (tmpfs of their sizeLimit),
TorchServe runs as uid 1000 with the runtime's args and env and the image's TEMP/HOME, a pod IP
sits on its own interface. With a pytorch/serve source tree, the image's entrypoint and kserve
wrapper run too and requests go through the wrapper's port 8080. PID 1 exiting ends the pod.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.lint.facts.torchserve import runtime_env
from generator.report import quantity
from generator.spec import Model
from generator.torchserve import kserve_request as kreq
from generator.torchserve.errors import TorchServeError

SCRIPT = Path(__file__).with_name("pod.sh")
# kserve/kserve v0.20.0 config/runtimes/kserve-torchserve.yaml: the container's args.
RUNTIME_ARGS = ("torchserve --start --model-store=/mnt/models/model-store "
                "--ts-config=/mnt/models/config/config.properties")
POD_IP = "10.244.0.7"
WRAPPER_PORT, TORCHSERVE_PORT = 8080, 8085  # the wrapper's REST port; config.Addresses.inference
UNSHARE = ["unshare", "-m", "-n", "-p", "-f", "--mount-proc"]


def unavailable() -> str | None:
    """Why no pod can be emulated on this machine, or None."""
    if os.geteuid() != 0:
        return "not root"
    for tool in ("unshare", "setpriv", "ip", "java"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    probe = subprocess.run([*UNSHARE, "sh", "-c", "ip link add eth0 type veth peer name n0 && mount -t tmpfs t /mnt"],
                           capture_output=True, timeout=30)
    return probe.stderr.decode(errors="replace").strip() or "namespaces refused" if probe.returncode else None


def wrapper(source: Path, dest: Path) -> tuple[Path, Path]:
    """(kserve_wrapper with compiled gRPC stubs, the image entrypoint) from a pytorch/serve tree."""
    kserve_dir, protos = source / "kubernetes/kserve", source / "frontend/server/src/main/resources/proto"
    if not (kserve_dir / "kserve_wrapper/__main__.py").is_file() or not protos.is_dir():
        raise TorchServeError("-", f"--wrapper {source}: not a pytorch/serve source tree "
                                   "(kubernetes/kserve/kserve_wrapper and the frontend protos are missing)")
    try:
        from grpc_tools import _protoc_compiler  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise TorchServeError("-", "--wrapper needs grpcio-tools (see .ci/setup)") from None
    out = dest / "kserve_wrapper"
    shutil.copytree(kserve_dir / "kserve_wrapper", out)
    includes = [protos, Path(_protoc_compiler.__file__).parent / "_proto", *map(Path, site.getsitepackages())]
    args = ["protoc", *(f"-I{p}" for p in includes), f"--python_out={out}", f"--grpc_python_out={out}",
            str(protos / "inference.proto"), str(protos / "management.proto")]
    if _protoc_compiler.run_main([a.encode() for a in args]) != 0:
        raise TorchServeError("-", f"protoc could not compile {protos}")
    return out, kserve_dir / "dockerd-entrypoint.sh"


def open_to_all(path: Path) -> None:
    """Files as uid 1000 sees them on the volume: readable, directories enterable."""
    for p in [path, *path.rglob("*")]:
        p.chmod(p.stat().st_mode | stat.S_IROTH | (stat.S_IXOTH if p.is_dir() else 0))


def interpreter_env() -> dict[str, str]:
    """uid 1000 must reach the interpreter: expose its prefix when an ancestor is closed (pyenv in /root)."""
    prefix = Path(sys.base_prefix).resolve()
    for parent in reversed(prefix.parents):
        if parent != Path("/") and not parent.stat().st_mode & stat.S_IXOTH:
            return {"HIDDEN_PARENT": str(parent), "EXPOSE": str(prefix)}
    return {}


def kept_paths() -> list[str]:
    """The venv and the code the pod runs, parents first: a checkout under /tmp would otherwise
    vanish under the chart's /tmp emptyDir (pod.sh puts them back on top, read-only)."""
    code = Path(__file__).resolve().parents[2]
    paths = {str(Path(sys.prefix).resolve()), str(code)}
    return sorted(paths, key=lambda p: (p.count("/"), p))


def base_env(models: Path, writable: dict[str, str]) -> dict[str, str]:
    """What every pod's pod.sh needs: the interpreter and code it runs, the volume, the emptyDirs."""
    return {**os.environ, **interpreter_env(), "MODELS": str(models), "VENV_BIN": str(Path(sys.executable).parent),
            "WRITABLE": " ".join(f"{p}={int(quantity(size))}" for p, size in writable.items()),
            "KEEP": " ".join(kept_paths())}


def start(model: Model, models: Path, writable: dict[str, str], instance: Any,
          wrapped: tuple[Path, Path] | None = None, timeout: float = 300,
          read_only_root: bool = True) -> subprocess.Popen[str]:
    """Start the pod; its client (podclient.py) prints ``RESULT <json>``."""
    path, body = kreq.request(model, instance)
    port = WRAPPER_PORT if wrapped else TORCHSERVE_PORT
    ts = model.torchserve
    width = max(1, ts.batch_size * ts.max_workers if ts else 1)
    call = {"url": f"http://{POD_IP}:{port}{path}", "body": body.decode(), "protocol": kreq.protocol(model),
            "burst": max(16, 2 * width), "width": width, "timeout": timeout}
    env = {**base_env(models, writable), "POD_IP": POD_IP, "RUNTIME_ARGS": RUNTIME_ARGS,
           "RUNTIME_ENV": " ".join(f"{k}={v}" for k, v in runtime_env(model).items()),
           "CLIENT": f"{sys.executable} -m generator.torchserve.podclient", "POD_CALL": json.dumps(call),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "WRAPPER": "", "ENTRYPOINT": "",
           "READ_ONLY_ROOT": "1" if read_only_root else "0"}
    if wrapped:
        env |= {"WRAPPER": str(wrapped[0]), "ENTRYPOINT": str(wrapped[1])}
    return subprocess.Popen([*UNSHARE, "bash", str(SCRIPT)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def finish(proc: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    """The pod's report; the pod (PID 1, hence all of it) is killed whatever happens."""
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, _ = proc.communicate()
        return {"error": "the pod did not report in time", "log": out[-4000:]}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
            proc.wait()
    for line in out.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
            result["log"] = out[-4000:]
            return result
    return {"error": f"the pod exited ({proc.returncode}) without a report", "log": out[-4000:]}
