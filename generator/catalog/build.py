"""Schema-valid catalog data → frozen spec objects. Only shapes change here, no checks."""

from __future__ import annotations

import dataclasses
from typing import Any

from generator import spec as s
from generator.catalog import modes
from generator.declare.field import load
from generator.lint import bundled

Data = dict[str, Any]


def merge(defaults: Data, model: Data) -> Data:
    """Deep-merge ``defaults`` under ``model``: mappings merge, everything else is replaced."""
    out = dict(defaults)
    for key, value in model.items():
        base = out.get(key)
        out[key] = merge(base, value) if isinstance(base, dict) and isinstance(value, dict) else value
    return out


def _cluster(d: Data) -> s.Cluster:
    kn = d.get("knative", {})
    return s.Cluster(kubernetes_version=str(d.get("kubernetesVersion", "1.33")),
                     kserve_version=str(d.get("kserveVersion", bundled.latest("kserve"))),
                     knative_version=str(d.get("knativeVersion", bundled.latest("knative"))),
                     argocd_version=str(d.get("argocdVersion", bundled.latest("argocd"))),
                     knative=s.KnativeFeatures(flags=tuple(sorted(set(kn.get("features", ())))),
                                               allow_zero_initial_scale=kn.get("allowZeroInitialScale", False),
                                               max_revision_timeout_seconds=kn.get("maxRevisionTimeoutSeconds", 600),
                                               data_plane_namespaces=tuple(kn.get(
                                                   "dataPlaneNamespaces", ("knative-serving", "kourier-system")))))


def _camel_fields(cls: type, d: Data | None, renames: dict[str, str] | None = None) -> Any:
    """Build a flat dataclass whose fields are the snake_case of the catalog's camelCase keys."""
    if d is None:
        return None
    renames = renames or {}
    kwargs = {renames.get(k, _snake(k)): v for k, v in d.items()}
    return cls(**kwargs)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _torchserve(d: Data | None) -> s.TorchServe | None:
    if d is None:
        return None
    flat = {k: v for k, v in d.items() if k != "smokeTest"}
    for key in ("extraFiles",):
        if key in flat:
            flat[key] = tuple(flat[key])
    ts: s.TorchServe = _camel_fields(s.TorchServe, {"modelFile": None, **flat},
                                     {"maxBatchDelay": "max_batch_delay_ms"})
    smoke = d.get("smokeTest")
    if smoke:
        shape = smoke.get("expectShape")
        ts = _replace(ts, smoke_test=s.SmokeTest(request=smoke["request"],
                                                 content_type=smoke.get("contentType", "application/json"),
                                                 expect_shape=tuple(shape) if shape is not None else None))
    return ts


def _replace(obj: Any, **changes: Any) -> Any:
    return dataclasses.replace(obj, **changes)


# What the pytorch/torchserve image writes at run time (WORKDIR /home/model-server,
# TEMP=/home/model-server/tmp, log4j's logs/ relative to the WORKDIR).
TORCHSERVE_WRITABLE = ("/tmp", "/home/model-server/tmp", "/home/model-server/logs")


def default_writable_paths(d: Data) -> tuple[str, ...]:
    """emptyDirs under a read-only root: /tmp, plus TorchServe's tmp and logs when it serves the model."""
    kserve = d.get("kserve") or {}
    torchserve = "torchserve" in d or kserve.get("runtime") == "kserve-torchserve" or (
        d.get("serving") == "kserve" and kserve.get("modelFormat") == "pytorch" and "runtime" not in kserve)
    return TORCHSERVE_WRITABLE if torchserve else ("/tmp",)


def writable_paths(d: Data, listed: Any) -> tuple[str, ...]:
    """The runtime's defaults, then the catalog's own paths (they add to the defaults)."""
    return tuple(dict.fromkeys([*default_writable_paths(d), *listed]))


def build_model(d: Data, location: s.Location) -> s.Model:
    """One merged, schema-valid model mapping → :class:`spec.Model`: declared fields load
    themselves; here come those that read other sections or belong to a mode."""
    node_ports = d.get("service", {}).get("nodePorts", {})
    sec = d.get("security", {})
    model: s.Model = load(
        s.Model, d, location=location,
        ports=tuple(load(s.Port, p, node_port=node_ports.get(p["name"])) for p in d.get("ports", ())),
        security=load(s.Security, sec, writable_paths=writable_paths(d, sec.get("writablePaths", ()))),
        cluster=_cluster(d.get("cluster", {})),
        torchserve=_torchserve(d.get("torchserve")),
        rollout=_rollout(d.get("rollout"), d.get("image")),
        **modes.settings_fields(d),
    )
    return model


def _rollout(d: Data | None, image: Data | None) -> s.Rollout | None:
    """The declared rollout, its canary image merged over the model's (stable) one."""
    if d is None:
        return None
    canary = d.get("canary", {})
    merged = s.canary_image(canary["image"], image) if "image" in canary else None
    rollout: s.Rollout = load(s.Rollout, d, canary=load(s.Canary, canary, image=merged))
    return rollout
