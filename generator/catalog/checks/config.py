"""Checks on the ConfigMaps a model declares."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.catalog import modes
from generator.catalog.checks import Issue, catalog_check, model_check
from generator.findings import Severity
from generator.spec import Catalog, Model

# envFrom keys that are not C identifiers: kubelets without RelaxedEnvironmentVariableValidation
# skip them with an InvalidEnvironmentVariableNames event (kubernetes pkg/kubelet/kubelet_pods.go,
# makeEnvironmentVariables), and most programs could not read them anyway.
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@model_check
def config_maps(model: Model, _: Catalog) -> Iterator[Issue]:
    if model.config_maps and not modes.of(model).owns_workload:
        owners = ", ".join(m.name for m in modes.modes() if m.owns_workload)
        yield Issue(("configMaps",), f"configMaps apply to serving: {owners} only",
                    "reference an existing ConfigMap with env: {NAME: {configMapKeyRef: ...}}")
    names: set[str] = set()
    mounts = {m.mount_path for m in model.mounts} | set(model.security.writable_paths)
    for i, cm in enumerate(model.config_maps):
        if cm.name in names:
            yield Issue(("configMaps", i, "name"), f"ConfigMap {cm.name!r} is declared twice", "merge the two")
        names.add(cm.name)
        if not cm.mount_path and not cm.env_from:
            yield Issue(("configMaps", i), f"ConfigMap {cm.name!r} is neither mounted nor read as env",
                        "set mountPath or envFrom: true")
        if cm.mount_path in mounts:
            yield Issue(("configMaps", i, "mountPath"), f"{cm.mount_path} is already a mount path",
                        "pick another directory")
        if cm.mount_path:  # kubernetes validateVolumeMounts: every mountPath of a container is unique
            mounts.add(cm.mount_path)
        if cm.env_from:
            for key, _value in cm.data:
                if not _ENV_NAME.match(key):
                    yield Issue(("configMaps", i, "data", key), f"key {key!r} is not a usable environment "
                                "variable name", "use letters, digits and '_' or mount it as a file",
                                severity=Severity.WARNING)


@catalog_check
def unique_config_maps(catalog: Catalog) -> Iterator[Issue]:
    seen: dict[tuple[str, str], str] = {}
    for index, model in enumerate(catalog.models):
        for i, cm in enumerate(model.config_maps):
            key = (model.namespace, cm.name)
            if key in seen and seen[key] != model.name:
                yield Issue(("configMaps", i, "name"), f"ConfigMap {cm.name!r} is already created by {seen[key]} "
                            f"in {model.namespace}", "one model owns each ConfigMap; rename it", model=index)
            seen.setdefault(key, model.name)
