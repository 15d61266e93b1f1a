"""Secure-by-default checks: memory limits, and warnings for each security opt-out.

Opt-outs that show up in the rendered pod spec (allowRoot, allowPrivilegeEscalation,
capabilitiesAdd) are also reported by the manifest rule ``pod-security-restricted``;
the ones below leave no trace a manifest rule could judge, so the catalog reports them.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import modes
from generator.catalog.checks import Issue, model_check
from generator.findings import Severity
from generator.spec import Catalog, Model

W = Severity.WARNING


@model_check
def memory_limit(model: Model, _: Catalog) -> Iterator[Issue]:
    resources = dict(model.resources.limits) | dict(model.resources.requests)
    if "memory" not in resources:
        yield Issue(("resources",), "no memory limit: one leaking or oversized model could exhaust the node",
                    "set resources.limits.memory (or requests.memory, which then becomes the limit too)")


@model_check
def security_opt_outs(model: Model, _: Catalog) -> Iterator[Issue]:
    sec = model.security
    if not sec.read_only_root_filesystem:
        yield Issue(("security", "readOnlyRootFilesystem"), "opt-out: the root filesystem is writable",
                    "keep it read-only and list the paths the server writes in security.writablePaths",
                    severity=W)
    if sec.allow_root:
        yield Issue(("security", "allowRoot"), "opt-out: the container may run as root",
                    "use an image that runs as a non-root user", severity=W)
    if sec.allow_privilege_escalation:
        yield Issue(("security", "allowPrivilegeEscalation"), "opt-out: privilege escalation is allowed",
                    "remove allowPrivilegeEscalation unless the server needs setuid binaries", severity=W)
    if sec.capabilities_add:
        yield Issue(("security", "capabilitiesAdd"), "opt-out: capabilities added back: "
                    + ", ".join(sec.capabilities_add), "bind ports above 1024 instead of adding capabilities",
                    severity=W)
    if not model.network_policy.enabled and modes.of(model).owns_workload:
        yield Issue(("networkPolicy", "enabled"),
                    "opt-out: no NetworkPolicy, every pod in the cluster can reach this model",
                    "keep the NetworkPolicy and list the callers in networkPolicy.allowFrom",
                    severity=W)
    if model.service_account.automount_token:
        yield Issue(("serviceAccount", "automountToken"), "opt-out: the Kubernetes API token is mounted into "
                    "the pod", "mount it only if the server calls the Kubernetes API", severity=W)
