"""Knative Serving admission facts.

Origins (knative/serving at knative-v1.23.0):
- pkg/apis/serving/k8s_validation.go: reservedEnvVars, reservedPorts (the queue-proxy and
  profiling ports of knative.dev/networking pkg/apis/networking and knative.dev/pkg/profiling),
  reservedContainerNames, reservedPaths, validPortNames, validateContainersPorts,
  validateContainerPorts, validateVolumeMounts;
- pkg/apis/autoscaling/annotation_validation.go: ValidateAnnotations and its helpers, with
  the keys and bounds of pkg/apis/autoscaling/register.go;
- pkg/apis/serving/v1/revision_validation.go: validateTimeoutSeconds;
- pkg/apis/config/defaults.go: DefaultMaxRevisionTimeoutSeconds (600).
"""

from __future__ import annotations

import re

RESERVED_ENV = frozenset({"PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION"})
RESERVED_PORTS = frozenset({8012, 8013, 8022, 9090, 9091, 8008})
RESERVED_CONTAINER_NAMES = frozenset({"queue-proxy"})
RESERVED_PATHS = frozenset({"/", "/dev", "/dev/log"})
PORT_NAMES = frozenset({"", "h2c", "http1"})
G = "autoscaling.knative.dev/"
KPA, HPA = "kpa.autoscaling.knative.dev", "hpa.autoscaling.knative.dev"
WINDOW_MIN, WINDOW_MAX = 6, 3600  # seconds
_DURATION = re.compile(r"([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)")
_UNIT = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
# key priority lists: the first key present wins (kmap.KeyPriority)
ALIASES = {
    "min-scale": ("min-scale", "minScale"), "max-scale": ("max-scale", "maxScale"),
    "initial-scale": ("initial-scale", "initialScale"), "scale-down-delay": ("scale-down-delay", "scaleDownDelay"),
    "panic-window-percentage": ("panic-window-percentage", "panicWindowPercentage"),
    "panic-threshold-percentage": ("panic-threshold-percentage", "panicThresholdPercentage"),
    "target-burst-capacity": ("target-burst-capacity", "targetBurstCapacity"),
    "target-utilization-percentage": ("target-utilization-percentage", "targetUtilizationPercentage"),
    "scale-to-zero-pod-retention-period": ("scale-to-zero-pod-retention-period", "scaleToZeroPodRetentionPeriod"),
    "metric-aggregation-algorithm": ("metric-aggregation-algorithm", "metricAggregationAlgorithm"),
    "class": ("class",), "metric": ("metric",), "target": ("target",), "window": ("window",),
    "activation-scale": ("activation-scale",),
}


def duration(text: str) -> float | None:
    """Go time.ParseDuration, in seconds; None when it would not parse."""
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if body == "0":
        return 0.0
    parts = _DURATION.findall(body)
    if not parts or "".join(n + u for n, u in parts) != body:
        return None
    return sign * sum(float(n) * _UNIT[u] for n, u in parts)


def _get(anns: dict[str, str], name: str) -> tuple[str, str] | None:
    for alias in ALIASES[name]:
        if G + alias in anns:
            return G + alias, str(anns[G + alias])
    return None


def _int(v: str) -> int | None:
    return int(v) if re.fullmatch(r"[+-]?[0-9]+", v) and abs(int(v)) < 2**31 else None


def _float(v: str) -> float | None:
    try:
        return float(v)
    except ValueError:
        return None
