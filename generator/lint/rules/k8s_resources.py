"""Resource requirements: quantities that parse, requests within limits, sane units."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import quantity
from generator.lint.facts.k8s import remember
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.pods import POD_KINDS
from generator.lint.rules.resources import extended, no_overcommit

E = Severity.ERROR
CORE = "kubernetes/kubernetes@v1.34.1 pkg/apis/core/validation/validation.go"
BYTES = ("memory", "ephemeral-storage")
MEBIBYTE = Decimal(2**20)


def _quantities(doc: Document, ctx: Context) -> Iterator[tuple[str, str, str, object]]:
    for path, c in ctx.index.containers(doc):
        res = c.get("resources") or {}
        for kind in ("requests", "limits"):
            for name, value in (res.get(kind) or {}).items():
                yield path, kind, str(name), value


@rule("resource-quantity", E, "resource quantity the API server cannot parse, or an extended resource that "
      "is not a whole number", "write quantities like 500m, 2, 4Gi, 512Mi (suffixes Ki Mi Gi Ti, k M G T, m)",
      kinds=POD_KINDS,
      origin=f"{CORE} ValidateContainerResourceRequirements, validateResourceRequirements, "
             "ValidateResourceQuantityValue, ValidateNonnegativeQuantity; pkg/apis/core/helper/helpers.go "
             "IsIntegerResourceName; apimachinery pkg/api/resource/quantity.go ParseQuantity")
def resource_quantity(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, kind, name, value in _quantities(doc, ctx):
        if type(value) is str and value in WHOLE:
            continue
        parsed = quantity.parse(value)
        if parsed is None:
            yield Hit(f"{path}.resources.{kind}.{name}", f"{name} {value!r} is not a quantity")
        elif parsed < 0:
            yield Hit(f"{path}.resources.{kind}.{name}", f"{name} {value!r} is negative")
        elif parsed != parsed.to_integral_value():
            if extended(name):
                yield Hit(f"{path}.resources.{kind}.{name}",
                          f"{name} {value!r} must be a whole number (extended resources cannot be fractional)")
        else:
            remember(WHOLE, value)


WHOLE: set[str] = set()  # quantities already found to parse to a whole number ≥ 0: valid for every resource


@rule("resource-unitless", E, "memory or ephemeral-storage given as a bare number below 1Mi (it means bytes)",
      "add the unit: 4Gi, not 4 (a bare number is bytes; no container starts with a few bytes of memory)",
      kinds=POD_KINDS,
      origin="kubernetes/apimachinery@v0.34.0 pkg/api/resource/quantity.go ParseQuantity (a bare number has "
             "no suffix: bytes for memory); that kubelet/runc refuse a memory limit of a few bytes is not "
             "an API-server rule (not verified at a tag)")
def resource_unitless(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, kind, name, value in _quantities(doc, ctx):
        if name not in BYTES or not quantity.unitless(value):
            continue  # (parse is pure: checking these first changes nothing but the cost)
        parsed = quantity.parse(value)
        if parsed is not None and 0 < parsed < MEBIBYTE:
            yield Hit(f"{path}.resources.{kind}.{name}", f"{name} {value!r} has no unit: {parsed} bytes",
                      f"write {value}Gi or {value}Mi")


@rule("resource-request-over-limit", E, "resource request greater than its limit",
      "lower the request or raise the limit (requests must be ≤ limits; GPUs and other extended resources "
      "need request = limit)",
      kinds=POD_KINDS,
      origin=f"{CORE} validateResourceRequirements: 'must be less than or equal to ... limit'")
def request_over_limit(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        res = c.get("resources") or {}
        limits = res.get("limits") or {}
        for name, value in (res.get("requests") or {}).items():
            req, lim = quantity.parse(value), quantity.parse(limits.get(name))
            if req is not None and lim is not None and req > lim and not no_overcommit(str(name)):
                yield Hit(f"{path}.resources.requests.{name}",
                          f"{name} request {value} is more than its limit {limits.get(name)}")
