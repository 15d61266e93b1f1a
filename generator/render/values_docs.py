"""One comment per values.yaml knob; values.yaml and values.schema.json both read this.

A knob that renders one catalog field has its comment in that field's declaration (``knob(...,
values=, doc=)`` in ``generator/spec.py``); the table below holds the knobs computed from several.
"""

from __future__ import annotations

from generator import spec as s
from generator.declare.walk import walk

DOCS: dict[str, str] = {
    "nameOverride": "Replaces the chart name in resource names and the app.kubernetes.io/name label.",
    "fullnameOverride": "Replaces the full resource name (release-chart); at most 63 characters.",
    "readinessProbe": "Readiness probe: traffic reaches a pod only once its model is loaded.",
    "livenessProbe": "Liveness probe: restarts a hung server. Leave generous delays for large models.",
    "startupProbe": "Startup probe: holds liveness back while weights load.",
    "resources": "Requests and limits. GPUs appear in both with the same count; the memory limit is always set.",
    "podSecurityContext": "Pod security context; the default meets Pod Security Standards \"restricted\".",
    "securityContext": "Container security context: non-root, no privilege escalation, all capabilities dropped, "
                       "read-only root filesystem.",
    "nodeSelector": "Node labels the pods require (GPU product and node type included).",
    "tolerations": "Taints the pods tolerate (the GPU taint included).",
    "volumes": "Pod volumes: shared model-cache claims and emptyDirs for the paths the server writes.",
    "volumeMounts": "Where the volumes are mounted in the container.",
    "terminationGracePeriodSeconds": "Seconds a pod gets to finish in-flight requests on shutdown.",
    "replicaCount": "Number of pods (no autoscaler owns this workload).",
    "autoscaling": "HorizontalPodAutoscaler (autoscaling/v2). It owns spec.replicas, so the workload omits it.",
    "envFrom": "ConfigMaps read whole as environment variables.",
    "service.ports": "Service ports; targetPort is the container port of the same name.",
    "networkPolicy.ingress": "Allowed sources and ports (Kubernetes NetworkPolicyIngressRule list).",
    "kong.keyAuth": "key-auth plugin settings.",
    "claims": "PersistentVolumeClaims shared by the models of this namespace.",
    "test": "helm test hook pod that calls the health endpoint.",
    "test.image": "Image of the test pod (needs curl).",
}
DOCS.update((d.values, d.doc) for _path, d in walk(s.Model) if d.values and d.doc)
