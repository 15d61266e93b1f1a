"""Container ports and environment variables, as the API server validates them."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.config import version_key
from generator.lint.documents import Document
from generator.lint.facts import k8s
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.pods import POD_KINDS

E = Severity.ERROR
PROTOCOLS = ("TCP", "UDP", "SCTP")
CORE = "kubernetes/kubernetes@v1.34.1 pkg/apis/core/validation/validation.go"


@rule("container-port", E, "container port name not an IANA service name, repeated, or out of range",
      "name ports with ≤ 15 of [a-z0-9-] including a letter (e.g. http, grpc, metrics), unique per container; "
      "containerPort 1..65535",
      kinds=POD_KINDS,
      origin=f"{CORE} validateContainerPorts; apimachinery IsValidPortName, IsValidPortNum")
def container_port(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        names: set[str] = set()
        for i, port in enumerate(c.get("ports") or []):
            at = f"{path}.ports[{i}]"
            name = port.get("name")
            if isinstance(name, str) and name:
                errs = k8s.port_name(name)
                if name in names:
                    errs.append(f"{name!r} names another port of this container")
                names.add(name)
                if errs:
                    yield Hit(f"{at}.name", "; ".join(errs))
            if "containerPort" in port and not k8s.port_number(port.get("containerPort")):
                yield Hit(f"{at}.containerPort", f"containerPort {port.get('containerPort')!r} is outside 1..65535")
            if port.get("protocol", "TCP") not in PROTOCOLS:
                yield Hit(f"{at}.protocol", f"protocol {port.get('protocol')!r} is not TCP, UDP or SCTP")


@rule("env-name", E, "environment variable name the API server rejects",
      "use printable ASCII without '=' (before Kubernetes 1.32: [-._a-zA-Z0-9], not starting with a digit)",
      kinds=POD_KINDS,
      origin=f"{CORE} ValidateEnv; pkg/features/kube_features.go RelaxedEnvironmentVariableValidation "
             "(beta, on by default in v1.32; GA and locked on in v1.34); apimachinery IsEnvVarName, "
             "IsRelaxedEnvVarName")
def env_name(doc: Document, ctx: Context) -> Iterator[Hit]:
    relaxed = version_key(ctx.config.kube_version) >= (1, 32)
    for path, c in ctx.index.containers(doc):
        for i, var in enumerate(c.get("env") or []):
            name = var.get("name") if isinstance(var, dict) else None
            if isinstance(name, str):
                errs = k8s.env_var_name(name, relaxed)
                if errs:
                    yield Hit(f"{path}.env[{i}].name", "; ".join(errs))
