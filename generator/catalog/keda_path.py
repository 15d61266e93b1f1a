"""Which object carries a KServe model's KEDA scaling: KServe's own ScaledObject, or the chart's.

KServe creates the ScaledObject itself for ``serving.kserve.io/autoscalerClass: keda`` since
v0.15 (kserve/kserve pkg/constants/constants.go AutoscalerClassKeda, v0.15.0), but only from
``spec.predictor.autoScaling.metrics`` External entries: backend, serverAddress, query,
threshold (target.value) and an authenticationRef name, nothing else of the ScaledObject
(pkg/controller/v1beta1/inferenceservice/reconcilers/keda/keda_reconciler.go getKedaMetrics and
createKedaScaledObject, v0.20.0). Anything more, or an older KServe, gets the chart's own
ScaledObject on the ``<name>-predictor`` Deployment with autoscalerClass ``external``, for which
KServe creates no HPA and leaves the Deployment's replicas alone
(reconcilers/hpa/hpa_reconciler.go shouldCreateHPA, reconcilers/deployment/deployment_reconciler.go,
v0.20.0).
"""

from __future__ import annotations

from generator.lint.config import version_key
from generator.spec import Keda, Model

NATIVE_SINCE = (0, 15)
AUTH_SINCE = (0, 16)  # external.authenticationRef first appears in the v0.16.0 InferenceService CRD


def expressible(keda: Keda, kserve_version: str) -> bool:
    """Whether that KServe's ``autoScaling.metrics`` can say everything ``keda`` asks for."""
    version = version_key(kserve_version)
    timing = (keda.polling_interval, keda.cooldown_period, keda.initial_cooldown_period, keda.idle_replicas)
    return version >= NATIVE_SINCE and all(t is None for t in timing) and all(
        t.type == "prometheus" and t.name is None and t.activation_threshold is None
        and (t.authentication_ref is None
             or (t.authentication_ref.kind == "TriggerAuthentication" and version >= AUTH_SINCE))
        for t in keda.triggers)


def kserve_native(model: Model) -> bool:
    """True: KServe creates the ScaledObject (autoscalerClass keda); False: the chart renders it."""
    keda = model.scaling.keda
    return keda is not None and model.serving == "kserve" and expressible(keda, model.cluster.kserve_version)
