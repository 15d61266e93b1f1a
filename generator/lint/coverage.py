"""Coverage of upstream admission validation: each function that touches a field infergen can
emit, and the rule that ports it or why it does not apply. Rendered into docs/rules.md.

A row is (repository path at tag, function, status): status is a rule id (or several, comma
separated) when implemented, or text starting ``n/a:`` / ``not implemented:`` with the reason.
"""

from __future__ import annotations

K8S = "kubernetes/kubernetes@v1.34.1 pkg/apis/core/validation/validation.go"
APPS = "kubernetes/kubernetes pkg/apis/apps/validation/validation.go (not verified at a tag)"
AUTOSCALING = "kubernetes/kubernetes pkg/apis/autoscaling/validation/validation.go (not verified at a tag)"
POLICY = "kubernetes/kubernetes pkg/apis/policy/validation/validation.go (not verified at a tag)"
NETWORKING = "kubernetes/kubernetes pkg/apis/networking/validation/validation.go (not verified at a tag)"
META = "kubernetes/apimachinery@v0.34.0 pkg/api/validation/objectmeta.go, pkg/apis/meta/v1/validation"
KN = "knative/serving@knative-v1.23.0 pkg/apis/serving/k8s_validation.go"
KN_V1 = "knative/serving@knative-v1.23.0 pkg/apis/serving/v1"
KN_AS = "knative/serving@knative-v1.23.0 pkg/apis/autoscaling/annotation_validation.go"
KS = "kserve/kserve@v0.20.0 pkg/apis/serving/v1beta1/inference_service_validation.go"
KEDA_SO = "kedacore/keda@v2.20.2 apis/keda/v1alpha1"

COVERAGE: tuple[tuple[str, str, str], ...] = (
    (META, "ValidateObjectMeta (name, generateName)", "object-name"),
    (META, "ValidateLabels, ValidateLabelSelector", "label-syntax"),
    (META, "ValidateAnnotations (keys)", "annotation-key"),
    (META, "ValidateAnnotations (total size 256 KiB)", "n/a: infergen writes a handful of short annotations"),
    (K8S, "ValidateServiceName, ValidateNamespaceName", "object-name"),
    (K8S, "ValidatePodSpec (nodeSelector labels: ValidateLabels)", "label-syntax"),
    (K8S, "ValidateVolumes", "volume-name"),
    (K8S, "validateVolumeSource (PVC, ConfigMap, Secret references)", "volume-ref-missing, schema"),
    (K8S, "validateContainerCommon, validateContainers, validateInitContainers (names, uniqueness)", "container-name"),
    (K8S, "validateContainerPorts", "container-port"),
    (K8S, "ValidateEnv, validateEnvVarValueFrom", "env-name, volume-ref-missing"),
    (K8S, "ValidateEnvFrom (prefix)", "n/a: infergen writes no envFrom prefix"),
    (K8S, "ValidateVolumeMounts, validateLocalDescendingPath", "volume-mount"),
    (K8S, "validateProbe, validateLivenessProbe, validateReadinessProbe, validateStartupProbe",
     "probe-fields"),
    (K8S, "validateHandler, validateHTTPGetAction, validateTCPSocketAction, validateGRPCAction, "
     "ValidatePortNumOrName (ports)", "probe-fields, probe-port"),
    (K8S, "ValidateContainerResourceRequirements, validateResourceRequirements, ValidateResourceQuantityValue",
     "resource-quantity, resource-unitless, resource-request-over-limit, gpu-request-limit"),
    (K8S, "validateContainerResourceName (extended resources)", "resource-quantity, gpu-request-limit"),
    (K8S, "validatePullPolicy, validateRestartPolicy, validateDNSPolicy", "schema (enums of the strict schema)"),
    (K8S, "validatePodSpecSecurityContext, ValidateSecurityContext",
     "pod-security-restricted (infergen writes fixed, valid values)"),
    (K8S, "ValidateRuntimeClassName, ValidateServiceAccountName (pod), validateImagePullSecrets",
     "catalog schema (DNS names of gpu.runtimeClassName, serviceAccount.name, image.pullSecrets)"),
    (K8S, "ValidateTolerations", "not implemented: catalog tolerations pass through; operator/effect enums "
     "are checked by the schema only"),
    (K8S, "validateAffinity", "not implemented: catalog affinity passes through; the schema checks its shape"),
    (K8S, "ValidatePodTemplateSpec", "label-syntax, annotation-key"),
    (K8S, "ValidateServiceCreate, validateService, validateServicePort (names, numbers, targetPort, nodePort)",
     "service-port"),
    (K8S, "validateService (selector labels)", "label-syntax"),
    (K8S, "ValidateServiceAccount", "object-name"),
    (K8S, "ValidatePersistentVolumeClaim", "resource-quantity (storage request); accessModes: schema"),
    (APPS, "ValidateDeploymentSpec, ValidateStatefulSetSpec (selector vs template, replicas)", "workload-spec"),
    (APPS, "ValidateRollingUpdateDeployment", "workload-spec"),
    (AUTOSCALING, "validateHorizontalPodAutoscalerSpec (minReplicas, maxReplicas)", "hpa-min-max"),
    (AUTOSCALING, "ValidateCrossVersionObjectReference (scaleTargetRef)", "hpa-target-missing"),
    (AUTOSCALING, "validateMetrics, validateMetricTarget", "hpa-behavior"),
    (AUTOSCALING, "validateBehavior, validateScalingRules, validateScalingPolicy", "hpa-behavior"),
    (POLICY, "ValidatePodDisruptionBudgetSpec", "pdb-fields, pdb-selector-no-match"),
    (NETWORKING, "validateIngressRules, validateHTTPIngressPath", "ingress-path"),
    (NETWORKING, "validateIngressBackend", "ingress-backend"),
    (NETWORKING, "validateIngressTLS", "not implemented: hosts are checked by the catalog schema"),
    (NETWORKING, "ValidateNetworkPolicySpec (peers, ports)", "networkpolicy-selector-no-match, label-syntax "
     "(podSelector); peer selectors: not implemented"),
    (KN, "ValidatePodSpec (feature-flagged fields)", "knative-feature-flag"),
    (KN, "validateContainersPorts, validateContainerPorts", "knative-ports"),
    (KN, "validateContainerPortBasic (reservedPorts)", "knative-reserved-port"),
    (KN, "validateEnvVar (reservedEnvVars), validate (reservedContainerNames)", "knative-reserved-env"),
    (KN, "validate (image reference)", "image-reference"),
    (KN, "validateVolumeMounts (readOnly, reservedPaths)", "knative-volume-mount"),
    (KN, "validateReadinessProbe, validateProbe (port must match the serving port)", "probe-port"),
    (KN, "ValidatePodSecurityContext, validateSecurityContext", "n/a: infergen writes fixed, allowed values"),
    (KN, "validateResources", "n/a: infergen writes only requests/limits"),
    (KN_V1 + "/revision_validation.go", "validateTimeoutSeconds", "knative-timeout"),
    (KN_V1 + "/revision_validation.go", "validateQueueSidecarResourceAnnotations",
     "n/a: infergen writes no queue sidecar annotations"),
    (KN_V1 + "/revision_validation.go", "validateRevisionName", "kserve-name (the revision KServe derives), "
     "knative-revision-name"),
    (KN_V1 + "/route_validation.go", "validateTrafficList, TrafficTarget.Validate (validateLatestRevision, "
     "validateTrafficPercentage)", "knative-traffic"),
    (KN_V1 + "/revision_validation.go", "RevisionTemplateSpec.VerifyNameChange",
     "n/a: update-time; infergen names revisions by a hash of the template, so the name changes with it"),
    ("knative/serving@knative-v1.23.0 pkg/apis/serving/metadata_validation.go", "ValidateContainerConcurrency",
     "catalog schema (0..1000, the default max-revision-container-concurrency)"),
    ("knative/serving@knative-v1.23.0 pkg/apis/serving/metadata_validation.go", "ValidateObjectMetadata",
     "object-name, annotation-key, knative-annotation-placement"),
    ("knative/serving@knative-v1.23.0 pkg/apis/serving/metadata_validation.go",
     "ValidateRolloutDurationAnnotation", "n/a: infergen writes no rollout-duration annotation"),
    (KN_AS, "ValidateAnnotations and helpers", "knative-autoscaling-annotation, knative-initial-scale-zero"),
    ("knative/serving@knative-v1.23.0 pkg/apis/serving/metadata_validation.go",
     "ValidateHasNoAutoscalingAnnotation", "knative-annotation-placement"),
    (KS, "validateInferenceServiceName", "kserve-name"),
    (KS, "validateInferenceServiceAutoscaler, validateAutoScalingCompExtension, "
     "validateScalingHPACompExtension, validateScalingKPACompExtension", "kserve-autoscaling"),
    (KS, "validateScalingKedaCompExtension, validateScaleTarget", "kserve-keda-metrics"),
    ("kserve/kserve@v0.20.0 pkg/controller/v1beta1/inferenceservice/reconcilers/hpa/hpa_reconciler.go",
     "shouldCreateHPA (autoscalerClass hpa, or keda's own ScaledObject, on <name>-predictor)", "keda-hpa-conflict"),
    (KEDA_SO + "/scaledobject_types.go", "CheckReplicaCountBoundsAreValid; the ScaledObjectSpec XValidation rule",
     "keda-replica-bounds"),
    (KEDA_SO + "/scaledobject_types.go", "CheckFallbackValid", "keda-fallback"),
    (KEDA_SO + "/scaletriggers_types.go", "ValidateTriggers", "keda-triggers"),
    (KEDA_SO + "/scaledobject_webhook.go", "verifyName, getHpaName", "keda-name-length"),
    (KEDA_SO + "/scaledobject_webhook.go", "verifyHpas, verifyScaledObjects (target conflicts)", "keda-hpa-conflict"),
    (KEDA_SO + "/scaledobject_webhook.go", "verifyScaledObjects (pollingInterval/cooldownPeriod warnings)",
     "not implemented: warnings only; the catalog check warns (generator/catalog/checks/keda.py)"),
    (KEDA_SO + "/scaledobject_webhook.go", "verifyCPUMemoryScalers (resource requests for cpu/memory triggers)",
     "n/a: infergen's catalog offers no cpu or memory triggers"),
    (KEDA_SO + "/scaledobject_webhook.go", "ValidateAndCompileScalingModifiers",
     "not implemented: infergen writes no scalingModifiers"),
    (KS, "validateBlockedEnvVars", "kserve-blocked-env"),
    ("kserve/kserve@v0.20.0 pkg/apis/serving/v1beta1/component.go",
     "ComponentExtensionSpec.Validate (validateReplicas, validateContainerConcurrency)", "kserve-replicas"),
    ("kserve/kserve@v0.20.0 pkg/apis/serving/v1beta1/component.go", "validateLogger, validateStorageSpec",
     "n/a: infergen writes no logger or storage spec"),
    (KS, "validateMultiNodeVariables", "n/a: infergen emits no workerSpec"),
    (KS, "validateCollocationStorageURI", "n/a: infergen emits no transformer container"),
    (KS, "validatePredictor (name in standard predictors)", "n/a: infergen writes no predictor name"),
    (KS, "validateMultipleStorageURIs", "n/a: infergen writes storageUri only"),
    (KS, "validateConfidential", "n/a: infergen writes no confidential-computing fields"),
    (KS, "validateExactlyOneImplementation", "kserve-legacy-predictor (infergen writes model only)"),
    (KS, "validateCanarySpecs", "kserve-canary, catalog (rollout: mode, version, replicas)"),
    (KS, "validateDeploymentMode (update)", "n/a: update-time; infergen's mode-change stage refuses mode changes"),
    ("kserve/kserve@v0.20.0 pkg/controller/v1beta1/inferenceservice/utils/utils.go", "ValidateStorageURI",
     "kserve-storage-uri"),
    ("kserve/kserve@v0.20.0 pkg/apis/serving/v1beta1/predictor_model.go", "runtime selection",
     "kserve-runtime"),
    ("kserve/kserve@v0.20.0 pkg/controller/.../ingress/domain.go", "GenerateDomainName", "kserve-name"),
    ("kserve/kserve@v0.20.0 pkg/webhook/admission/pod/storage_initializer_injector.go", "pvc:// volumes",
     "kserve-pvc-rwo"),
    ("distribution/reference@v0.6.0 regexp.go", "ReferenceRegexp, ParseNormalizedNamed", "image-reference"),
    ("NVIDIA/mig-parted examples/config.yaml", "MIG profiles per product", "gpu-mig-profile"),
    ("NVIDIA GPU Operator time-slicing", "nvidia.com/gpu.shared requests (renameByDefault)", "gpu-shared-count"),
    ("NVIDIA GPU Operator time-slicing", "time-sliced nvidia.com/gpu without renameByDefault",
     "not implemented: indistinguishable from a whole GPU without the cluster's sharing config"),
    ("kubernetes-sigs/gateway-api@v1.6.1 apis/v1/shared_types.go", "BackendRef.Weight (proportional, 0 sends "
     "nothing)", "httproute-weights"),
    ("NetworkPolicy semantics", "Ingress controller → pods", "networkpolicy-ingress-controller"),
    ("NetworkPolicy semantics", "NodePort/LoadBalancer → pods", "not implemented: admitting node or client "
     "addresses needs the cluster's CIDRs"),
    ("Kubernetes Secrets good practices", "literal credentials in env, args, command", "secret-literal"),
)
