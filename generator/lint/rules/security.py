"""Pod Security Standards "restricted" and TorchServe exposure rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.crossref import backends
from generator.lint.rules.fields import group_of
from generator.lint.rules.pods import POD_KINDS, PodTemplate

E, W = Severity.ERROR, Severity.WARNING
VOLUME_TYPES = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
                "projected", "secret", "image"}
SECCOMP = ("RuntimeDefault", "Localhost")
MANAGEMENT_PORTS = {8081, 7071}
MANAGEMENT_NAMES = {"management", "grpc-management"}


def _pod_level(tpl: PodTemplate) -> Iterator[Hit]:
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        if tpl.spec.get(key) is True:
            yield Hit(f"{tpl.prefix}.{key}", f"{key}: true is not allowed")
    for i, vol in enumerate(tpl.spec.get("volumes") or []):
        for key in set(vol) - VOLUME_TYPES - {"name"}:
            yield Hit(f"{tpl.prefix}.volumes[{i}].{key}", f"volume type {key} is not allowed")


def _container(path: str, c: dict[str, Any], pod: dict[str, Any]) -> Iterator[Hit]:
    sc = c.get("securityContext") or {}
    at = f"{path}.securityContext"
    if sc.get("privileged") is True:
        yield Hit(f"{at}.privileged", "privileged containers are not allowed")
    if sc.get("allowPrivilegeEscalation") is not False:
        yield Hit(f"{at}.allowPrivilegeEscalation", "allowPrivilegeEscalation must be false")
    if sc.get("runAsNonRoot", pod.get("runAsNonRoot")) is not True:
        yield Hit(f"{at}.runAsNonRoot", "runAsNonRoot must be true (container or pod securityContext)")
    if sc.get("runAsUser", pod.get("runAsUser")) == 0:
        yield Hit(f"{at}.runAsUser", "runAsUser 0 (root) is not allowed")
    seccomp = (sc.get("seccompProfile") or pod.get("seccompProfile") or {}).get("type")
    if seccomp not in SECCOMP:
        yield Hit(f"{at}.seccompProfile.type", f"seccompProfile.type must be RuntimeDefault or Localhost, "
                  f"not {seccomp or 'unset'}")
    caps = sc.get("capabilities") or {}
    if "ALL" not in (caps.get("drop") or []):
        yield Hit(f"{at}.capabilities.drop", "capabilities must drop ALL")
    extra = [cap for cap in caps.get("add") or [] if cap != "NET_BIND_SERVICE"]
    if extra:
        yield Hit(f"{at}.capabilities.add", f"only NET_BIND_SERVICE may be added, not {', '.join(extra)}")
    for j, port in enumerate(c.get("ports") or []):
        if port.get("hostPort"):
            yield Hit(f"{path}.ports[{j}].hostPort", "hostPort is not allowed")


@rule("pod-security-restricted", W, 'pod violates Pod Security Standards "restricted"',
      "set runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL], "
      "seccompProfile.type: RuntimeDefault; avoid host namespaces, hostPath and privileged", kinds=POD_KINDS)
def restricted(doc: Document, ctx: Context) -> Iterator[Hit]:
    tpl = ctx.index.templates.get(id(doc))
    if tpl is None:
        return
    yield from _pod_level(tpl)
    pod = tpl.spec.get("securityContext") or {}
    if (pod.get("seccompProfile") or {}).get("type") == "Unconfined":
        at = f"{tpl.prefix}.securityContext.seccompProfile.type"
        yield Hit(at, "seccompProfile Unconfined is not allowed",
                  "use RuntimeDefault")
    for path, c in tpl.containers:
        yield from _container(path, c, pod)


@rule("torchserve-management-port", E, "TorchServe management port exposed by a Service or Ingress",
      "expose only the inference (8080) and metrics (8082) ports; reach management via kubectl port-forward",
      kinds={"Ingress", "/Service"})
def management_port(doc: Document, ctx: Context) -> Iterator[Hit]:
    if doc.kind == "Ingress":
        for path, svc in backends(doc.obj.get("spec") or {}):
            port = svc.get("port") or {}
            if port.get("number") in MANAGEMENT_PORTS or port.get("name") in MANAGEMENT_NAMES:
                shown = port.get("number", port.get("name"))
                yield Hit(f"{path}.port", f"Ingress routes to TorchServe management port {shown}")
        return
    if group_of(doc.api_version) != "":
        return
    for i, port in enumerate((doc.obj.get("spec") or {}).get("ports") or []):
        values = {port.get("port"), port.get("targetPort"), port.get("name")}
        if values & (MANAGEMENT_PORTS | MANAGEMENT_NAMES):
            yield Hit(f"spec.ports[{i}]", f"Service exposes TorchServe management port "
                      f"{port.get('name') or port.get('port')}")
