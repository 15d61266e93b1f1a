"""Knative Serving rules (serving.knative.dev/v1 Service and Configuration)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import KNATIVE_GROUP, dig, meta

E, W = Severity.ERROR, Severity.WARNING
KINDS = {"Service", "Configuration"}
AUTOSCALING = "autoscaling.knative.dev/"
API = KNATIVE_GROUP + "/"  # what _knative() requires: the engine skips the rules below for other groups
# pod spec field -> config-features flag (knative-serving config/core/configmaps/features.yaml)
POD_FLAGS = {
    "nodeSelector": "kubernetes.podspec-nodeselector", "tolerations": "kubernetes.podspec-tolerations",
    "runtimeClassName": "kubernetes.podspec-runtimeclassname", "affinity": "kubernetes.podspec-affinity",
    "securityContext": "kubernetes.podspec-securitycontext",
    "initContainers": "kubernetes.podspec-init-containers",
    "topologySpreadConstraints": "kubernetes.podspec-topologyspreadconstraints",
    "hostAliases": "kubernetes.podspec-hostaliases", "dnsPolicy": "kubernetes.podspec-dnspolicy",
    "dnsConfig": "kubernetes.podspec-dnsconfig", "priorityClassName": "kubernetes.podspec-priorityclassname",
    "schedulerName": "kubernetes.podspec-schedulername", "hostIPC": "kubernetes.podspec-hostipc",
    "hostPID": "kubernetes.podspec-hostpid", "hostNetwork": "kubernetes.podspec-hostnetwork",
    "shareProcessNamespace": "kubernetes.podspec-shareprocessnamespace",
}
VOLUME_FLAGS = {
    "persistentVolumeClaim": "kubernetes.podspec-persistent-volume-claim",
    "hostPath": "kubernetes.podspec-volumes-hostpath", "ephemeral": "kubernetes.podspec-volumes-ephemeral",
    "csi": "kubernetes.podspec-volumes-csi", "image": "kubernetes.podspec-volumes-image",
}


def _knative(doc: Document) -> dict[str, Any] | None:
    if doc.api_version.startswith(API) and doc.kind in KINDS:
        spec = dig(doc.obj, "spec", "template", "spec")
        return spec if isinstance(spec, dict) else {}
    return None


def _template_annotations(doc: Document) -> dict[str, Any]:
    value = dig(doc.obj, "spec", "template", "metadata", "annotations")
    return value if isinstance(value, dict) else {}


@rule("knative-annotation-placement", E, "autoscaling.knative.dev/* annotation on the Service metadata",
      "move it to spec.template.metadata.annotations (Knative reads it per Revision)", kinds={"Service"}, api=API,
      origin="knative/serving pkg/apis/serving/v1/service_validation.go Validate with "
      "pkg/apis/serving/metadata_validation.go ValidateHasNoAutoscalingAnnotation (knative-v1.23.0)")
def annotation_placement(doc: Document, ctx: Context) -> Iterator[Hit]:
    if _knative(doc) is not None:
        for key in meta(doc.obj, "annotations"):
            if key.startswith(AUTOSCALING):
                yield Hit("metadata.annotations", f"{key} on the Service metadata is ignored")


def _flagged(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    base = "spec.template.spec"
    for key, flag in POD_FLAGS.items():
        if spec.get(key) not in (None, False, "", [], {}):
            yield f"{base}.{key}", flag
    pvcs = set()
    for i, vol in enumerate(spec.get("volumes") or []):
        for key, flag in VOLUME_FLAGS.items():
            if key in vol:
                yield f"{base}.volumes[{i}].{key}", flag
        if "persistentVolumeClaim" in vol:
            pvcs.add(vol.get("name"))
    for i, c in enumerate(spec.get("containers") or []):
        at = f"{base}.containers[{i}]"
        for j, mount in enumerate(c.get("volumeMounts") or []):
            if mount.get("name") in pvcs and mount.get("readOnly") is not True:
                yield f"{at}.volumeMounts[{j}]", "kubernetes.podspec-persistent-volume-write"
        for j, env in enumerate(c.get("env") or []):
            source = env.get("valueFrom") or {}
            for key in ("fieldRef", "resourceFieldRef"):
                if key in source:
                    yield f"{at}.env[{j}].valueFrom.{key}", "kubernetes.podspec-fieldref"
        if [x for x in dig(c, "securityContext", "capabilities", "add") or [] if x != "NET_BIND_SERVICE"]:
            yield f"{at}.securityContext.capabilities.add", "kubernetes.containerspec-addcapabilities"


@rule("knative-feature-flag", E, "pod spec field needs a Knative config-features flag",
      "enable the flag in the knative-serving/config-features ConfigMap", kinds=KINDS, api=API,
      origin="knative/serving pkg/apis/serving/fieldmask.go PodSpecMask and friends, "
      "pkg/apis/config/features.go (knative-v1.23.0)")
def feature_flag(doc: Document, ctx: Context) -> Iterator[Hit]:
    spec = _knative(doc)
    for path, flag in _flagged(spec) if spec is not None else ():
        if flag not in ctx.config.knative_features:
            yield Hit(path, f"{path.rsplit('.', 1)[-1]} needs Knative feature flag {flag}",
                      f"kubectl patch configmap config-features -n knative-serving "
                      f"-p '{{\"data\":{{\"{flag}\":\"enabled\"}}}}' (then list it in knative_features)")


@rule("knative-timeout", E, "timeoutSeconds above Knative's max-revision-timeout-seconds (or negative)",
      "lower timeoutSeconds or raise max-revision-timeout-seconds in knative-serving/config-defaults",
      kinds=KINDS, api=API, origin="knative/serving pkg/apis/serving/v1/revision_validation.go validateTimeoutSeconds; "
      "pkg/apis/config/defaults.go DefaultMaxRevisionTimeoutSeconds (knative-v1.23.0)")
def timeout(doc: Document, ctx: Context) -> Iterator[Hit]:
    spec = _knative(doc)
    value = spec.get("timeoutSeconds") if spec else None
    limit = ctx.config.knative_max_revision_timeout
    if isinstance(value, int) and (value > limit or value < 0):
        yield Hit("spec.template.spec.timeoutSeconds", f"timeoutSeconds {value} exceeds "
                  f"max-revision-timeout-seconds ({limit}); the webhook rejects the Revision")


@rule("knative-initial-scale-zero", E, "initial-scale 0 needs allow-zero-initial-scale",
      "set allow-zero-initial-scale: \"true\" in knative-serving/config-autoscaler, or initial-scale >= 1",
      kinds=KINDS, api=API, origin="knative/serving pkg/apis/autoscaling/annotation_validation.go validateInitialScale "
      "(knative-v1.23.0)")
def initial_scale(doc: Document, ctx: Context) -> Iterator[Hit]:
    if _knative(doc) is None or ctx.config.knative_allow_zero_initial_scale:
        return
    for key in (AUTOSCALING + "initial-scale", AUTOSCALING + "initialScale"):
        if str(_template_annotations(doc).get(key)) == "0":
            yield Hit("spec.template.metadata.annotations", f"{key}: \"0\" is rejected unless "
                      "allow-zero-initial-scale is enabled")


def min_scale(doc: Document) -> int:
    ann = _template_annotations(doc)
    value = ann.get(AUTOSCALING + "min-scale", ann.get(AUTOSCALING + "minScale", 0))
    return int(value) if str(value).isdigit() else 0


@rule("knative-pdb-scale-to-zero", W, "PodDisruptionBudget selects a Knative service that scales to zero",
      "drop the PDB or set autoscaling.knative.dev/min-scale >= 1 on spec.template.metadata.annotations",
      kinds={"PodDisruptionBudget"})
def pdb_scale_to_zero(doc: Document, ctx: Context) -> Iterator[Hit]:
    sel = dig(doc.obj, "spec", "selector")
    for tpl in ctx.index.select(ctx.index.ns(doc), sel) if isinstance(sel, dict) and sel else ():
        if _knative(tpl.doc) is not None and min_scale(tpl.doc) == 0:
            yield Hit("spec.selector", f"selects pods of Knative {tpl.doc.kind} {tpl.doc.name}, which "
                      "scales to zero (min-scale 0 or unset)")
