"""serving: kserve → a serving.kserve.io/v1beta1 InferenceService (spec.predictor.model form only).

KServe creates the predictor's Deployment or Knative Service, its Service and autoscaler; the
chart adds the ServiceAccount, for S3 an annotated Secret without data (see :mod:`.s3`), a
NetworkPolicy and an optional Ingress to the ``<name>-predictor`` Service of Standard mode.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from generator import spec as s
from generator.catalog import modes
from generator.catalog.checks import keda as keda_checks
from generator.catalog.checks import kserve as checks
from generator.catalog.issue import Issue
from generator.catalog.schema_modes import KSERVE
from generator.lint.config import version_key
from generator.render import keda, rollout
from generator.render import values as v
from generator.render.modes import s3, serverless
from generator.render.modes.knative import SKIP_DRY_RUN
from generator.render.network import peers as network_peers
from generator.render.plan import ModePlan

# KServe 0.16 renamed the modes; older clusters only understand the old names.
LEGACY_MODES = {"Standard": "RawDeployment", "Knative": "Serverless"}
MODE_ANNOTATION = "infergen.io/kserve-deployment-mode"  # Chart.yaml: what the last generate emitted
DEFAULT_PORT = 8080  # what KServe's ServingRuntimes listen on
PREDICTOR_PORT = 80  # port of the <name>-predictor Service KServe creates in Standard mode (and _kserve.tpl)


def deployment_mode(model: s.Model) -> str:
    """The annotation value the cluster's KServe version expects."""
    mode = model.kserve.deployment_mode if model.kserve else "Standard"
    return LEGACY_MODES[mode] if version_key(model.cluster.kserve_version) <= (0, 15) else mode


def plan(model: s.Model, catalog: s.Catalog) -> ModePlan:
    """Values and templates of a KServe model."""
    ks = model.kserve or s.KServe()
    knative = ks.deployment_mode == "Knative"
    values = v.common_values(model, catalog)
    if knative:
        serverless.restrict_pod(model, values)
        values["ports"] = serverless.ports(model)
    values["kserve"] = {"deploymentMode": deployment_mode(model)}
    values["predictor"] = predictor(model, ks)
    if ks.model_format is not None:
        fmt: dict[str, Any] = {"name": ks.model_format}
        if ks.model_format_version:
            fmt["version"] = ks.model_format_version
        values["model"] = {"modelFormat": fmt, **{k: val for k, val in (
            ("runtime", ks.runtime), ("protocolVersion", ks.protocol_version), ("storageUri", ks.storage_uri))
            if val}}
        if model.torchserve is not None and model.torchserve.runtime_version:
            values["model"]["runtimeVersion"] = model.torchserve.runtime_version
        for key in ("readinessProbe", "livenessProbe", "startupProbe", "image", "command", "args"):
            values.pop(key, None)  # the ServingRuntime brings the model server, its image and probes
    elif ks.storage_uri:  # a custom container reads STORAGE_URI, filled by KServe's storage initializer
        values["env"] = [*values["env"], {"name": "STORAGE_URI", "value": ks.storage_uri}]
    if ks.s3 is not None:
        values["serviceAccount"]["annotations"] = {**values["serviceAccount"]["annotations"],
                                                   **s3.account_annotations(ks.s3)}
        values["s3"] = s3.values(ks.s3)
    if model.network_policy.enabled:
        values["networkPolicy"] = {"ingress": serverless.data_plane_ingress(model) if knative
                                   else _standard_ingress(model)}
    templates = ["templates/_kserve.tpl.jinja", "templates/inferenceservice.yaml.jinja"]
    if model.service_account.create:
        templates.append("templates/serviceaccount.yaml.jinja")
    if ks.s3 is not None and ks.s3.secret_name and ks.s3.create_secret:
        templates.append("templates/s3-secret.yaml.jinja")
    optional = {"templates/networkpolicy.yaml.jinja": model.network_policy.enabled,
                "templates/ingress.yaml.jinja": model.ingress is not None,
                "templates/kong.yaml.jinja": model.kong is not None}
    templates.extend(t for t, wanted in optional.items() if wanted)
    keda.kserve(model, values, templates)
    why = "The deploymentMode this chart was generated with; generate refuses to change it silently."
    return ModePlan(values=values, templates=tuple(templates), notes=notes(model, ks),
                    status_kinds="inferenceservices,pods",
                    chart_annotations=((MODE_ANNOTATION, ks.deployment_mode, why),))


def predictor(model: s.Model, ks: s.KServe) -> dict[str, Any]:
    """Scalar predictor fields: replicas, scaling, timeouts, rollout."""
    sc = model.scaling
    low, high = (sc.replicas, sc.replicas) if sc.replicas is not None else (sc.min, sc.max)
    out: dict[str, Any] = {}
    for key, value in (("minReplicas", low), ("maxReplicas", high), ("scaleMetric", ks.scale_metric),
                       ("scaleMetricType", ks.scale_metric_type), ("scaleTarget", ks.scale_target),
                       ("containerConcurrency", ks.container_concurrency), ("timeout", ks.timeout),
                       ("canaryTrafficPercent", ks.canary_traffic_percent)):
        if value is not None:
            out[key] = value
    metrics = [{"type": "Resource", "resource": {"name": name, "target": {"type": "Utilization",
                                                                          "averageUtilization": pct}}}
               for name, pct in (("cpu", sc.cpu_utilization), ("memory", sc.memory_utilization)) if pct]
    if metrics or sc.behavior is not None:  # the checks allow these in Standard mode only
        out["autoScaling"] = {k: val for k, val in (("metrics", metrics), ("behavior", v.behavior(sc))) if val}
    if ks.deployment_strategy:
        out["deploymentStrategy"] = {"type": ks.deployment_strategy}
    return out


def _standard_ingress(model: s.Model) -> list[dict[str, Any]]:
    port = model.ports[0].port if model.ports else DEFAULT_PORT
    peers = network_peers(model)
    return [{"from": peers, "ports": [{"port": port, "protocol": "TCP"}]}] if peers else []


def notes(model: s.Model, ks: s.KServe) -> tuple[str, ...]:
    out = [f"InferenceService {model.name}, deploymentMode {deployment_mode(model)} (KServe "
           f"{model.cluster.kserve_version}); kubectl -n {model.namespace} get isvc {model.name} shows its URL."]
    if ks.deployment_mode == "Standard":
        out.append(f"In-cluster endpoint: http://{model.name}-predictor.{model.namespace}.svc.cluster.local"
                   f":{PREDICTOR_PORT}")
    if model.torchserve is not None and ks.storage_uri:
        out.append(f"TorchServe layout: copy `infergen package {model.name}` output (build/{model.name}/model-store/ "
                   f"and build/{model.name}/config/config.properties) to {ks.storage_uri.rstrip('/')}/ so that "
                   "model-store/ and config/config.properties sit directly under the storageUri.")
    if ks.s3 is not None:
        out.extend(s3.notes(model, ks.s3))
    out.extend(keda.notes(model))
    if ks.deployment_mode == "Knative":
        out.extend(serverless.flag_notes(model, (ks.storage_uri or "").startswith("pvc://")))
    out.append("Changing kserve.deploymentMode later needs a new name or argocd.replace: true (KServe rejects "
               "the change in place).")
    out.append("Argo CD: SkipDryRunOnMissingResource is set; check that your Argo CD's InferenceService health "
               "check knows the Standard/Knative mode names (see README).")
    return tuple(out)


class KServeMode(modes.ServingMode):
    """A KServe InferenceService: KServe creates the predictor and its autoscaler."""

    name = "kserve"
    canary_rollouts = True
    summary = "KServe InferenceService (serving.kserve.io/v1beta1), Standard or Knative deploymentMode"
    schema = KSERVE
    settings_type = s.KServe

    def settings(self, data: Mapping[str, Any] | None) -> s.KServe | None:
        if data is None:
            return None
        flat: dict[str, Any] = {modes.snake(k): (str(val) if k == "unpackedSize" else val)
                                for k, val in data.items() if k != "s3"}
        s3_ = data.get("s3")
        if s3_:
            flat["s3"] = s.S3(endpoint=s3_["endpoint"], secret_name=s3_.get("secretName"),
                              role_arn=s3_.get("roleArn"), create_secret=s3_.get("createSecret", True),
                              region=s3_.get("region"), use_https=s3_.get("useHttps", True),
                              verify_ssl=s3_.get("verifySsl", True))
        return s.KServe(**flat)

    def checks(self, model: s.Model, catalog: s.Catalog) -> Iterable[Issue]:
        yield from checks.storage(model, catalog)
        yield from checks.deployment_mode(model, catalog)
        yield from keda_checks.kserve(model, catalog)

    def plan(self, model: s.Model, catalog: s.Catalog) -> ModePlan:
        return rollout.kserve(model, plan(model, catalog))

    def title(self, model: s.Model) -> str:
        return "KServe InferenceService"

    def label(self, model: s.Model) -> str:
        return f"kserve ({model.kserve.deployment_mode if model.kserve else 'Standard'})"

    def autoscaler(self, model: s.Model) -> str:
        if model.kserve and model.kserve.deployment_mode == "Knative":
            return "Knative"
        return "KEDA" if model.scaling.keda is not None else "HPA"

    def scales_with_keda(self, model: s.Model) -> bool:
        return model.kserve is None or model.kserve.deployment_mode == "Standard"

    def exposure(self, model: s.Model) -> str:
        return "InferenceService predictor"

    def explain(self, model: s.Model) -> Mapping[str, modes.Explanation]:
        mode = model.kserve.deployment_mode if model.kserve else "Standard"
        return {"InferenceService": modes.Explanation(f"serving: kserve (deploymentMode {mode})",
                                                      ("serving", "kserve", "scaling", *modes.POD_FIELDS))}

    def sync_options(self, model: s.Model) -> list[str]:
        return [SKIP_DRY_RUN]

    def ignore_differences(self, model: s.Model) -> list[dict[str, Any]]:
        return s3.ignore_differences(model)  # the S3 Secret's data is filled outside git


MODE = modes.register(KServeMode())
