"""Checks of ``rollout``: a canary that changes something, in a mode and version that honour it.

KServe facts, kserve/kserve v0.20.0: pkg/apis/serving/v1beta1/inference_service.go (CanarySpec,
new in 0.20; absent from v0.14.1..v0.19.0) and inference_service_validation.go validateCanarySpecs
(Standard mode only; a model or storageUri on the stable predictor; canary minReplicas at most
the stable one). canaryTrafficPercent is read only by the Knative reconciler
(pkg/controller/v1beta1/inferenceservice/reconcilers/knative/ksvc_reconciler.go).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import modes
from generator.catalog.checks import Issue, model_check
from generator.findings import Severity
from generator.lint.config import version_key
from generator.spec import Catalog, Model, Rollout

CANARY_SPEC_SINCE = (0, 20)  # spec.canary of InferenceService, Standard mode


@model_check
def rollout(model: Model, catalog: Catalog) -> Iterator[Issue]:
    ro = model.rollout
    if ro is None:
        return
    if not modes.of(model).canary_rollouts:
        yield Issue(("rollout",), f"serving: {model.serving} renders no canary rollout",
                    "remove rollout, or serve the model with deployment, knative or kserve")
        return
    yield from _identical(model, ro)
    if ro.gateway is not None and model.serving != "deployment":
        yield Issue(("rollout", "gateway"), f"rollout.gateway applies to serving: deployment; serving: "
                    f"{model.serving} splits traffic itself", "remove rollout.gateway")
    if model.serving == "deployment":
        yield from _deployment(model, ro)
    elif model.serving == "knative":
        yield from _knative(ro)
    elif model.serving == "kserve":
        yield from _kserve(model, ro)
        uri = ro.canary.storage_uri or ""
        claim = uri.removeprefix("pvc://").split("/")[0]
        if uri.startswith("pvc://") and catalog.claim(claim, model.namespace) is None:
            yield Issue(("rollout", "canary", "storageUri"), f"claim {claim!r} is not declared in namespace "
                        f"{model.namespace}", f"add it under claims: with namespace: {model.namespace}")


def _identical(model: Model, ro: Rollout) -> Iterator[Issue]:
    stable_uri = model.kserve.storage_uri if model.kserve else None
    image_changes = ro.canary.image is not None and (
        model.image is None or ro.canary.image.reference != model.image.reference)
    uri_changes = ro.canary.storage_uri is not None and ro.canary.storage_uri != stable_uri
    if not image_changes and not uri_changes:
        yield Issue(("rollout", "canary"), "the canary is identical to the stable version",
                    "give the canary a new image tag or digest (or, for KServe, a new storageUri)")


def _deployment(model: Model, ro: Rollout) -> Iterator[Issue]:
    if ro.canary.storage_uri is not None:
        yield Issue(("rollout", "canary", "storageUri"), "storageUri is a KServe field", "change canary.image")
    if model.workload != "Deployment":
        yield Issue(("rollout",), f"rollouts run the canary as a Deployment beside a Deployment, not a "
                    f"{model.workload}", "remove rollout, or use workload: Deployment")
    if not model.ports:
        yield Issue(("rollout",), "the weighted HTTPRoute needs a port to send requests to", "declare ports")
    if model.ingress is not None and ro.gateway is None:
        yield Issue(("rollout", "gateway"), "clients through the Ingress keep reaching only the stable version; "
                    "without a gateway the HTTPRoute splits in-cluster (service mesh) traffic only",
                    "set rollout.gateway to the Gateway your clients reach", severity=Severity.WARNING)


def _knative(ro: Rollout) -> Iterator[Issue]:
    if ro.canary.storage_uri is not None:
        yield Issue(("rollout", "canary", "storageUri"), "storageUri is a KServe field", "change canary.image")
    if ro.replicas is not None:
        yield Issue(("rollout", "replicas"), "Knative's autoscaler sizes each revision by its traffic",
                    "remove rollout.replicas")


def _kserve(model: Model, ro: Rollout) -> Iterator[Issue]:
    ks = model.kserve
    if ks is None:
        return
    if ks.canary_traffic_percent is not None:
        yield Issue(("kserve", "canaryTrafficPercent"), "kserve.canaryTrafficPercent and rollout both set the "
                    "canary's share", "remove kserve.canaryTrafficPercent; rollout.percent renders it")
    if ks.model_format is not None and ro.canary.image is not None:
        yield Issue(("rollout", "canary", "image"), "the ServingRuntime brings the model server image",
                    "change canary.storageUri (the new weights), or serve a custom image without modelFormat")
    if ks.deployment_mode == "Knative":
        if ro.replicas is not None:
            yield Issue(("rollout", "replicas"), "in Knative mode the autoscaler sizes each revision",
                        "remove rollout.replicas")
        return
    version = model.cluster.kserve_version
    if version_key(version) < CANARY_SPEC_SINCE:
        yield Issue(("rollout",), f"KServe {version} in Standard (RawDeployment) mode would ignore the rollout: "
                    "canaryTrafficPercent is read in Knative mode only and spec.canary arrived in KServe 0.20",
                    "set kserve.deploymentMode: Knative, or cluster.kserveVersion: \"0.20\" (or later)")
        return
    if ks.model_format is None:
        yield Issue(("rollout",), "KServe's spec.canary needs a stable predictor with a model (modelFormat and "
                    "storageUri); infergen writes it for model predictors only",
                    "set kserve.modelFormat, or use deploymentMode: Knative for a custom image")
    stable_min = model.scaling.floor
    if ro.replicas is not None and ro.replicas > stable_min:
        yield Issue(("rollout", "replicas"), f"KServe rejects a canary with more replicas ({ro.replicas}) than the "
                    f"stable predictor's minReplicas ({stable_min})", f"use rollout.replicas <= {stable_min}")
