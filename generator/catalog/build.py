"""Schema-valid catalog data → frozen spec objects. Only shapes change here, no checks."""

from __future__ import annotations

from typing import Any

from generator import spec as s
from generator.catalog.build_rollout import build_rollout
from generator.lint import bundled

Data = dict[str, Any]


def merge(defaults: Data, model: Data) -> Data:
    """Deep-merge ``defaults`` under ``model``: mappings merge, everything else is replaced."""
    out = dict(defaults)
    for key, value in model.items():
        base = out.get(key)
        out[key] = merge(base, value) if isinstance(base, dict) and isinstance(value, dict) else value
    return out


def pairs(mapping: Data | None) -> s.Pairs:
    return tuple(sorted((str(k), str(v)) for k, v in (mapping or {}).items()))


def _tolerations(items: list[Data] | None) -> tuple[s.Toleration, ...]:
    return tuple(s.Toleration(key=t.get("key", ""), operator=t.get("operator", "Exists"), value=t.get("value"),
                              effect=t.get("effect"), toleration_seconds=t.get("tolerationSeconds"))
                 for t in items or ())


def _probe(d: Data | None) -> s.Probe | None:
    if d is None:
        return None
    return s.Probe(path=d.get("path"), port=d.get("port", "http"),
                   initial_delay_seconds=d.get("initialDelaySeconds"), period_seconds=d.get("periodSeconds"),
                   timeout_seconds=d.get("timeoutSeconds"), failure_threshold=d.get("failureThreshold"),
                   success_threshold=d.get("successThreshold"))


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


def _rules(d: Data | None) -> s.ScalingRules | None:
    if d is None:
        return None
    return s.ScalingRules(
        stabilization_window_seconds=d.get("stabilizationWindowSeconds"), select_policy=d.get("selectPolicy"),
        policies=tuple(s.ScalingPolicy(p["type"], p["value"], p["periodSeconds"]) for p in d.get("policies", ())))


def _scaling(d: Data) -> s.Scaling:
    behavior = d.get("behavior")
    return s.Scaling(
        replicas=d.get("replicas"), min=d.get("min"), max=d.get("max"), cpu_utilization=d.get("cpuUtilization"),
        memory_utilization=d.get("memoryUtilization"),
        behavior=s.Behavior(_rules(behavior.get("scaleUp")), _rules(behavior.get("scaleDown"))) if behavior else None)


def _gpu(d: Data | None) -> s.Gpu | None:
    if d is None:
        return None
    tolerations = _tolerations(d["tolerations"]) if "tolerations" in d else s.DEFAULT_GPU_TOLERATIONS
    return s.Gpu(count=d["count"], resource=d.get("resource", s.DEFAULT_GPU_RESOURCE), product=d.get("product"),
                 node_selector=pairs(d.get("nodeSelector")), tolerations=tolerations,
                 runtime_class_name=d.get("runtimeClassName"))


def _ingress(d: Data | None) -> s.Ingress | None:
    if d is None:
        return None
    tls = d.get("tls")
    return s.Ingress(host=d["host"], class_name=d.get("className"), path=d.get("path", "/"),
                     path_type=d.get("pathType", "Prefix"), port=d.get("port", "http"),
                     tls=s.Tls(tls["secretName"], tuple(tls.get("hosts", ()))) if tls else None,
                     annotations=pairs(d.get("annotations")), paths=tuple(d.get("paths", ())))


def _kong(d: Data | None) -> s.Kong | None:
    if d is None:
        return None
    rl = d.get("rateLimit")
    cors = d.get("cors")
    return s.Kong(key_auth=d.get("keyAuth", False), key_names=tuple(d.get("keyNames", ("apikey",))),
                  hide_credentials=d.get("hideCredentials", True),
                  consumers=tuple(s.KongConsumer(c["username"], c["credentialSecret"]) for c in d.get("consumers", ())),
                  rate_limit=s.RateLimit(rl.get("second"), rl.get("minute"), rl.get("hour"),
                                         rl.get("policy", "local")) if rl else None,
                  cors=s.Cors(origins=tuple(cors["origins"]), methods=tuple(cors.get("methods", ())),
                              headers=tuple(cors.get("headers", ())),
                              exposed_headers=tuple(cors.get("exposedHeaders", ())),
                              credentials=cors.get("credentials", False), max_age=cors.get("maxAge"),
                              preflight_continue=cors.get("preflightContinue", False)) if cors else None)


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
    import dataclasses

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
    image = s.Image(repository=d.get("repository", ""), tag=d.get("tag"), digest=d.get("digest"),
                    pull_secrets=tuple(d.get("pullSecrets", ())))
    policy = d.get("pullPolicy", "Always" if image.mutable else "IfNotPresent")
    return s.Image(image.repository, image.tag, image.digest, policy, image.pull_secrets)


def _service(d: Data) -> s.Service:
    return s.Service(type=d.get("type", "ClusterIP"), headless=d.get("headless", False),
                     node_ports=tuple(sorted((k, str(v)) for k, v in d.get("nodePorts", {}).items())),
                     annotations=pairs(d.get("annotations")),
                     load_balancer_source_ranges=tuple(d.get("loadBalancerSourceRanges", ())),
                     external_traffic_policy=d.get("externalTrafficPolicy"),
                     gateway_bypass=d.get("gatewayBypass", False))


def writable_paths(d: Data, listed: Any) -> tuple[str, ...]:
    """The runtime's defaults, then the catalog's own paths (they add to the defaults)."""
    return tuple(dict.fromkeys([*default_writable_paths(d), *listed]))


def build_model(d: Data, location: s.Location) -> s.Model:
    """One merged, schema-valid model mapping → :class:`spec.Model`."""
    svc = d.get("service", {})
    np_ = d.get("networkPolicy", {})
    mon = d.get("monitoring", {})
    sa = d.get("serviceAccount", {})
    sec = d.get("security", {})
    argo = d.get("argocd", {})
    res = d.get("resources", {})
    probes = d.get("probes", {})
    return s.Model(
        name=d["name"], namespace=d.get("namespace", "default"), serving=d.get("serving", "deployment"),
        location=location,
        image=_image(d.get("image")),
        workload=d.get("workload", "Deployment"), component=d.get("component", "inference"),
        part_of=d.get("partOf"), labels=pairs(d.get("labels")), annotations=pairs(d.get("annotations")),
        pod_annotations=pairs(d.get("podAnnotations")), command=tuple(d.get("command", ())),
        args=tuple(d.get("args", ())),
        ports=tuple(s.Port(p["name"], p["port"], p.get("protocol", "TCP"), p.get("appProtocol"),
                           svc.get("nodePorts", {}).get(p["name"])) for p in d.get("ports", ())),
        env=_env(d.get("env")),
        probes=s.Probes(_probe(probes.get("readiness")), _probe(probes.get("liveness")), _probe(probes.get("startup"))),
        resources=s.Resources(pairs(res.get("requests")), pairs(res.get("limits"))),
        gpu=_gpu(d.get("gpu")), node_selector=pairs(d.get("nodeSelector")),
        tolerations=_tolerations(d.get("tolerations")), affinity=d.get("affinity"),
        scaling=_scaling(d.get("scaling", {})),
        disruption=s.Disruption(d["disruption"].get("minAvailable"), d["disruption"].get("maxUnavailable"))
        if d.get("disruption") else None,
        mounts=tuple(s.Mount(m["claim"], m["mountPath"], m.get("subPath"), m.get("readOnly", False))
                     for m in d.get("mounts", ())),
        config_maps=tuple(s.ConfigMap(c["name"], pairs(c.get("data")), c.get("mountPath"), c.get("envFrom", False))
                          for c in d.get("configMaps", ())),
        service=_service(svc),
        ingress=_ingress(d.get("ingress")), kong=_kong(d.get("kong")),
        network_policy=s.NetworkPolicy(
            enabled=np_.get("enabled", True),
            allow_from=tuple(s.Peer(pairs(p.get("podLabels")), pairs(p.get("namespaceLabels")))
                             for p in np_.get("allowFrom", ())),
            ports=tuple(np_.get("ports", ())), allow_same_namespace=np_.get("allowSameNamespace", False),
            external_clients=tuple(np_.get("externalClients", ()))),
        monitoring=s.Monitoring(service_monitor=mon.get("serviceMonitor", False), port=mon.get("port", "metrics"),
                                path=mon.get("path", "/metrics"), interval=mon.get("interval", "30s"),
                                labels=pairs(mon["labels"]) if "labels" in mon else s.DEFAULT_MONITORING_LABELS),
        service_account=s.ServiceAccount(create=sa.get("create", True), name=sa.get("name"),
                                         automount_token=sa.get("automountToken", False),
                                         annotations=pairs(sa.get("annotations"))),
        security=s.Security(
            run_as_user=sec.get("runAsUser", 1000), run_as_group=sec.get("runAsGroup", 1000),
            fs_group=sec.get("fsGroup", 1000), read_only_root_filesystem=sec.get("readOnlyRootFilesystem", True),
            writable_paths=writable_paths(d, sec.get("writablePaths", ())),
            allow_root=sec.get("allowRoot", False),
            allow_privilege_escalation=sec.get("allowPrivilegeEscalation", False),
            capabilities_add=tuple(sec.get("capabilitiesAdd", ()))),
        cluster=_cluster(d.get("cluster", {})),
        knative=_camel_fields(s.Knative, d.get("knative"), {"class": "autoscaling_class"}),
        kserve=_kserve(d.get("kserve")), torchserve=_torchserve(d.get("torchserve")),
        argocd=s.ArgoCD(server=argo.get("server", "https://kubernetes.default.svc"),
                        target_revision=argo.get("targetRevision", ""), prune=argo.get("prune", True),
                        self_heal=argo.get("selfHeal", True), replace=argo.get("replace", False)),
        rollout=build_rollout(d.get("rollout"), _image(d.get("image"))),
    )
