"""Checks for serving: knative: autoscaling annotations, timeouts, ports and feature flags."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.issue import Issue
from generator.catalog.knative_flags import missing, patch_command
from generator.spec import Catalog, Model

HPA_CLASS = "hpa.autoscaling.knative.dev"


def knative(model: Model, _: Catalog) -> Iterator[Issue]:
    k = model.knative
    if model.serving != "knative" or k is None:
        return
    cluster = model.cluster.knative
    if k.metric in ("cpu", "memory") and k.autoscaling_class != HPA_CLASS:
        yield Issue(("knative", "metric"), f"metric {k.metric} needs class {HPA_CLASS}: Knative's own autoscaler "
                    "(KPA) scales on concurrency or rps only",
                    f"set knative.class: {HPA_CLASS}, or metric: concurrency")
    if k.metric in ("concurrency", "rps") and k.autoscaling_class == HPA_CLASS:
        yield Issue(("knative", "metric"), f"class {HPA_CLASS} scales on cpu or memory, not {k.metric}",
                    "use metric: cpu or memory, or drop class for Knative's default autoscaler")
    if k.timeout_seconds > cluster.max_revision_timeout_seconds:
        yield Issue(("knative", "timeoutSeconds"), f"timeoutSeconds {k.timeout_seconds} is more than the cluster's "
                    f"max-revision-timeout-seconds ({cluster.max_revision_timeout_seconds}): the webhook rejects it",
                    "raise max-revision-timeout-seconds in the knative-serving/config-defaults ConfigMap (and "
                    "cluster.knative.maxRevisionTimeoutSeconds), or lower timeoutSeconds")
    for field, value in (("responseStartTimeoutSeconds", k.response_start_timeout_seconds),
                         ("idleTimeoutSeconds", k.idle_timeout_seconds)):
        if value is not None and value > cluster.max_revision_timeout_seconds:
            yield Issue(("knative", field), f"{field} {value} is more than max-revision-timeout-seconds "
                        f"({cluster.max_revision_timeout_seconds})", "lower it or raise the cluster maximum")
    if k.initial_scale == 0 and not cluster.allow_zero_initial_scale:
        yield Issue(("knative", "initialScale"), "initialScale 0 is rejected unless the cluster allows zero initial "
                    "scale", "set allow-zero-initial-scale: \"true\" in knative-serving/config-autoscaler and "
                    "cluster.knative.allowZeroInitialScale: true, or use initialScale >= 1")
    if len(model.ports) > 1:
        yield Issue(("ports", 1), f"Knative routes to exactly one container port, {len(model.ports)} are declared",
                    "keep one port; the chart names it h2c (appProtocol grpc/h2c) or http1")
    for use in missing(model):
        yield Issue(use.path, f"{use.field} needs the Knative feature flag {use.flag}, which "
                    "cluster.knative.features does not enable", f"{patch_command(use.flag)}, then list {use.flag} "
                    "in cluster.knative.features")
    for field, present in (("ingress", model.ingress is not None), ("kong", model.kong is not None),
                           ("monitoring", model.monitoring.service_monitor)):
        if present:
            yield Issue((field,), f"{field} applies to serving: deployment only",
                        "Knative's ingress (Kourier/Istio) routes the service and its queue-proxy exports metrics; "
                        "use a DomainMapping for a custom host")
