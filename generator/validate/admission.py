"""Admission findings on rendered charts, mapped back to the catalog field that produced them.

``generate`` renders every chart and lints it (the same rules ``lint`` and ``validate`` run);
an error from a rule ported from upstream admission code (a rule with an ``origin``) means the
control plane would reject what the catalog asked for, so it is reported against the catalog
(``catalog.yaml:line:col: models[i].field``, exit 2) instead of the chart it surfaced in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from generator.catalog import locate_environment_issue, locate_issue
from generator.catalog.checks import Issue
from generator.catalog.source import read_source
from generator.findings import Finding, Severity
from generator.lint import RULES
from generator.spec import Catalog

CatalogPath = tuple[str | int, ...]
_CONTAINER = r"(?:spec\.template\.spec\.containers\[0\]|spec\.predictor\.model|spec\.predictor\.containers\[0\])"
_KNATIVE = {"min-scale": ("scaling", "min"), "minScale": ("scaling", "min"), "max-scale": ("scaling", "max"),
            "maxScale": ("scaling", "max")}
# (manifest path pattern, catalog path; "{1}" is the pattern's first group) - first match wins
FIELDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple((re.compile(p), f) for p, f in (
    (rf"{_CONTAINER}\.ports\[(\d+)\]", ("ports", "{1}")),
    (rf"{_CONTAINER}\.env\[", ("env",)),
    (rf"{_CONTAINER}\.image", ("image",)),
    (rf"{_CONTAINER}\.(args|command)\[(\d+)\]", ("{1}",)),
    (rf"{_CONTAINER}\.resources\.\w+\.nvidia\.com/", ("gpu", "resource")),
    (rf"{_CONTAINER}\.resources\.(requests|limits)\.([\w.-]+)", ("resources", "{1}")),
    (rf"{_CONTAINER}\.(liveness|readiness|startup)Probe", ("probes", "{1}")),
    (rf"{_CONTAINER}\.volumeMounts|spec\.template\.spec\.volumes", ("mounts",)),
    (r"labels\.app\.kubernetes\.io/version", ("image", "tag")),
    (r"labels\.", ("labels",)),
    (r"annotations\.autoscaling\.knative\.dev/([\w-]+)", ("knative", "{1}")),
    (r"spec\.template\.spec\.timeoutSeconds", ("knative", "timeoutSeconds")),
    (r"spec\.predictor\.model\.runtime", ("kserve", "runtime")),
    (r"spec\.predictor\.model\.protocolVersion", ("kserve", "protocolVersion")),
    (r"spec\.predictor\.model\.modelFormat", ("kserve", "modelFormat")),
    (r"spec\.predictor\.model\.storageUri", ("kserve", "storageUri")),
    (r"spec\.predictor\.(scaleMetric|scaleTarget|containerConcurrency)", ("kserve", "{1}")),
    (r"spec\.predictor\.(minReplicas|maxReplicas)", ("scaling",)),
    (r"spec\.ports\[(\d+)\]", ("ports", "{1}")),
    (r"spec\.rules\[\d+\]\.http\.paths\[\d+\]\.backend", ("networkPolicy", "allowFrom")),
    (r"spec\.rules\[\d+\]\.http\.paths\[\d+\]\.path", ("ingress", "path")),
    (r"spec\.rules\[\d+\]\.host", ("ingress", "host")),
    (r"spec\.behavior", ("scaling", "behavior")),
    (r"metadata\.name", ("name",)),
))
KIND_FIELDS = {"PodDisruptionBudget": ("disruption",), "Ingress": ("ingress",), "NetworkPolicy": ("networkPolicy",),
               "HorizontalPodAutoscaler": ("scaling",)}


def catalog_field(finding: Finding) -> CatalogPath:
    """The model-relative catalog path behind a finding on a rendered manifest."""
    for pattern, field in FIELDS:
        found = pattern.search(finding.path)
        if found:
            out: list[str | int] = []
            for part in field:
                value = found.expand(part.replace("{1}", r"\1").replace("{2}", r"\2")) if "{" in part else part
                out.append(int(value) if value.isdigit() else _camel(value))
            if out[:1] == ["knative"] and len(out) > 1:
                return _KNATIVE.get(str(out[1]), tuple(out))
            return tuple(out)
    kind = (finding.resource or "").split("/")[0]
    return KIND_FIELDS.get(kind, ())


def _camel(text: str) -> str:
    head, *rest = text.split("-")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def model_of(finding: Finding) -> str | None:
    """``charts/<model>/templates/...`` → ``<model>``."""
    parts = finding.file.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "charts" else None


def rejected(findings: Iterable[Finding]) -> list[Finding]:
    """The errors of rules ported from upstream admission code."""
    return [f for f in findings if f.severity is Severity.ERROR and f.rule in RULES and RULES[f.rule].origin]


def to_catalog(findings: Iterable[Finding], catalog: Catalog, catalog_path: Path) -> list[Finding]:
    """Admission errors on the charts of ``catalog``'s models, located in the catalog file."""
    index = {m.name: i for i, m in enumerate(catalog.models)}
    chosen = [(f, index[name]) for f in rejected(findings) if (name := model_of(f)) in index]
    if not chosen:
        return []
    source = read_source(catalog_path, catalog.path)
    out = []
    for f, i in chosen:
        issue = Issue(catalog_field(f), f"{f.message} [{f.rule}: {f.resource} {f.path}]", RULES[f.rule].fix, i)
        # a chart renders once per environment: blame an environment's override where one set the field
        namespace = (f.resource or "").split("/")[1] if (f.resource or "").count("/") == 2 else None
        overridden = [found for env in catalog.environments if env.catalog.models[i].namespace == namespace
                      if (found := locate_environment_issue(source, issue, env.name)) is not None]
        out.extend(overridden or [locate_issue(source, issue)])
    return sorted(set(out))
