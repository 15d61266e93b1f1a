"""What the container runs and with what: image, ports, env, probes, resources, mounts, ConfigMaps,
identity, security. Each is a catalog block of the model; GPUs and tolerations are in scheduling.py.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from generator.declare.common import RESOURCE_LIST
from generator.declare.convert import Pairs
from generator.declare.field import DEFAULT, block, knob, load
from generator.declare.parts import (
    PORT_NAME,
    abs_path,
    annotation_map,
    boolean,
    dns_label,
    enum,
    integer,
    obj,
    string,
    string_list,
)


@dataclass(frozen=True)
class Image:
    repository: str = knob(string("Image repository.", minLength=1, pattern=r"^[a-z0-9][a-z0-9._/:-]*$",
                                  examples=["registry.example.com/ml/sentiment"],
                                  **{"x-expected": "an image repository (lowercase, without tag)"}), "",
                           values="image.repository", doc="Image repository.")
    tag: str | None = knob(string("Image tag.", pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", examples=["1.4.2"],
                                  **{"x-expected": "an image tag"}), None,
                           values="image.tag", doc="Image tag; empty uses the chart's appVersion.")
    digest: str | None = knob(string("Image digest; wins over tag.", pattern=r"^sha256:[a-f0-9]{64}$",
                                     examples=["sha256:" + "0123456789abcdef" * 4],
                                     **{"x-expected": "a digest sha256:<64 hex digits>"}), None,
                              values="image.digest", doc="Image digest (sha256:...); pins the exact image.")
    # the loader picks Always for :latest or untagged images when the catalog names none
    pull_policy: str = knob(enum("Image pull policy; default Always for :latest or untagged images (a node would "
                                 "otherwise keep whichever build it cached first), else IfNotPresent.",
                                 ["Always", "IfNotPresent", "Never"]), "IfNotPresent",
                            values="image.pullPolicy", doc="When the kubelet pulls the image.")
    pull_secrets: tuple[str, ...] = knob(string_list("Names of image pull Secrets.", dns_label("Secret name.", 253)),
                                         (), values="imagePullSecrets",
                                         doc="Secrets for private registries, as [{name: ...}].")

    @property
    def mutable(self) -> bool:
        """Whether the reference names a tag that can move (``:latest`` or no tag at all)."""
        return not self.digest and self.tag in (None, "", "latest")

    @property
    def reference(self) -> str:
        """``repo@digest`` when pinned by digest, else ``repo:tag``."""
        if self.digest:
            return f"{self.repository}@{self.digest}"
        return f"{self.repository}:{self.tag or 'latest'}"


def load_image(d: dict[str, Any]) -> Image:
    """The catalog's image; without a pullPolicy, Always for a tag that can move, else IfNotPresent."""
    image: Image = load(Image, d)
    if "pullPolicy" in d:
        return image
    return dataclasses.replace(image, pull_policy="Always" if image.mutable else "IfNotPresent")


@dataclass(frozen=True)
class Port:
    name: str = knob(dns_label("Port name (http, grpc, metrics...), referenced by probes, Ingress and monitoring.", 15,
                               pattern=PORT_NAME, **{"x-expected": "an IANA service name",
                                                     "x-hint": "at most 15 lowercase letters, digits and '-', with "
                                                               "at least one letter and no '--', e.g. http or grpc-2"}))
    port: int = knob(integer("Container port number.", 1, 65535))
    protocol: str = knob(enum("Transport protocol.", ["TCP", "UDP", "SCTP"], default=DEFAULT), "TCP")
    app_protocol: str | None = knob(string("Application protocol hint (grpc, h2c, http).", examples=["grpc"]), None)
    node_port: int | None = None  # from service.nodePorts


PORT = block(Port, "A named container port.", examples=[{"name": "http", "port": 8000}])


@dataclass(frozen=True)
class SecretRef:
    name: str = knob(dns_label("Name of the Secret or ConfigMap.", 253))
    key: str = knob(string("Key inside it.", minLength=1))


@dataclass(frozen=True)
class EnvVar:
    name: str
    value: str | None = None
    secret: SecretRef | None = None
    config_map: SecretRef | None = None
    field_path: str | None = None


_KEY_REF = block(SecretRef, "A key in a Secret or ConfigMap.")
ENV_VALUE = {
    "description": "A literal string, or a reference. Secrets are only ever references.",
    "oneOf": [
        {"type": "string", "description": "A plain, non-secret value."},
        obj("Read the value from a Secret key.", {"secretKeyRef": _KEY_REF}, ["secretKeyRef"]),
        obj("Read the value from a ConfigMap key.", {"configMapKeyRef": _KEY_REF}, ["configMapKeyRef"]),
        obj("Read the value from a pod field.", {"fieldRef": string("Field path, e.g. status.podIP.")}, ["fieldRef"]),
    ],
    "x-hint": "quote numbers and booleans (\"0\", \"true\"); secrets go in {secretKeyRef: {name, key}}",
}


def load_env(env: dict[str, Any]) -> tuple[EnvVar, ...]:
    out = []
    for name, value in sorted(env.items()):
        if isinstance(value, str):
            out.append(EnvVar(name=name, value=value))
        elif "secretKeyRef" in value:
            out.append(EnvVar(name=name, secret=load(SecretRef, value["secretKeyRef"])))
        elif "configMapKeyRef" in value:
            out.append(EnvVar(name=name, config_map=load(SecretRef, value["configMapKeyRef"])))
        else:
            out.append(EnvVar(name=name, field_path=value["fieldRef"]))
    return tuple(out)


@dataclass(frozen=True)
class Probe:
    path: str | None = knob(abs_path("HTTP GET path; omit for a TCP probe."), None)  # None: TCP probe on the port
    port: str | int = knob({"description": "Port name or number.", "type": ["string", "integer"], "default": DEFAULT},
                           "http")
    initial_delay_seconds: int | None = knob(integer("Seconds before the first probe."), None)
    period_seconds: int | None = knob(integer("Seconds between probes.", 1), None)
    timeout_seconds: int | None = knob(integer("Seconds before a probe times out.", 1), None)
    failure_threshold: int | None = knob(integer("Failures before the probe fails.", 1), None)
    success_threshold: int | None = knob(integer("Successes before the probe passes again.", 1), None)


PROBE = block(Probe, "An HTTP (path given) or TCP probe.",
              examples=[{"path": "/health", "port": "http", "initialDelaySeconds": 20}])


@dataclass(frozen=True)
class Probes:
    readiness: Probe | None = knob(PROBE, None)
    liveness: Probe | None = knob(PROBE, None)
    startup: Probe | None = knob(PROBE, None)


@dataclass(frozen=True)
class Resources:
    requests: Pairs = knob(RESOURCE_LIST, ())
    limits: Pairs = knob(RESOURCE_LIST, ())


@dataclass(frozen=True)
class Mount:
    claim: str = knob(dns_label("Claim name.", 253))
    mount_path: str = knob(abs_path("Mount path in the container."))
    sub_path: str | None = knob(string("Sub-path inside the volume.", pattern=r"^(?!/)(?!.*(^|/)\.\.(/|$)).+$",
                                       **{"x-expected": "a relative path without '..'",
                                          "x-hint": "a path inside the volume: no leading '/', no '..'"}), None)
    read_only: bool = knob(boolean("Mount read-only.", DEFAULT), False)


@dataclass(frozen=True)
class ConfigMap:
    """A ConfigMap the chart creates from inline data, mounted as files and/or read as env."""

    name: str = knob(dns_label("ConfigMap name.", 253, examples=["inference-config"]))
    data: Pairs = knob({"type": "object", "description": "Key → string value.",
                        "propertyNames": {"pattern": r"^[-._a-zA-Z0-9]+$", "maxLength": 253,
                                          "x-expected": "a ConfigMap key (letters, digits, '-', '_', '.')"},
                        "additionalProperties": {"type": "string"},
                        "x-hint": "values are strings: quote numbers and booleans",
                        "examples": [{"INITIAL_MODEL_REPO_ID": "org/model"}]})
    mount_path: str | None = knob(abs_path("Mount the keys as files in this directory."), None)
    env_from: bool = knob(boolean("Expose every key as an environment variable (envFrom).", DEFAULT), False)


CONFIG_MAP = block(ConfigMap, "A ConfigMap created by the chart (named as given) and mounted and/or read as env.",
                   examples=[{"name": "inference-config", "data": {"LOG_LEVEL": "info"}, "envFrom": True}])


@dataclass(frozen=True)
class ServiceAccount:
    create: bool = knob(boolean("Create a ServiceAccount.", DEFAULT), True, values="serviceAccount.create",
                        doc="Create a ServiceAccount for this release.")
    name: str | None = knob(dns_label("Name; default the release fullname.", 253), None, values="serviceAccount.name",
                            doc="Its name; empty uses the full name.")
    automount_token: bool = knob(boolean("Mount the API token (only if the server calls the API).", DEFAULT), False,
                                 values="serviceAccount.automountToken",
                                 doc="Mount an API token into pods; only for servers that call the Kubernetes API.")
    annotations: Pairs = knob(annotation_map("ServiceAccount annotations (e.g. IRSA)."), (),
                              values="serviceAccount.annotations",
                              doc="ServiceAccount annotations (e.g. cloud IAM roles).")


@dataclass(frozen=True)
class Security:
    """Pod security; the defaults meet Pod Security Standards "restricted".

    Each ``allow_*`` opt-out is explicit per model and reported as a warning by validate.
    """

    run_as_user: int = knob(integer("UID.", 1, default=DEFAULT), 1000)
    run_as_group: int = knob(integer("GID.", 1, default=DEFAULT), 1000)
    fs_group: int | None = knob(integer("fsGroup.", 1, default=DEFAULT), 1000)
    read_only_root_filesystem: bool = knob(boolean("Read-only root filesystem.", DEFAULT), True)
    # the loader puts the runtime's own paths first (TorchServe's tmp and logs)
    writable_paths: tuple[str, ...] = knob(string_list(
        "emptyDir mounts for paths the server writes; default /tmp, plus /home/model-server/tmp and "
        "/home/model-server/logs for TorchServe.", abs_path("A path."), default=DEFAULT), ("/tmp",))
    allow_root: bool = knob(boolean("Opt out: run as root (validate warns).", DEFAULT), False)
    allow_privilege_escalation: bool = knob(boolean("Opt out: allow privilege escalation (validate warns).",
                                                    DEFAULT), False)
    capabilities_add: tuple[str, ...] = knob(string_list(
        "Opt out: capabilities to add back (validate warns).",
        {"type": "string", "pattern": "^[A-Z_]+$", "x-expected": "a capability name such as NET_BIND_SERVICE"}), ())
