"""Where pods land: tolerations and GPUs (count, resource, product, node selector, runtime class).

Kept apart from the container settings (pod.py): the GPU block brings its own tolerations.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.declare.convert import Pairs
from generator.declare.field import DEFAULT, block, knob
from generator.declare.parts import dns_label, enum, integer, string, string_list, string_map

DEFAULT_GPU_RESOURCE = "nvidia.com/gpu"
GPU_PRODUCT_LABEL = "nvidia.com/gpu.product"


@dataclass(frozen=True)
class Toleration:
    key: str = knob(string("Taint key to tolerate."), "")
    operator: str = knob(enum("How the key is matched.", ["Exists", "Equal"], default=DEFAULT), "Exists")
    value: str | None = knob(string("Taint value (operator Equal)."), None)
    effect: str | None = knob(enum("Taint effect to tolerate; empty tolerates all.",
                                   ["NoSchedule", "PreferNoSchedule", "NoExecute"]), None)
    toleration_seconds: int | None = knob(integer("Seconds a NoExecute taint is tolerated."), None)


TOLERATION = block(Toleration, "A Kubernetes toleration.")
DEFAULT_GPU_TOLERATIONS = (Toleration(key="nvidia.com/gpu", operator="Exists", effect="NoSchedule"),)


@dataclass(frozen=True)
class Gpu:
    count: int = knob(integer("GPUs (or MIG slices) per pod.", 1, 16, examples=[1],
                              **{"x-hint": "a whole number of GPUs of at least 1; omit the gpu block for CPU models"}))
    resource: str = knob(string("Extended resource name: nvidia.com/gpu, or a MIG profile such as "
                                "nvidia.com/mig-1g.10gb.", pattern=r"^[a-z0-9.-]+/[a-z0-9.-]+$", default=DEFAULT,
                                examples=["nvidia.com/gpu", "nvidia.com/mig-1g.10gb"],
                                **{"x-expected": "an extended resource name such as nvidia.com/gpu"}),
                         DEFAULT_GPU_RESOURCE)
    product: str | None = knob(string("GPU product label value → nodeSelector nvidia.com/gpu.product.",
                                      examples=["NVIDIA-A100-SXM4-80GB"]), None)
    node_selector: Pairs = knob(string_map("Extra node labels required, e.g. node-type: gpu.",
                                           examples=[{"node-type": "gpu"}]), ())
    tolerations: tuple[Toleration, ...] = knob(string_list(
        "Tolerations; default tolerates the nvidia.com/gpu NoSchedule taint.", TOLERATION, default=DEFAULT),
        DEFAULT_GPU_TOLERATIONS)
    runtime_class_name: str | None = knob(dns_label("RuntimeClass, e.g. nvidia on k3s with the NVIDIA container "
                                                    "toolkit.", 253, examples=["nvidia"]), None,
                                          values="runtimeClassName",
                                          doc="RuntimeClass, e.g. nvidia for the NVIDIA container runtime; "
                                              "empty for the default.")
