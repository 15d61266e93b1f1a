"""KServe webhook and controller rules on InferenceServices."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import kserve as ks
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import dig, meta
from generator.lint.rules.kserve import MODE, _isvc

E = Severity.ERROR
VALIDATION = "kserve/kserve pkg/apis/serving/v1beta1/inference_service_validation.go"
KINDS = {"InferenceService"}


def _mode(doc: Document) -> str:
    return str(meta(doc.obj, "annotations").get(MODE) or "Standard")


@rule("kserve-name", E, "InferenceService name KServe rejects, or too long for the names and hosts it derives",
      "use a DNS-1035 label short enough that <name>-predictor-<namespace> (Standard) or "
      "<name>-predictor-00001 (Knative) fits 63 characters", kinds=KINDS,
      origin=f"{VALIDATION} validateInferenceServiceName, IsvcNameFmt; pkg/constants/constants.go "
             "PredictorServiceName; reconcilers/ingress/domain.go GenerateDomainName with the default "
             "domainTemplate (v0.20.0)")
def name(doc: Document, ctx: Context) -> Iterator[Hit]:
    value = doc.name
    if not _isvc(doc) or not value:
        return
    if not ks.NAME.fullmatch(value):
        yield Hit("metadata.name", f"{value!r} does not match {ks.NAME.pattern} (starts with a letter)")
        return
    for what, label in ks.derived_names(value, ctx.index.ns(doc), _mode(doc)):
        if len(label) > ks.LABEL_MAX:
            yield Hit("metadata.name", f"the {what} {label!r} is {len(label)} characters, more than 63")


@rule("kserve-runtime", E, "runtime that does not serve the model format or protocolVersion (runtimes KServe "
      "ships for the configured kserveVersion)", "pick a runtime that lists the format, or drop runtime and let "
      "KServe auto-select", kinds=KINDS,
      origin="kserve/kserve config/runtimes/*.yaml (v0.15.0..v0.20.0); pkg/apis/serving/v1alpha1/"
             "servingruntime_types.go IsProtocolVersionSupported; pkg/apis/serving/v1beta1/predictor_model.go "
             "GetSupportingRuntimes (v0.20.0)")
def runtime(doc: Document, ctx: Context) -> Iterator[Hit]:
    model = dig(doc.obj, "spec", "predictor", "model")
    fmt = dig(model, "modelFormat", "name")
    if not _isvc(doc) or not isinstance(fmt, str):
        return
    chosen, protocol = model.get("runtime"), model.get("protocolVersion")
    problem = ks.runtime_problem(ctx.config.kserve_version, fmt, chosen, protocol)
    if problem:
        field = "runtime" if chosen else "modelFormat.name"
        if chosen and "protocolVersion" in problem:
            field = "protocolVersion"
        yield Hit(f"spec.predictor.model.{field}", problem)


@rule("kserve-storage-uri", E, "storageUri scheme KServe's storage initializer does not support",
      f"use one of {', '.join(ks.STORAGE_PREFIXES)}", kinds=KINDS,
      origin="kserve/kserve pkg/controller/v1beta1/inferenceservice/utils/utils.go "
             "SupportedStorageURIPrefixList, ValidateStorageURI (v0.20.0)")
def storage_uri(doc: Document, ctx: Context) -> Iterator[Hit]:
    uri = dig(doc.obj, "spec", "predictor", "model", "storageUri")
    if _isvc(doc) and isinstance(uri, str) and "://" in uri and not uri.startswith(ks.STORAGE_PREFIXES) \
            and ".blob.core.windows.net" not in uri:
        yield Hit("spec.predictor.model.storageUri", f"scheme of {uri!r} is not supported")


@rule("kserve-blocked-env", E, "environment variable KServe's webhook blocks (PYTHONPATH)",
      "remove it; extend the image instead", kinds=KINDS,
      origin=f"{VALIDATION} validateBlockedEnvVars; pkg/validation/env_policy.go DefaultBlockedEnvVars (v0.20.0)")
def blocked_env(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc) if _isvc(doc) else ():
        for i, var in enumerate(c.get("env") or []):
            if var.get("name") in ks.BLOCKED_ENV:
                yield Hit(f"{path}.env[{i}].name", f"{var['name']} is blocked by KServe")


@rule("kserve-autoscaling", E, "autoscalerClass, scaleMetric or scaleTarget KServe rejects for the "
      "deploymentMode", "Standard with hpa: scaleMetric cpu or memory, cpu target 1..100; Knative: "
      "concurrency or rps", kinds=KINDS,
      origin=f"{VALIDATION} validateInferenceServiceAutoscaler, validateAutoScalingCompExtension, "
             "validateScalingHPACompExtension, validateScalingKPACompExtension (v0.20.0)")
def autoscaling(doc: Document, ctx: Context) -> Iterator[Hit]:
    if not _isvc(doc):
        return
    anns, mode = meta(doc.obj, "annotations"), _mode(doc)
    cls = anns.get("serving.kserve.io/autoscalerClass")
    if cls is not None and cls not in ks.AUTOSCALER_CLASSES:
        yield Hit("metadata.annotations.serving.kserve.io/autoscalerClass", f"autoscalerClass {cls!r} is unknown")
    predictor = dig(doc.obj, "spec", "predictor") or {}
    metric, target = predictor.get("scaleMetric"), predictor.get("scaleTarget")
    knative = mode in ks.KNATIVE_MODES and anns.get("autoscaling.knative.dev/class") != \
        "hpa.autoscaling.knative.dev"
    allowed = ks.KPA_METRICS if knative else ks.HPA_METRICS
    if metric is not None and (knative or cls in (None, "hpa")) and metric not in allowed:
        yield Hit("spec.predictor.scaleMetric", f"scaleMetric {metric} is not one of {', '.join(allowed)} here")
    effective = metric or ("concurrency" if knative else "cpu")
    if isinstance(target, int) and ((effective == "cpu" and not knative and not 1 <= target <= 100) or
                                    (effective == "rps" and target < 1)):
        yield Hit("spec.predictor.scaleTarget", f"scaleTarget {target} is out of range for {effective}")


@rule("kserve-replicas", E, "component minReplicas/maxReplicas/containerConcurrency KServe rejects",
      "minReplicas ≥ 0 and ≤ maxReplicas (unless maxReplicas is 0: unbounded); containerConcurrency ≥ 0",
      kinds=KINDS, origin="kserve/kserve pkg/apis/serving/v1beta1/component.go ComponentExtensionSpec.Validate, "
      "validateReplicas, validateContainerConcurrency (v0.20.0)")
def replicas(doc: Document, ctx: Context) -> Iterator[Hit]:
    for component in ("predictor", "transformer", "explainer") if _isvc(doc) else ():
        spec = dig(doc.obj, "spec", component)
        if not isinstance(spec, dict):
            continue
        low, high = spec.get("minReplicas", 1), spec.get("maxReplicas", 0)
        at = f"spec.{component}"
        if isinstance(low, int) and low < 0:
            yield Hit(f"{at}.minReplicas", f"minReplicas {low} is negative")
        if isinstance(high, int) and high < 0:
            yield Hit(f"{at}.maxReplicas", f"maxReplicas {high} is negative")
        elif isinstance(low, int) and isinstance(high, int) and high and low > high:
            yield Hit(f"{at}.minReplicas", f"minReplicas {low} is more than maxReplicas {high}")
        concurrency = spec.get("containerConcurrency")
        if isinstance(concurrency, int) and concurrency < 0:
            yield Hit(f"{at}.containerConcurrency", f"containerConcurrency {concurrency} is negative")
