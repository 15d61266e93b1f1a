"""``infergen explain MODEL``: every resource a model produces, and the catalog fields behind it.

The resources are the model's chart rendered by Helm (as Argo CD would) plus its Argo CD
Application. The reasons come from :data:`WHY`: for each chart template, the condition under
which the serving mode's plan (``generator/render/modes/*.py``) includes it and the catalog
fields it is rendered from. A template not listed there is reported with its mode module.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import spec as s
from generator.catalog import load_catalog, modes
from generator.catalog.environments import require_environment
from generator.render.generate import generate
from generator.validate.manifests import Resource, render_tree

POD_FIELDS = modes.POD_FIELDS


@dataclass(frozen=True)
class Why:
    """Why a template exists (a condition on the model) and the catalog fields it renders."""

    reason: Callable[[s.Model], str]
    fields: tuple[str, ...]


def _always(text: str) -> Callable[[s.Model], str]:
    return lambda _m: text


# template path (under the chart's templates/) → why; tests/docs/test_explain_fields.py checks the fields and
# templates named here exist and that every model field is explained (or listed as not rendered).
WHY: dict[str, Why] = {
    "workload.yaml": Why(lambda m: f"serving: {m.serving} with workload: {m.workload}",
                         ("serving", "workload", "scaling.replicas", *POD_FIELDS)),
    "service.yaml": Why(_always("every model with ports gets a Service (named ports → targetPort)"),
                        ("ports", "service.type", "service.annotations", "service.loadBalancerSourceRanges",
                         "service.externalTrafficPolicy", "kong")),
    "service.yaml#headless": Why(lambda m: "workload: StatefulSet" if m.workload == "StatefulSet"
                                 else "service.headless: true", ("service.headless", "workload", "ports")),
    "service.yaml#nodeport": Why(_always("service.nodePorts with service.type ClusterIP adds a NodePort "
                                         "Service"), ("service.nodePorts", "service.externalTrafficPolicy", "ports")),
    "configmap.yaml": Why(_always("configMaps is set: the chart creates them; the pod template's checksum/config "
                                  "annotation rolls the pods when they change"), ("configMaps",)),
    "kong.yaml#cors": Why(_always("kong.cors is set"), ("kong.cors",)),
    "serviceaccount.yaml": Why(_always("serviceAccount.create (default true): a dedicated pod identity"),
                               ("serviceAccount",)),
    "hpa.yaml": Why(lambda m: f"scaling.max is set ({m.scaling.floor}..{m.scaling.ceiling} pods): an HPA "
                    "owns the replica count", ("scaling.min", "scaling.max", "scaling.cpuUtilization",
                                          "scaling.memoryUtilization", "scaling.behavior")),
    "scaledobject.yaml": Why(lambda m: f"scaling.keda is set ({m.scaling.floor}..{m.scaling.ceiling} pods): a KEDA "
                             "ScaledObject owns the replica count, no HPA", ("scaling.min", "scaling.max",
                                                                              "scaling.keda")),
    "pdb.yaml": Why(_always("disruption is set"), ("disruption",)),
    "ingress.yaml": Why(_always("ingress is set"), ("ingress",)),
    "kong.yaml#key-auth": Why(_always("kong.keyAuth: true"), ("kong.keyAuth", "kong.keyNames",
                                                            "kong.hideCredentials")),
    "kong.yaml#rate-limit": Why(_always("kong.rateLimit is set"), ("kong.rateLimit",)),
    "kong.yaml#consumer": Why(_always("kong.consumers lists it"), ("kong.consumers",)),
    "networkpolicy.yaml": Why(_always("networkPolicy.enabled (default true): deny all ingress but the "
                                      "listed peers"), ("networkPolicy",)),
    "servicemonitor.yaml": Why(_always("monitoring.serviceMonitor: true"), ("monitoring",)),
    "canary.yaml": Why(lambda m: f"rollout: {m.rollout.percent if m.rollout else 0} % of the requests go to the "
                       "canary through the HTTPRoute, the rest to the stable Service", ("rollout", "image")),
    "tests/test-health.yaml": Why(_always("probes.readiness is set: `helm test` calls it through the "
                                          "Service"), ("probes.readiness",)),
}

# resources the serving mode owns explain themselves (ServingMode.explain); these are every model's
BY_KIND: dict[str, Why] = {
    "Application": Why(_always("every model is an Argo CD Application the root app syncs"),
                       ("name", "namespace", "argocd")),
}


@dataclass(frozen=True)
class Explained:
    resource: str
    source: str
    reason: str
    fields: tuple[tuple[str, str], ...]  # (catalog field, its value) for the fields that are set


def explain(catalog_path: Path, name: str, environment: str | None = None) -> tuple[s.Model, list[Explained]]:
    """The resources of model ``name`` with their reasons; KeyError if no such model.

    A catalog with environments is explained in ``environment`` (default: the first declared).
    """
    catalog = load_catalog(catalog_path)
    env = require_environment(catalog, environment) or next(iter(catalog.environments), None)
    model = (env.catalog if env else catalog).model(name)
    if model is None:
        raise KeyError(name)
    output = generate(catalog)
    keep = {f"apps/{env.name}/{name}.yaml" if env else f"apps/{name}.yaml"}
    with tempfile.TemporaryDirectory(prefix="infergen-explain-") as tmp:
        root = Path(tmp)
        for rel, text in output.files.items():
            if rel in keep or rel.startswith(f"charts/{name}/"):
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        tree = render_tree(root, environment=env.name if env else None)
    return model, [_explain(model, r) for r in tree.resources.values()]


def _explain(model: s.Model, resource: Resource) -> Explained:
    template = resource.source.split("/templates/", 1)[1] if "/templates/" in resource.source else ""
    mode = modes.of(model)
    by_kind = {**{kind: Why(_always(e.reason), e.fields) for kind, e in mode.explain(model).items()}, **BY_KIND}
    why = by_kind.get(resource.key.kind_label) or by_kind.get(resource.key.kind)
    if why is None or template in WHY:
        why = WHY.get(_variant(template, resource)) or WHY.get(template)
    if why is None:
        reason = f"included by the {model.serving} mode plan ({type(mode).__module__})"
        return Explained(str(resource.key), resource.source, reason, ())
    fields = tuple((f, v) for f in why.fields if (v := _value(model, f)) is not None)
    return Explained(str(resource.key), resource.source, why.reason(model), fields)


def _variant(template: str, resource: Resource) -> str:
    """The WHY entry of one of several resources a template renders."""
    name = resource.key.name
    if template == "service.yaml":
        for suffix in ("headless", "nodeport"):
            if name.endswith(f"-{suffix}"):
                return f"{template}#{suffix}"
    if template == "kong.yaml":
        if resource.key.kind == "KongConsumer":
            return "kong.yaml#consumer"
        for suffix in ("rate-limit", "cors"):
            if name.endswith(f"-{suffix}"):
                return f"kong.yaml#{suffix}"
        return "kong.yaml#key-auth"
    return template


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def _value(model: s.Model, path: str) -> str | None:
    """The model's value at a camelCase catalog path, compact, or None when unset/default-empty."""
    node: Any = model
    for part in path.split("."):
        attr = re.sub(r"(?<!^)([A-Z])", r"_\1", part).lower()
        if part == "nodePorts":
            attr = "node_ports"
        if node is model and not hasattr(model, attr):
            node = model.settings_for(part)  # a plugin mode's settings block
            continue
        if not dataclasses.is_dataclass(node) or not hasattr(node, attr):
            return None
        node = getattr(node, attr)
    if node is None or node == () or node == "":
        return None
    text = json.dumps(_plain(node), ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= 100 else text[:97] + "..."


def _plain(value: Any) -> Any:
    """Spec objects back to catalog-shaped data: camelCase keys, unset fields left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if v not in (None, (), ""):
                out[_camel(f.name)] = _plain(v)
        return out
    if isinstance(value, tuple):
        if value and all(isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str) for x in value):
            return {k: _plain(v) for k, v in value}
        return [_plain(x) for x in value]
    return value
