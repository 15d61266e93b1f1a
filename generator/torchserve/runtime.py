"""Which TorchServe a model's KServe runtime runs, and what that version can be told.

KServe v0.20.0 pins its ``kserve-torchserve`` ServingRuntime to ``pytorch/torchserve-kfs:0.9.0``
(kserve/kserve ``config/runtimes/kustomization.yaml``, tag v0.20.0); that pin is the default
for every ``kserveVersion`` (only v0.20.0 is checked). ``torchserve.runtimeVersion`` overrides
it; the chart then sets the predictor's ``runtimeVersion`` (the image tag) to match.
"""

from __future__ import annotations

from generator.spec import Model

DEFAULT_TORCHSERVE = "0.9.0"
# ConfigManager.getGRPCAddress / grpc_{inference,management}_address arrived after 0.9.0:
# pytorch/serve v0.9.0 ModelServer.startGRPCServer uses NettyServerBuilder.forPort (all
# interfaces); v0.12.0 ConfigManager.java reads the keys (default 127.0.0.1).
GRPC_ADDRESS_KEYS_SINCE = (0, 10)
# Ports the KServe wrapper binds in the same container: ModelServer(http_port=8080,
# grpc_port=8081) in pytorch/serve kubernetes/kserve/kserve_wrapper/__main__.py (v0.9.0, v0.12.0).
WRAPPER_PORTS = frozenset({8080, 8081})


def version_tuple(version: str) -> tuple[int, ...]:
    """``0.12.0`` → ``(0, 12, 0)``; a suffix such as ``-gpu`` is ignored."""
    head = version.removeprefix("v").split("-")[0]
    return tuple(int(p) for p in head.split(".") if p.isdigit())


def runtime_version(model: Model) -> str:
    """The TorchServe version the model's runtime image runs."""
    ts = model.torchserve
    if ts is not None and ts.runtime_version:
        return ts.runtime_version
    return DEFAULT_TORCHSERVE


def grpc_on_all_interfaces(version: str) -> bool:
    """True when this TorchServe cannot be told to keep gRPC on loopback."""
    return version_tuple(version) < GRPC_ADDRESS_KEYS_SINCE
