"""serving: knative → a serving.knative.dev/v1 Service, its ServiceAccount and NetworkPolicy.

Knative's autoscaler owns the pod count: scaling becomes min-scale/max-scale annotations on the
revision template, so there is no HPA and no PodDisruptionBudget.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from generator import spec as s
from generator.catalog import modes
from generator.catalog.checks import knative as checks
from generator.catalog.issue import Issue
from generator.catalog.schema_modes import KNATIVE
from generator.render import rollout
from generator.render import values as v
from generator.render.modes import serverless
from generator.render.plan import ModePlan

AUTOSCALING = "autoscaling.knative.dev/"
# Custom resources may be synced before their CRD is installed.
SKIP_DRY_RUN = "SkipDryRunOnMissingResource=true"
GPU_PROGRESS_DEADLINE = "10m"  # slow GPU nodes and large weights otherwise fail the first revision


def plan(model: s.Model, catalog: s.Catalog) -> ModePlan:
    """Values and templates of a Knative model."""
    k = model.knative or s.Knative()
    values = v.common_values(model, catalog)
    serverless.restrict_pod(model, values)
    values["ports"] = serverless.ports(model)
    knative: dict[str, Any] = {"annotations": revision_annotations(model, k), "timeoutSeconds": k.timeout_seconds}
    for key, value in (("containerConcurrency", k.container_concurrency),
                       ("responseStartTimeoutSeconds", k.response_start_timeout_seconds),
                       ("idleTimeoutSeconds", k.idle_timeout_seconds)):
        if value is not None:
            knative[key] = value
    values["knative"] = knative
    if model.network_policy.enabled:
        values["networkPolicy"] = {"ingress": serverless.data_plane_ingress(model)}
    templates = ["templates/_knative.tpl.jinja", "templates/knative-service.yaml.jinja"]
    if model.service_account.create:
        templates.append("templates/serviceaccount.yaml.jinja")
    if model.network_policy.enabled:
        templates.append("templates/networkpolicy.yaml.jinja")
    return ModePlan(values=values, templates=tuple(templates), notes=notes(model),
                    status_kinds="ksvc,revisions,pods")


def revision_annotations(model: s.Model, k: s.Knative) -> dict[str, str]:
    """Revision-template annotations, kebab-case as Knative documents them."""
    sc = model.scaling
    low, high = (sc.replicas, sc.replicas) if sc.replicas is not None else (sc.min, sc.max)
    settings: tuple[tuple[str, object], ...] = (
        ("class", k.autoscaling_class), ("metric", k.metric), ("target", k.target),
        ("target-utilization-percentage", k.target_utilization_percentage), ("window", k.window),
        ("min-scale", low), ("max-scale", high), ("initial-scale", k.initial_scale),
        ("activation-scale", k.activation_scale),
        ("scale-to-zero-pod-retention-period", k.scale_to_zero_pod_retention_period),
        ("scale-down-delay", k.scale_down_delay))
    out = {AUTOSCALING + key: str(value) for key, value in settings if value is not None}
    deadline = k.progress_deadline or (GPU_PROGRESS_DEADLINE if model.gpu else None)
    if deadline:
        out["serving.knative.dev/progress-deadline"] = deadline
    return dict(sorted(out.items()))


def notes(model: s.Model) -> tuple[str, ...]:
    out = [f"URL (in cluster): http://{model.name}.{model.namespace}.svc.cluster.local; "
           f"kubectl -n {model.namespace} get ksvc {model.name} shows the external one."]
    if model.scaling.floor == 0:
        out.append("Scales to zero: the first request after idling waits for a cold start.")
    if model.gpu:
        out.append(f"Each pod requests {model.gpu.count} {model.gpu.resource}.")
    out.extend(serverless.flag_notes(model))
    if model.network_policy.enabled:
        out.append("The NetworkPolicy admits Knative's data plane (" + ", ".join(
            model.cluster.knative.data_plane_namespaces) + "; cluster.knative.dataPlaneNamespaces) on the "
            "queue-proxy ports.")
    return tuple(out)


class KnativeMode(modes.ServingMode):
    """A Knative Service: Knative's autoscaler owns the pod count, scale to zero allowed."""

    name = "knative"
    canary_rollouts = True
    summary = "Knative Service (serving.knative.dev/v1) with scale-to-zero"
    schema = KNATIVE
    settings_type = s.Knative

    def settings(self, data: Mapping[str, Any] | None) -> s.Knative | None:
        if data is None:
            return None
        return s.Knative(**{"autoscaling_class" if k == "class" else modes.snake(k): val for k, val in data.items()})

    def checks(self, model: s.Model, catalog: s.Catalog) -> Iterable[Issue]:
        return checks.knative(model, catalog)

    def plan(self, model: s.Model, catalog: s.Catalog) -> ModePlan:
        return rollout.knative(model, plan(model, catalog))

    def title(self, model: s.Model) -> str:
        return "Knative Service"

    def autoscaler(self, model: s.Model) -> str:
        return "Knative"

    def exposure(self, model: s.Model) -> str:
        return "Knative route (cluster-local)"

    def explain(self, model: s.Model) -> Mapping[str, modes.Explanation]:
        return {"Service.serving.knative.dev": modes.Explanation(
            "serving: knative", ("serving", "knative", "scaling", *modes.POD_FIELDS))}

    def sync_options(self, model: s.Model) -> list[str]:
        return [SKIP_DRY_RUN]


MODE = modes.register(KnativeMode())
