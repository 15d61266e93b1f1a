"""Which TorchServe a model's KServe runtime runs, and what that version can be told.

KServe v0.20.0 pins its ``kserve-torchserve`` ServingRuntime to ``pytorch/torchserve-kfs:0.9.0``
(kserve/kserve ``config/runtimes/kustomization.yaml``, tag v0.20.0); that pin is the default
for every ``kserveVersion`` (only v0.20.0 is checked). ``torchserve.runtimeVersion`` overrides
it; the chart then sets the predictor's ``runtimeVersion`` (the image tag) to match.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.lint.facts import quantity
from generator.spec import Model

DEFAULT_TORCHSERVE = "0.9.0"
# The runtime's container env: TS_SERVICE_ENVELOPE from the serviceEnvelope label, which
# SetTorchServeDefaults sets per protocol (kserve v0.20.0 config/runtimes/kserve-torchserve.yaml,
# pkg/apis/serving/v1beta1/inference_service_defaults.go), plus PROTOCOL_VERSION.
ENVELOPES = {"v1": "kserve", "v2": "kservev2", "grpc-v2": "kservev2"}
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


def runtime_env(model: Model) -> dict[str, str]:
    """The env KServe gives the kserve-torchserve container for this model."""
    version = (model.kserve.protocol_version if model.kserve else None) or "v1"
    return {"TS_SERVICE_ENVELOPE": ENVELOPES[version], "PROTOCOL_VERSION": version}


def grpc_on_all_interfaces(version: str) -> bool:
    """True when this TorchServe cannot be told to keep gRPC on loopback."""
    return version_tuple(version) < GRPC_ADDRESS_KEYS_SINCE


# The image's WORKDIR and TEMP (pytorch/serve docker/Dockerfile: WORKDIR /home/model-server,
# ENV TEMP=/home/model-server/tmp); TorchServe unpacks every archive under TEMP
# (ModelArchive.java, unpackedDir under ConfigManager's tmp dir); log4j writes logs/ under the
# WORKDIR unless LOG_LOCATION is set; the JVM keeps java.io.tmpdir (/tmp).
IMAGE_HOME = "/home/model-server"
IMAGE_TEMP = f"{IMAGE_HOME}/tmp"
IMAGE_LOGS = f"{IMAGE_HOME}/logs"
TEMP_HEADROOM_MI = 256  # the JVM's and the workers' own scratch next to the unpacked archive


def served_by_torchserve(model: Model) -> bool:
    """The predictor runs in KServe's TorchServe runtime (a torchserve block, or pytorch's runtime)."""
    ks = model.kserve
    if model.torchserve is not None:
        return True
    return ks is not None and (ks.runtime == "kserve-torchserve" or (ks.model_format == "pytorch"
                                                                     and ks.runtime is None))


def required_writable(model: Model) -> dict[str, str]:
    """Paths the runtime must be able to write, each with why."""
    env = {e.name: e.value for e in model.env if e.value}
    return {env.get("TEMP", IMAGE_TEMP): "TorchServe unpacks the model archive under TEMP",
            env.get("LOG_LOCATION", IMAGE_LOGS): "TorchServe writes its logs and model snapshots there",
            "/tmp": "the JVM's java.io.tmpdir"}


def missing_writable(model: Model, writable: tuple[str, ...]) -> dict[str, str]:
    """The runtime's required paths (with why) that no writable path covers (itself or a parent)."""
    covered = [PurePosixPath(w) for w in writable]
    return {path: why for path, why in required_writable(model).items()
            if not any(PurePosixPath(path) == w or w in PurePosixPath(path).parents for w in covered)}


def temp_size_limit(unpacked_bytes: float) -> str:
    """emptyDir sizeLimit for TEMP: the unpacked archive plus a quarter plus fixed headroom, in Mi."""
    mib = -(-int(unpacked_bytes * 1.25) // 2**20) + TEMP_HEADROOM_MI
    return f"{mib}Mi"


def writable_sizes(model: Model) -> dict[str, str]:
    """emptyDir sizeLimits that differ from the generator's 1Gi: TEMP from ``kserve.unpackedSize``."""
    ks = model.kserve
    if not served_by_torchserve(model) or ks is None or not ks.unpacked_size:
        return {}
    temp = next(iter(required_writable(model)))
    return {temp: temp_size_limit(float(quantity.parse(ks.unpacked_size) or 0))}
