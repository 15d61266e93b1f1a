"""Checks on the workload itself: image, ports, probes, scaling, disruption, env secrets."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.checks import Issue, model_check
from generator.findings import Severity
from generator.lint.facts.secrets import HIGH_ENTROPY, SECRET_NAME, SECRET_VALUE
from generator.spec import Catalog, Model

_SECRET_NAME, _SECRET_VALUE, _HIGH_ENTROPY = SECRET_NAME, SECRET_VALUE, HIGH_ENTROPY


@model_check
def image_required(model: Model, _: Catalog) -> Iterator[Issue]:
    custom_kserve = model.serving == "kserve" and (model.kserve is None or model.kserve.model_format is None)
    model_format = model.serving == "kserve" and not custom_kserve  # the runtime brings the image
    if model.image is None and (model.serving != "kserve" or custom_kserve):
        yield Issue(("image",), f"serving: {model.serving} needs an image",
                    "add image: {repository: ..., tag: ...}" + (
                        " or kserve.modelFormat" if model.serving == "kserve" else ""))
    elif model.image is not None and not model.image.repository and not model_format:
        yield Issue(("image", "repository"), "image.repository is missing", "name the image repository")
    if model.image is not None and model.image.tag is None and model.image.digest is None and model.image.repository:
        yield Issue(("image",), "the image has neither tag nor digest",
                    "pin a tag (1.4.2) or a digest (sha256:...); an untagged image means :latest",
                    severity=Severity.WARNING)


@model_check
def ports_and_probes(model: Model, _: Catalog) -> Iterator[Issue]:
    names: dict[str, int] = {}
    numbers: dict[int, int] = {}
    for i, port in enumerate(model.ports):
        if port.name in names:
            yield Issue(("ports", i, "name"), f"port name {port.name!r} is used twice", "give each port its own name")
        if port.port in numbers:
            yield Issue(("ports", i, "port"), f"port {port.port} is declared twice", "declare each port once")
        names.setdefault(port.name, i)
        numbers.setdefault(port.port, i)
    if not model.ports and model.serving != "kserve":
        yield Issue(("ports",), "the model declares no ports", "add ports: [{name: http, port: 8000}]")
    for kind in ("readiness", "liveness", "startup"):
        probe = getattr(model.probes, kind)
        if probe is None:
            continue
        known = probe.port in names if isinstance(probe.port, str) else probe.port in numbers
        if not known and model.ports:
            yield Issue(("probes", kind, "port"), f"probe port {probe.port!r} is not a declared port",
                        "use one of: " + ", ".join(names))
    if model.probes.readiness is None and model.serving != "kserve":
        yield Issue(("probes",), "no readiness probe: traffic would reach pods still loading weights",
                    "add probes.readiness: {path: /health, port: http}", severity=Severity.WARNING)


@model_check
def scaling(model: Model, _: Catalog) -> Iterator[Issue]:
    sc = model.scaling
    if sc.replicas is not None and (sc.min is not None or sc.max is not None):
        yield Issue(("scaling", "replicas"), "replicas and min/max both set: an autoscaler would fight the fixed count",
                    "use replicas for a fixed size, or min and max for autoscaling")
    if sc.min is not None and sc.max is None:
        yield Issue(("scaling", "min"), "min without max", "set scaling.max")
    if sc.min is not None and sc.max is not None and sc.min > sc.max:
        yield Issue(("scaling", "min"), f"min ({sc.min}) is greater than max ({sc.max})", "make min ≤ max")
    hpa = model.serving == "deployment" or (model.kserve is not None and model.kserve.deployment_mode == "Standard")
    if model.serving == "deployment" and sc.autoscaled and sc.keda is None:  # KEDA: checks/keda.py
        if sc.min == 0:
            yield Issue(("scaling", "min"), "an HPA cannot scale a Deployment to zero",
                        "use min: 1, or serving: knative for scale to zero")
        if sc.cpu_utilization is None and sc.memory_utilization is None:
            yield Issue(("scaling",), "autoscaling needs a metric", "set cpuUtilization and/or memoryUtilization")
    if hpa:
        requests = dict(model.resources.requests)
        for metric, field in (("cpu", "cpuUtilization"), ("memory", "memoryUtilization")):
            if getattr(sc, f"{metric}_utilization") is not None and metric not in requests:
                yield Issue(("scaling", field), f"{field} needs resources.requests.{metric}",
                            f"utilization is a percentage of the {metric} request; set one")
    elif sc.behavior is not None or sc.cpu_utilization is not None or sc.memory_utilization is not None:
        yield Issue(("scaling",), "HPA settings (cpuUtilization, memoryUtilization, behavior) need an HPA",
                    "Knative's autoscaler owns scaling here: use the knative block" if model.serving == "knative"
                    else "use kserve.scaleMetric/scaleTarget, or deploymentMode: Standard")
    if model.workload == "StatefulSet" and sc.autoscaled and model.serving == "deployment":
        yield Issue(("workload",), "an autoscaled StatefulSet renumbers pods as it scales",
                    "use fixed replicas for a StatefulSet whose pods are addressed by name")


@model_check
def disruption(model: Model, _: Catalog) -> Iterator[Issue]:
    pdb = model.disruption
    if pdb is None:
        return
    if (pdb.min_available is None) == (pdb.max_unavailable is None):
        yield Issue(("disruption",), "set exactly one of minAvailable and maxUnavailable",
                    "maxUnavailable: 1 is the usual choice")
        return
    if model.serving == "knative":
        yield Issue(("disruption",), "no PodDisruptionBudget for Knative services: Knative's autoscaler owns the pods",
                    "remove disruption")
        return
    floor = model.scaling.floor
    blocked = False
    if pdb.max_unavailable is not None:
        blocked = _amount(pdb.max_unavailable, floor, up=False) == 0
    elif pdb.min_available is not None:
        blocked = _amount(pdb.min_available, floor, up=True) >= floor
    if blocked:
        field = "maxUnavailable" if pdb.max_unavailable is not None else "minAvailable"
        yield Issue(("disruption", field),
                    f"this PodDisruptionBudget allows no voluntary eviction with {floor} pod(s): node drains and "
                    "cluster upgrades would hang", "use maxUnavailable: 1, or run more replicas than minAvailable")


def _amount(value: int | str, total: int, up: bool) -> int:
    if isinstance(value, int):
        return value
    pct = int(value.rstrip("%"))
    whole, rest = divmod(pct * total, 100)
    return whole + (1 if up and rest else 0)


@model_check
def env_secrets(model: Model, _: Catalog) -> Iterator[Issue]:
    for var in model.env:
        if var.value is None:
            continue
        if _SECRET_NAME.search(var.name) and var.value:
            yield Issue(("env", var.name), f"{var.name} looks like a secret but is given literally",
                        f"store it in a Secret and write {var.name}: {{secretKeyRef: {{name: ..., key: ...}}}}")
        elif _SECRET_VALUE.search(var.value) or (_HIGH_ENTROPY.match(var.value) and _mixed(var.value)):
            yield Issue(("env", var.name), f"the value of {var.name} looks like a key or token",
                        "never commit credentials: reference a Secret with secretKeyRef")


def _mixed(value: str) -> bool:
    return sum((any(c.islower() for c in value), any(c.isupper() for c in value),
                any(c.isdigit() for c in value))) == 3


@model_check
def gpu(model: Model, _: Catalog) -> Iterator[Issue]:
    g = model.gpu
    if g is None:
        return
    limits = dict(model.resources.limits)
    requests = dict(model.resources.requests)
    if g.resource in limits or g.resource in requests:
        yield Issue(("resources",), f"{g.resource} belongs in the gpu block", "set gpu.count instead")
    if g.resource.startswith("nvidia.com/mig-") and g.count > 7:
        yield Issue(("gpu", "count"), f"{g.count} MIG slices per pod is more than one GPU holds", "at most 7")

