"""Where pods land and what they mount: GPU MIG profiles per product, ReadWriteOnce claims reached
through KServe's storageUri."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import gpu
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig
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


@rule("gpu-shared-count", W, "more than one time-sliced GPU replica (nvidia.com/gpu.shared) requested by one "
      "container", "request 1: replicas of a time-sliced GPU share one device and add no compute or memory",
      kinds=POD_KINDS,
      origin="NVIDIA GPU Operator docs 'Time-Slicing GPUs in Kubernetes' (renameByDefault advertises "
             "nvidia.com/gpu.shared; failRequestsGreaterThanOne rejects requests above 1)")
def shared_count(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        count = dig(c, "resources", "limits", gpu.SHARED)
        if isinstance(count, int | str) and str(count).isdigit() and int(count) > 1:
            yield Hit(f"{path}.resources.limits.{gpu.SHARED}", f"{count} replicas of a shared GPU are one device")
