"""Schema-valid catalog data → frozen spec objects. Only shapes change here, no checks."""

from __future__ import annotations

import dataclasses
from typing import Any

from generator import spec as s
from generator.declare.field import load, pairs
from generator.lint import bundled

Data = dict[str, Any]


def merge(defaults: Data, model: Data) -> Data:
    """Deep-merge ``defaults`` under ``model``: mappings merge, everything else is replaced."""
    out = dict(defaults)
    for key, value in model.items():
        base = out.get(key)
        out[key] = merge(base, value) if isinstance(base, dict) and isinstance(value, dict) else value
    return out


def _tolerations(items: list[Data] | None) -> tuple[s.Toleration, ...]:
    return tuple(load(s.Toleration, t) for t in items or ())


def _env(env: Data | None) -> tuple[s.EnvVar, ...]:
    out = []
    for name, value in sorted((env or {}).items()):
        if isinstance(value, str):
            out.append(s.EnvVar(name=name, value=value))
        elif "secretKeyRef" in value:
            out.append(s.EnvVar(name=name, secret=s.SecretRef(**value["secretKeyRef"])))
        elif "configMapKeyRef" in value:
            out.append(s.EnvVar(name=name, config_map=s.SecretRef(**value["configMapKeyRef"])))
        else:
            out.append(s.EnvVar(name=name, field_path=value["fieldRef"]))
    return tuple(out)


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


def _kserve(d: Data | None) -> s.KServe | None:
    if d is None:
        return None
    flat = {k: (str(v) if k == "unpackedSize" else v) for k, v in d.items() if k != "s3"}
    kserve: s.KServe = _camel_fields(s.KServe, flat)
    s3 = d.get("s3")
    if s3:
        kserve = _replace(kserve, s3=s.S3(endpoint=s3["endpoint"], secret_name=s3.get("secretName"),
                                          role_arn=s3.get("roleArn"), create_secret=s3.get("createSecret", True),
                                          region=s3.get("region"), use_https=s3.get("useHttps", True),
                                          verify_ssl=s3.get("verifySsl", True)))
    return kserve


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


def _image(d: Data | None) -> s.Image | None:
    if d is None:
        return None
    image: s.Image = load(s.Image, d)
    if "pullPolicy" in d:
        return image
    return dataclasses.replace(image, pull_policy="Always" if image.mutable else "IfNotPresent")


def writable_paths(d: Data, listed: Any) -> tuple[str, ...]:
    """The runtime's defaults, then the catalog's own paths (they add to the defaults)."""
    return tuple(dict.fromkeys([*default_writable_paths(d), *listed]))


def build_model(d: Data, location: s.Location) -> s.Model:
    """One merged, schema-valid model mapping → :class:`spec.Model`."""
    svc = d.get("service", {})
    node_ports = svc.get("nodePorts", {})
    sec = d.get("security", {})
    return s.Model(
        name=d["name"], namespace=d.get("namespace", "default"), serving=d.get("serving", "deployment"),
        location=location,
        image=_image(d.get("image")),
        workload=d.get("workload", "Deployment"), component=d.get("component", "inference"),
        part_of=d.get("partOf"), labels=pairs(d.get("labels")), annotations=pairs(d.get("annotations")),
        pod_annotations=pairs(d.get("podAnnotations")), command=tuple(d.get("command", ())),
        args=tuple(d.get("args", ())),
        ports=tuple(dataclasses.replace(load(s.Port, p), node_port=node_ports.get(p["name"]))
                    for p in d.get("ports", ())),
        env=_env(d.get("env")),
        probes=load(s.Probes, d.get("probes", {})), resources=load(s.Resources, d.get("resources", {})),
        gpu=load(s.Gpu, d["gpu"]) if d.get("gpu") is not None else None, node_selector=pairs(d.get("nodeSelector")),
        tolerations=_tolerations(d.get("tolerations")), affinity=d.get("affinity"),
        scaling=load(s.Scaling, d.get("scaling", {})),
        disruption=load(s.Disruption, d["disruption"]) if d.get("disruption") else None,
        mounts=tuple(load(s.Mount, m) for m in d.get("mounts", ())),
        config_maps=tuple(load(s.ConfigMap, c) for c in d.get("configMaps", ())),
        service=load(s.Service, svc),
        ingress=load(s.Ingress, d["ingress"]) if d.get("ingress") is not None else None,
        kong=load(s.Kong, d["kong"]) if d.get("kong") is not None else None,
        network_policy=load(s.NetworkPolicy, d.get("networkPolicy", {})),
        monitoring=load(s.Monitoring, d.get("monitoring", {})),
        service_account=load(s.ServiceAccount, d.get("serviceAccount", {})),
        security=_replace(load(s.Security, sec), writable_paths=writable_paths(d, sec.get("writablePaths", ()))),
        cluster=_cluster(d.get("cluster", {})),
        knative=_camel_fields(s.Knative, d.get("knative"), {"class": "autoscaling_class"}),
        kserve=_kserve(d.get("kserve")), torchserve=_torchserve(d.get("torchserve")),
        argocd=load(s.ArgoCD, d.get("argocd", {})),
    )
