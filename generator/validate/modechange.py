"""Detect a KServe deploymentMode change against the previously generated chart.

KServe rejects changing ``serving.kserve.io/deploymentMode`` on an existing InferenceService,
so a sync would fail forever. Each KServe chart records the mode it was generated with in its
Chart.yaml; generate compares the catalog with that record before it writes anything.
"""

from __future__ import annotations

from pathlib import Path

from generator import spec as s
from generator.findings import Finding, Severity
from generator.lint.yamlio import load_one
from generator.render.modes.kserve import MODE_ANNOTATION


def previous_mode(root: Path, name: str) -> str | None:
    """The deploymentMode recorded in ``charts/<name>/Chart.yaml``, None without one."""
    path = root / "charts" / name / "Chart.yaml"
    try:
        data = load_one(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    annotations = data.get("annotations") if isinstance(data, dict) else None
    value = annotations.get(MODE_ANNOTATION) if isinstance(annotations, dict) else None
    return str(value) if value is not None else None


def mode_changes(catalog: s.Catalog, root: Path) -> list[Finding]:
    """An error per KServe model whose mode changed (a warning when argocd.replace is set)."""
    findings = []
    for index, model in enumerate(catalog.models):
        if model.serving != "kserve" or model.kserve is None:
            continue
        before, now = previous_mode(root, model.name), model.kserve.deployment_mode
        if before is None or before == now:
            continue
        replace = model.argocd.replace
        findings.append(Finding(
            file=model.location.file, line=model.location.line, column=model.location.column,
            path=f"models[{index}].kserve.deploymentMode", rule="kserve-mode-change",
            severity=Severity.WARNING if replace else Severity.ERROR,
            message=f"deploymentMode changes from {before} to {now}; KServe rejects that on an existing "
                    "InferenceService" + (" (Argo CD will replace it: argocd.replace is set)" if replace else ""),
            hint="remove argocd.replace again once synced" if replace else
                 "rename the model (a new InferenceService), or set argocd.replace: true so that Argo CD "
                 "deletes and recreates it"))
    return findings
