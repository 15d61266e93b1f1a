"""Probes: the fields and combinations the API server forbids."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import k8s
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.pods import POD_KINDS

E = Severity.ERROR
HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
COUNTERS = ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold")


def _problems(kind: str, probe: dict[str, Any]) -> Iterator[tuple[str, str]]:
    handlers = [h for h in HANDLERS if probe.get(h) is not None]
    if len(handlers) != 1:
        yield "", f"{kind} needs exactly one handler of {', '.join(HANDLERS)}, has {len(handlers) or 'none'}"
    for key in COUNTERS:
        value = probe.get(key)
        if isinstance(value, int) and value < 0:
            yield key, f"{key} {value} is negative"
    if kind in ("livenessProbe", "startupProbe") and probe.get("successThreshold", 1) != 1:
        yield "successThreshold", f"successThreshold must be 1 for a {kind}"
    if kind == "readinessProbe" and probe.get("terminationGracePeriodSeconds") is not None:
        yield "terminationGracePeriodSeconds", "terminationGracePeriodSeconds must not be set on a readinessProbe"
    grace = probe.get("terminationGracePeriodSeconds")
    if isinstance(grace, int) and grace <= 0:
        yield "terminationGracePeriodSeconds", "terminationGracePeriodSeconds must be positive"
    for handler in ("httpGet", "tcpSocket", "grpc"):
        port = (probe.get(handler) or {}).get("port") if isinstance(probe.get(handler), dict) else None
        if isinstance(port, str) and k8s.port_name(port):  # a quoted "8080" is a name, and has no letter
            yield f"{handler}.port", f"port {port!r} is not an IANA service name (quote no port numbers)"
        elif isinstance(port, int) and not k8s.port_number(port):
            yield f"{handler}.port", f"port {port} is outside 1..65535"


@rule("probe-fields", E, "probe with a field or combination the API server forbids",
      "one handler per probe; successThreshold 1 on liveness and startup probes; no "
      "terminationGracePeriodSeconds on readiness probes; counters ≥ 0",
      kinds=POD_KINDS,
      origin="kubernetes/kubernetes@v1.34.1 pkg/apis/core/validation/validation.go validateProbe, "
             "validateLivenessProbe, validateReadinessProbe, validateStartupProbe, validateHandler, "
             "validateHTTPGetAction, validateTCPSocketAction, validateGRPCAction, ValidatePortNumOrName")
def probe_fields(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
            probe = c.get(kind)
            if isinstance(probe, dict):
                for field, message in _problems(kind, probe):
                    yield Hit(f"{path}.{kind}" + (f".{field}" if field else ""), message)
