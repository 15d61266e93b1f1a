"""Cross-resource rules: storage reached through KServe, GPU MIG profiles, NetworkPolicy vs exposure,
literal secrets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import gpu, secrets
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig, meta
from generator.lint.rules.kserve import _isvc
from generator.lint.rules.pods import POD_KINDS

E, W = Severity.ERROR, Severity.WARNING
PRODUCT = "nvidia.com/gpu.product"


@rule("kserve-pvc-rwo", W, "storageUri pvc:// of a ReadWriteOnce claim for an InferenceService that can run "
      "more than one pod", "use a ReadWriteMany claim (NFS, CephFS) or keep minReplicas = maxReplicas = 1",
      kinds={"InferenceService"},
      origin="kserve/kserve pkg/webhook/admission/pod/storage_initializer_injector.go (pvc:// becomes a "
             "persistentVolumeClaim volume of every predictor pod, v0.20.0); kubernetes access modes")
def pvc_rwo(doc: Document, ctx: Context) -> Iterator[Hit]:
    predictor = dig(doc.obj, "spec", "predictor") or {}
    uri = dig(predictor, "model", "storageUri")
    if not _isvc(doc) or not isinstance(uri, str) or not uri.startswith("pvc://"):
        return
    claim = uri.removeprefix("pvc://").split("/")[0]
    modes = ctx.index.claim_modes(ctx.index.ns(doc), claim, ctx.config.claim_modes)
    most = max(int(predictor.get("maxReplicas") or 0), int(predictor.get("minReplicas") or 1))
    if modes and all(m in ("ReadWriteOnce", "ReadWriteOncePod") for m in modes) and most > 1:
        yield Hit("spec.predictor.model.storageUri", f"claim {claim} is {'/'.join(modes)}, but up to {most} "
                  "predictor pods mount it: pods on a second node stay Pending")


@rule("gpu-mig-profile", E, "MIG resource the selected GPU product does not offer",
      "request a profile of that product (see the message) or select another nvidia.com/gpu.product",
      kinds=POD_KINDS,
      origin="NVIDIA/mig-parted examples/config.yaml and the MIG user guide's supported-profiles table; "
             "nvidia.com/mig-PROFILE names of k8s-device-plugin's mixed strategy")
def mig_profile(doc: Document, ctx: Context) -> Iterator[Hit]:
    tpl = ctx.index.templates.get(id(doc))
    product = dig(tpl.spec, "nodeSelector", PRODUCT) if tpl else None
    if tpl is None or not isinstance(product, str):
        return
    offered = gpu.profiles(product)
    for path, c in tpl.containers if offered is not None else ():
        for kind in ("limits", "requests"):
            for name in dig(c, "resources", kind) or {}:
                profile = str(name).removeprefix(gpu.PREFIX)
                if str(name).startswith(gpu.PREFIX) and profile not in (offered or ()):
                    yield Hit(f"{path}.resources.{kind}.{name}", f"{product} offers no MIG profile {profile}" + (
                        f" (it offers {', '.join(offered)})" if offered else " (it has no MIG)"))


def _admits(rule_: dict[str, Any], namespace: str) -> bool:
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


@rule("networkpolicy-ingress-controller", E, "NetworkPolicy of a model exposed through an Ingress admits no "
      "traffic from that Ingress controller's namespace", "allow the controller: networkPolicy.allowFrom "
      "namespaceLabels {kubernetes.io/metadata.name: <controller namespace>}", kinds={"Ingress"},
      origin="kubernetes/kubernetes pkg/apis/networking/types.go NetworkPolicy semantics (deny what no rule "
             "admits); controller namespaces from each controller's install manifests (ingress-nginx, kong)")
def ingress_controller(doc: Document, ctx: Context) -> Iterator[Hit]:
    spec = doc.obj.get("spec") or {}
    cls = spec.get("ingressClassName") or meta(doc.obj, "annotations").get("kubernetes.io/ingress.class")
    namespace = dict(ctx.config.ingress_controllers).get(str(cls))
    if namespace is None:
        return
    from generator.lint.rules.crossref import backends

    ns = ctx.index.ns(doc)
    for path, backend in backends(spec):
        svc = ctx.index.find("", "Service", ns, str(backend.get("name")))
        selector = dig(svc.obj, "spec", "selector") if svc else None
        if not isinstance(selector, dict) or not selector:
            continue
        pods = ctx.index.select(ns, {"matchLabels": selector})
        for policy in ctx.index.policies(ns):
            sel = dig(policy.obj, "spec", "podSelector") or {}
            if "Ingress" not in (dig(policy.obj, "spec", "policyTypes") or ["Ingress"]):
                continue
            if pods and all(p in ctx.index.select(ns, sel) for p in pods) and not any(
                    _admits(r, namespace) for r in dig(policy.obj, "spec", "ingress") or []):
                yield Hit(f"{path}.name", f"NetworkPolicy {policy.name} admits nothing from namespace {namespace} "
                          f"(the {cls} controller), so this Ingress cannot reach Service {svc.name if svc else ''}")


@rule("secret-literal", W, "credential written literally into env, args or command",
      "keep it in a Secret: env valueFrom.secretKeyRef, and pass $(VAR) in args",
      kinds=POD_KINDS,
      origin="Kubernetes documentation 'Good practices for Kubernetes Secrets' (literal values are readable "
             "by anyone who can read the workload)")
def secret_literal(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        for i, var in enumerate(c.get("env") or []):
            value = var.get("value")
            if isinstance(value, str) and value and (secrets.SECRET_ENV.search(str(var.get("name")))
                                                     or secrets.looks_secret(value)):
                yield Hit(f"{path}.env[{i}].value", f"{var.get('name')} holds a literal credential")
        for key in ("command", "args"):
            items = [str(x) for x in c.get(key) or []]
            skip = -1
            for i, item in enumerate(items):
                flag = secrets.SECRET_FLAG.match(item)
                following = items[i + 1] if i + 1 < len(items) and not flag_value(flag) else ""
                value = flag_value(flag) or following
                if i != skip and ((flag and value and not value.startswith(("-", "$("))) or
                                  secrets.looks_secret(item)):
                    yield Hit(f"{path}.{key}[{i}]", f"{key}[{i}] passes a credential on the command line")
                    skip = i + 1 if following else skip


def flag_value(flag: re.Match[str] | None) -> str:
    """The ``=value`` part of a ``--secret-ish-flag=value`` argument."""
    return (flag.group("value") or "") if flag else ""
