"""Facts of a pod template: what a model's pods ask the scheduler and kubelet for."""

from __future__ import annotations

from typing import Any

Value = str | tuple[str, ...]
Facts = dict[str, Value]

GPU_PRODUCT_LABEL = "nvidia.com/gpu.product"  # NVIDIA GPU feature discovery's node label


def pod_facts(spec: dict[str, Any], out: Facts, suffix: str) -> None:
    """Image, GPUs and their product, runtime class, the main container's CPU and memory, PVCs."""
    containers = [c for c in spec.get("containers") or () if isinstance(c, dict)]
    if containers and containers[0].get("image"):
        out[f"image{suffix}"] = str(containers[0]["image"])
    gpus: dict[str, int] = {}
    for container in containers:
        for name, count in (get(container, "resources", "limits") or {}).items():
            if "gpu" in name or "/mig-" in name:
                gpus[name] = gpus.get(name, 0) + _count(count)
    if gpus:
        out[f"GPU{suffix}"] = ", ".join(f"{n} × {name}" for name, n in sorted(gpus.items()))
    product = (spec.get("nodeSelector") or {}).get(GPU_PRODUCT_LABEL)
    if product:
        out[f"GPU product{suffix}"] = str(product)
    if spec.get("runtimeClassName"):
        out[f"runtime class{suffix}"] = str(spec["runtimeClassName"])
    main = containers[0].get("resources") or {} if containers else {}
    for fact, part, key in (("CPU request", "requests", "cpu"), ("CPU limit", "limits", "cpu"),
                            ("memory request", "requests", "memory"), ("memory limit", "limits", "memory")):
        value = (main.get(part) or {}).get(key)
        if value is not None:
            out[f"{fact}{suffix}"] = str(value)
    claims = sorted({str(v["persistentVolumeClaim"]["claimName"]) for v in spec.get("volumes") or ()
                     if isinstance(v, dict) and isinstance(v.get("persistentVolumeClaim"), dict)})
    if claims:
        out[f"PVCs{suffix}"] = tuple(claims)


def _count(value: Any) -> int:
    """An extended resource is a whole number (the API server refuses fractions); 0 for anything else."""
    text = str(value)
    return int(text) if text.isdigit() else 0


def get(doc: Any, *path: str) -> Any:
    """``doc[path[0]][path[1]]...``, or None where a level is missing or not a mapping."""
    for key in path:
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc
