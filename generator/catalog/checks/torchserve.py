"""What KServe's TorchServe runtime needs from the pod: writable paths and room to unpack."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.checks import Issue, model_check
from generator.findings import Severity
from generator.lint.facts.torchserve import IMAGE_TEMP, missing_writable, served_by_torchserve
from generator.spec import Catalog, Model


@model_check
def runtime_paths(model: Model, _: Catalog) -> Iterator[Issue]:
    if model.serving != "kserve" or not served_by_torchserve(model) or not model.security.read_only_root_filesystem:
        return
    for path, why in missing_writable(model, model.security.writable_paths).items():
        yield Issue(("security", "writablePaths"), f"{path} is not writable under the read-only root ({why})",
                    f"add {path} to security.writablePaths")
    ks = model.kserve
    if ks is not None and not ks.unpacked_size:
        yield Issue(("kserve", "unpackedSize"), f"{IMAGE_TEMP} gets the generic 1Gi emptyDir, which a larger "
                    "archive overflows while TorchServe unpacks it",
                    "set kserve.unpackedSize to the archive's unpacked size (infergen package reports it)",
                    severity=Severity.WARNING)
