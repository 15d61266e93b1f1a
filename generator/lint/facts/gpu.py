"""NVIDIA MIG profiles by GPU product (the nvidia.com/gpu.product node label).

Origin: NVIDIA/mig-parted@v0.15.0 deployments/systemd/config-default.yaml (the ``all-<profile>``
entries and their device-filter comments: A100-40GB, A100/H100-80GB, A30-24GB, H100 NVL,
H200-141GB), cross-checked for A30 and A100 against the MIG user guide page
docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-mig-profiles.html. Not verified: the
product label strings (the GPU feature discovery ``nvidia.com/gpu.product`` values) and whether
H100 NVL also offers 1g.24gb+me (mig-parted lists it for "H100 NVL, H800 NVL, GH200" without a
device filter). The resource name is ``nvidia.com/mig-<profile>`` under the device plugin's
``mixed`` strategy. Products not listed here are not judged.
"""

from __future__ import annotations

_A100_40 = ("1g.5gb", "1g.5gb+me", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb")
_80 = ("1g.10gb", "1g.10gb+me", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb")
_H100_94 = ("1g.12gb", "1g.12gb+me", "1g.24gb", "2g.24gb", "3g.47gb", "4g.47gb", "7g.94gb")
_H200 = ("1g.18gb", "1g.18gb+me", "1g.35gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb")
_A30 = ("1g.6gb", "1g.6gb+me", "2g.12gb", "2g.12gb+me", "4g.24gb")

# product label prefix → profiles (longest matching prefix wins)
PROFILES: dict[str, tuple[str, ...]] = {
    "NVIDIA-A100-SXM4-40GB": _A100_40, "NVIDIA-A100-PCIE-40GB": _A100_40,
    "NVIDIA-A100-SXM4-80GB": _80, "NVIDIA-A100-80GB-PCIe": _80, "NVIDIA-A100-PCIE-80GB": _80,
    "NVIDIA-H100-80GB-HBM3": _80, "NVIDIA-H100-PCIe": _80, "NVIDIA-H100-SXM5-80GB": _80,
    "NVIDIA-H100-NVL": _H100_94, "NVIDIA-H200": _H200,
    "NVIDIA-A30": _A30,
}
NO_MIG = ("Tesla-T4", "NVIDIA-L4", "NVIDIA-L40", "NVIDIA-A10", "Tesla-V100", "NVIDIA-GeForce", "NVIDIA-RTX")
PREFIX = "nvidia.com/mig-"
SHARED = "nvidia.com/gpu.shared"  # time-slicing with renameByDefault (k8s-device-plugin sharing config)


def profiles(product: str) -> tuple[str, ...] | None:
    """The MIG profiles of ``product``; () for products without MIG; None when unknown."""
    for prefix in sorted(PROFILES, key=len, reverse=True):
        if product.startswith(prefix):
            return PROFILES[prefix]
    if any(product.startswith(p) for p in NO_MIG):
        return ()
    return None
