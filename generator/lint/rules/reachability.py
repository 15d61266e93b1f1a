"""Exposure versus the model's NetworkPolicy: can the Ingress controller reach the pods?"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.crossref import backends
from generator.lint.rules.fields import dig, meta

E, W = Severity.ERROR, Severity.WARNING


def _admits(rule_: dict[str, Any], namespace: str, target: object) -> bool:
    """Whether one ingress rule lets the controller in ``namespace`` reach port ``target``."""
    ports = [p.get("port") for p in rule_.get("ports") or [] if isinstance(p, dict)]
    if ports and target is not None and not any(
            p is None or p == target or type(p) is not type(target) for p in ports):
        return False  # a named port against a number cannot be resolved here: assume it matches
    peers = rule_.get("from")
    if not peers:
        return True
    for peer in peers:
        sel = peer.get("namespaceSelector")
        if isinstance(sel, dict) and not sel.get("matchExpressions"):
            labels = sel.get("matchLabels") or {}
            if not labels or labels == {"kubernetes.io/metadata.name": namespace}:
                return True
    return False


def _target(svc: Document, backend: dict[str, Any]) -> object:
    """The pod port a Service backend forwards to (name or number), None when unknown."""
    wanted = backend.get("port") or {}
    for port in dig(svc.obj, "spec", "ports") or []:
        if port.get("name") == wanted.get("name") or port.get("port") == wanted.get("number"):
            return port.get("targetPort", port.get("port"))
    return None


@rule("networkpolicy-ingress-controller", E, "NetworkPolicy of a model exposed through an Ingress admits no "
      "traffic from that Ingress controller's namespace to the backend port", "allow the controller: "
      "networkPolicy.allowFrom namespaceLabels {kubernetes.io/metadata.name: <controller namespace>} on the "
      "served port", kinds={"Ingress"},
      origin="kubernetes/kubernetes pkg/apis/networking/types.go NetworkPolicy semantics (deny what no rule "
             "admits) (not verified at a tag); controller namespaces from each controller's install manifests "
             "(ingress-nginx, kong)")
def ingress_controller(doc: Document, ctx: Context) -> Iterator[Hit]:
    spec = doc.obj.get("spec") or {}
    cls = spec.get("ingressClassName") or meta(doc.obj, "annotations").get("kubernetes.io/ingress.class")
    namespace = dict(ctx.config.ingress_controllers).get(str(cls))
    if namespace is None:
        return
    ns = ctx.index.ns(doc)
    for path, backend in backends(spec):
        svc = ctx.index.find("", "Service", ns, str(backend.get("name")))
        selector = dig(svc.obj, "spec", "selector") if svc else None
        if svc is None or not isinstance(selector, dict) or not selector:
            continue
        pods = {id(t) for t in ctx.index.select_labels(ns, selector)}
        target = _target(svc, backend)
        for policy in ctx.index.policies(ns):
            sel = dig(policy.obj, "spec", "podSelector") or {}
            if "Ingress" not in (dig(policy.obj, "spec", "policyTypes") or ["Ingress"]):
                continue
            covered = pods and pods <= {id(t) for t in ctx.index.select(ns, sel)}
            if covered and not any(_admits(r, namespace, target) for r in dig(policy.obj, "spec", "ingress") or []):
                yield Hit(f"{path}.name", f"NetworkPolicy {policy.name} admits nothing from namespace {namespace} "
                          f"(the {cls} controller) on port {target}, so this Ingress cannot reach Service {svc.name}")
