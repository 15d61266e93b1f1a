"""Knative Serving webhook rules on the revision template (serving.knative.dev Service/Configuration)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import knative as kn
from generator.lint.facts import knative_scaling
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import KNATIVE_GROUP, dig, meta
from generator.lint.rules.kserve import KNATIVE_MODES, MODE

E = Severity.ERROR
KN_KINDS = {"serving.knative.dev/Service", "Configuration"}
KINDS = {*KN_KINDS, "InferenceService"}
K8S_VALIDATION = "knative/serving pkg/apis/serving/k8s_validation.go"


def _template(doc: Document) -> tuple[str, dict[str, Any]] | None:
    """(path, pod spec) of a Knative revision template; None for other documents."""
    if doc.api_version.startswith(KNATIVE_GROUP + "/") and doc.kind in ("Service", "Configuration"):
        spec = dig(doc.obj, "spec", "template", "spec")
        return "spec.template.spec", spec if isinstance(spec, dict) else {}
    return None


def _containers(spec: dict[str, Any], base: str) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{base}.containers[{i}]", c) for i, c in enumerate(spec.get("containers") or [])
            if isinstance(c, dict)]


def _revision_containers(doc: Document, ctx: Context) -> list[tuple[str, dict[str, Any]]]:
    """Containers that end up in a Knative revision: a Knative Service's, or those of an
    InferenceService in Knative mode (KServe copies its predictor into a Knative Service)."""
    found = _template(doc)
    if found is not None:
        return _containers(found[1], found[0])
    if doc.kind == "InferenceService" and meta(doc.obj, "annotations").get(MODE) in KNATIVE_MODES:
        return [(p, c) for p, c in ctx.index.containers(doc) if ".initContainers[" not in p]
    return []


@rule("knative-autoscaling-annotation", E, "autoscaling.knative.dev annotation out of its bounds or in a "
      "combination the webhook rejects", "see the message; bounds: window 6s..1h, panic-window-percentage "
      "1..100, panic-threshold-percentage 110..1000, target ≥ 0.01, max-scale ≥ min-scale, activation-scale ≥ 2",
      kinds=KINDS, origin="knative/serving pkg/apis/autoscaling/annotation_validation.go ValidateAnnotations "
      "(knative-v1.23.0)")
def autoscaling_annotation(doc: Document, ctx: Context) -> Iterator[Hit]:
    if _template(doc) is not None:
        path, anns = "spec.template.metadata.annotations", dig(doc.obj, "spec", "template", "metadata", "annotations")
    elif doc.kind == "InferenceService" and meta(doc.obj, "annotations").get(MODE) in KNATIVE_MODES:
        path, anns = "metadata.annotations", meta(doc.obj, "annotations")  # KServe copies them to the revision
    else:
        return
    anns = {str(k): str(v) for k, v in anns.items()} if isinstance(anns, dict) else {}
    for key, message in knative_scaling.problems(anns, ctx.config.knative_allow_zero_initial_scale):
        if key.endswith(("initial-scale", "initialScale")) and message.endswith("(allow-zero-initial-scale)"):
            continue  # knative-initial-scale-zero reports it with the cluster fix
        yield Hit(f"{path}.{key}", message)


@rule("knative-reserved-port", E, "container port Knative reserves for queue-proxy or profiling",
      "serve on another port (8080 is the default); 8008, 8012, 8013, 8022, 9090 and 9091 are reserved",
      kinds=KINDS, origin=f"{K8S_VALIDATION} reservedPorts, validateContainerPortBasic "
      "(knative-v1.23.0)")
def reserved_port(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in _revision_containers(doc, ctx):
        for i, port in enumerate(c.get("ports") or []):
            if port.get("containerPort") in kn.RESERVED_PORTS:
                yield Hit(f"{path}.ports[{i}].containerPort", f"{port['containerPort']} is reserved by Knative")


@rule("knative-reserved-env", E, "environment variable Knative sets itself (PORT, K_SERVICE, K_CONFIGURATION, "
      "K_REVISION), or the reserved container name queue-proxy", "remove it: Knative injects these values",
      kinds=KINDS, origin=f"{K8S_VALIDATION} reservedEnvVars, reservedSidecarEnvVars, "
      "reservedContainerNames, validateEnvVar, validate (knative-v1.23.0)")
def reserved_env(doc: Document, ctx: Context) -> Iterator[Hit]:
    containers = _revision_containers(doc, ctx)
    user = next((p for p, c in containers if c.get("ports")), containers[0][0] if containers else None)
    for path, c in containers:
        reserved = kn.RESERVED_ENV if path == user else kn.RESERVED_ENV - {"PORT"}
        if c.get("name") in kn.RESERVED_CONTAINER_NAMES:
            yield Hit(f"{path}.name", f"{c['name']!r} is a reserved container name")
        for i, var in enumerate(c.get("env") or []):
            if var.get("name") in reserved:
                yield Hit(f"{path}.env[{i}].name", f"{var['name']} is set by Knative")


@rule("knative-ports", E, "container ports Knative cannot route: more than one, or a name other than "
      "h2c/http1, or not TCP", "declare exactly one TCP port, named h2c (gRPC/HTTP2), http1 or unnamed",
      kinds=KN_KINDS, origin=f"{K8S_VALIDATION} validateContainersPorts, "
      "validateContainerPorts, validPortNames (knative-v1.23.0)")
def ports(doc: Document, ctx: Context) -> Iterator[Hit]:
    found = _template(doc)
    containers = _containers(found[1], found[0]) if found else []
    declared = [(f"{p}.ports[{i}]", port) for p, c in containers for i, port in enumerate(c.get("ports") or [])]
    if len(declared) > 1:
        yield Hit(declared[1][0], f"{len(declared)} container ports; Knative routes exactly one")
    if not declared and len(containers) > 1:
        yield Hit(f"{containers[0][0]}.ports", "with several containers one must declare the serving port")
    if declared:
        at, port = declared[0]
        if port.get("name", "") not in kn.PORT_NAMES:
            yield Hit(f"{at}.name", f"port name {port.get('name')!r} is not h2c or http1")
        if port.get("protocol", "TCP") != "TCP":
            yield Hit(f"{at}.protocol", f"protocol {port.get('protocol')} is not TCP")


@rule("knative-volume-mount", E, "volume mount Knative rejects: a reserved path, or writable on a volume type "
      "that must be mounted readOnly", "mount configMap/secret/projected volumes readOnly: true; never at /, "
      "/dev or /dev/log", kinds=KN_KINDS,
      origin=f"{K8S_VALIDATION} validateVolumeMounts, reservedPaths (knative-v1.23.0)")
def volume_mount(doc: Document, ctx: Context) -> Iterator[Hit]:
    found = _template(doc)
    if not found:
        return
    volumes = {v.get("name"): v for v in found[1].get("volumes") or [] if isinstance(v, dict)}
    for path, c in _containers(found[1], found[0]):
        for i, mount in enumerate(c.get("volumeMounts") or []):
            at, vol = f"{path}.volumeMounts[{i}]", volumes.get(mount.get("name"), {})
            clean = "/" + "/".join(x for x in str(mount.get("mountPath", "")).split("/") if x and x != ".")
            if clean in kn.RESERVED_PATHS:
                yield Hit(f"{at}.mountPath", f"mountPath {clean} is reserved")
            writable = not any(k in vol for k in ("emptyDir", "persistentVolumeClaim", "ephemeral"))
            if vol and writable and mount.get("readOnly") is not True:
                yield Hit(f"{at}.readOnly", "this volume type must be mounted readOnly: true")
