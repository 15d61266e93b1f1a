"""KServe admission and naming facts.

Origins (kserve/kserve at v0.20.0):
- pkg/apis/serving/v1beta1/inference_service_validation.go: IsvcNameFmt and
  validateInferenceServiceName, validateInferenceServiceAutoscaler, validateBlockedEnvVars
  (with pkg/validation/env_policy.go DefaultBlockedEnvVars), validateScalingHPACompExtension,
  validateScalingKPACompExtension;
- pkg/constants/constants.go: AutoscalerAllowedClassList, AutoscalerAllowedHPAMetricsList,
  AutoscalerAllowedKPAMetricsList, PredictorServiceName, the deploymentMode values;
- pkg/controller/v1beta1/inferenceservice/reconcilers/ingress/domain.go GenerateDomainName
  with config/configmap/inferenceservice.yaml's default domainTemplate
  ``{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}`` (each label must be a DNS-1123 label);
- pkg/controller/v1beta1/inferenceservice/utils/utils.go SupportedStorageURIPrefixList;
- pkg/apis/serving/v1alpha1/servingruntime_types.go IsProtocolVersionSupported and
  pkg/apis/serving/v1beta1/predictor_model.go runtime selection (autoSelect formats).
"""

from __future__ import annotations

import re

from generator.lint.config import version_key
from generator.lint.facts.kserve_runtimes import RUNTIMES

NAME = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
BLOCKED_ENV = frozenset({"PYTHONPATH"})
AUTOSCALER_CLASSES = ("hpa", "external", "keda", "none")
HPA_METRICS = ("cpu", "memory")
KPA_METRICS = ("concurrency", "rps")
KNATIVE_MODES = ("Knative", "Serverless")
STORAGE_PREFIXES = ("gs://", "s3://", "pvc://", "file://", "https://", "http://", "hdfs://", "webhdfs://",
                    "oci://", "oci+native://", "hf://")
LABEL_MAX = 63


def derived_names(name: str, namespace: str, mode: str) -> list[tuple[str, str]]:
    """(what, DNS label) KServe creates for the predictor in ``mode``; each must fit 63."""
    predictor = f"{name}-predictor"
    names = [("top-level host label", f"{name}-{namespace}")]
    if mode in KNATIVE_MODES:
        names += [("Knative Service", predictor), ("first Revision", f"{predictor}-00001")]
    else:
        names += [("predictor Service", predictor), ("predictor host label", f"{predictor}-{namespace}")]
    return names


def runtimes(kserve_version: str) -> dict[str, tuple[tuple[tuple[str, bool], ...], tuple[str, ...]]]:
    """The runtimes of the newest table not newer than ``kserve_version`` (oldest if older)."""
    wanted = version_key(kserve_version)
    chosen = min(RUNTIMES)
    for version in RUNTIMES:
        if version_key(version) <= wanted:
            chosen = max(chosen, version, key=version_key)
    return RUNTIMES[chosen]


def runtime_problem(kserve_version: str, fmt: str, runtime: str | None, protocol: str | None) -> str | None:
    """Why no shipped runtime serves ``fmt`` over ``protocol`` (None when one does).

    A runtime not shipped by KServe is assumed to be the user's own and is not judged.
    """
    table = runtimes(kserve_version)
    if runtime is not None:
        if runtime not in table:
            return None
        formats, protocols = table[runtime]
        if fmt not in {f for f, _ in formats}:
            return f"runtime {runtime} does not serve model format {fmt!r} (it serves " \
                   f"{', '.join(sorted({f for f, _ in formats}))})"
        if protocol and protocols and protocol not in protocols:
            return f"runtime {runtime} does not speak protocolVersion {protocol} (it speaks {', '.join(protocols)})"
        return None
    for formats, protocols in table.values():
        if (fmt, True) in formats and (not protocol or not protocols or protocol in protocols):
            return None
    return f"no runtime KServe {kserve_version} ships auto-selects model format {fmt!r}" + (
        f" with protocolVersion {protocol}" if protocol else "")
