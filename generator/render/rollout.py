"""``rollout`` → what each serving mode renders for a canary taking ``percent`` of the requests.

Each built-in mode's ``plan()`` passes its plan through its function here; a plugin mode without
one renders no rollout, and the catalog checks refuse a rollout on it.

- deployment: values.rollout drives ``templates/canary.yaml`` (a ``<name>-canary`` Deployment and
  Service, and an HTTPRoute weighting stable and canary Services).
- knative: values.rollout makes the revision template the canary's and adds ``spec.traffic``
  (the stable revision by its hash name, the canary as ``latestRevision``).
- kserve, Knative mode: the predictor becomes the canary's and ``canaryTrafficPercent`` is set;
  KServe keeps the previous revision for the rest. Standard mode (0.20+): values.rollout drives
  ``spec.canary`` in the InferenceService template.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from generator import spec as s
from generator.render.plan import ModePlan

CANARY_TEMPLATE = "templates/canary.yaml.jinja"


def deployment(model: s.Model, plan: ModePlan) -> ModePlan:
    """serving: deployment: a ``<name>-canary`` Deployment and Service, and a weighted HTTPRoute."""
    ro = model.rollout
    if ro is None:
        return plan
    values = plan.values
    values["rollout"] = _deployment(model, ro)
    if "networkPolicy" in values:
        # the canary Service is ClusterIP: rules for clients outside the cluster (ipBlocks on
        # published ports) have nothing to admit there
        values["rollout"]["networkPolicyIngress"] = [
            r for r in values["networkPolicy"]["ingress"] if not any("ipBlock" in p for p in r.get("from", ()))]
    notes = (*plan.notes, f"Rollout: {ro.percent} % of the requests through the HTTPRoute go to "
             f"{model.name}-canary ({_image(ro)['repository']}); promote or roll back in the catalog.")
    return dataclasses.replace(plan, templates=(*plan.templates, CANARY_TEMPLATE), notes=notes)


def knative(model: s.Model, plan: ModePlan) -> ModePlan:
    """serving: knative: the revision template becomes the canary's, ``spec.traffic`` splits."""
    ro = model.rollout
    if ro is None:
        return plan
    plan.values["rollout"] = {"percent": ro.percent, "image": _image(ro), "appVersion": app_version(ro)}
    notes = (*plan.notes, f"Rollout: traffic tag canary gets {ro.percent} %, tag stable the rest; "
             f"kubectl -n {model.namespace} get ksvc {model.name} shows both URLs.")
    return dataclasses.replace(plan, notes=notes)


def kserve(model: s.Model, plan: ModePlan) -> ModePlan:
    """serving: kserve: canaryTrafficPercent (Knative mode) or ``spec.canary`` (Standard, 0.20+)."""
    ro = model.rollout
    if ro is None:
        return plan
    values = plan.values
    ks = model.kserve or s.KServe()
    if ks.deployment_mode == "Knative":
        values["predictor"]["canaryTrafficPercent"] = ro.percent
        _swap_predictor(ro, values)
        notes = (*plan.notes, f"Rollout: the canary gets {ro.percent} %; KServe keeps the previously rolled out "
                 "revision for the rest (status.components.predictor.previousRolledoutRevision).")
        return dataclasses.replace(plan, notes=notes)
    values["rollout"] = {"percent": ro.percent, "storageUri": ro.canary.storage_uri or ks.storage_uri or ""}
    if ro.replicas is not None:
        values["rollout"]["replicas"] = ro.replicas
    notes = (*plan.notes, f"Rollout: spec.canary predictor 'canary' ({model.name}-canary-predictor) gets "
             f"{ro.percent} %.")
    return dataclasses.replace(plan, notes=notes)


def _deployment(model: s.Model, ro: s.Rollout) -> dict[str, Any]:
    port_name = model.ingress.port if model.ingress else (model.ports[0].name if model.ports else "http")
    port = model.port(port_name) or (model.ports[0] if model.ports else None)
    out: dict[str, Any] = {"percent": ro.percent, "replicas": canary_replicas(model, ro), "image": _image(ro),
                           "appVersion": app_version(ro), "port": port.port if port else 80,
                           "paths": list(model.ingress.all_paths) if model.ingress else ["/"],
                           "hostnames": [model.ingress.host] if model.ingress and ro.gateway else []}
    if ro.gateway is not None:
        gw = {"name": ro.gateway.name, "namespace": ro.gateway.namespace or "",
              "sectionName": ro.gateway.section_name or ""}
        out["gateway"] = gw
    return out


def canary_replicas(model: s.Model, ro: s.Rollout) -> int:
    """rollout.replicas, else the stable floor times the canary's share, rounded up, at least 1."""
    if ro.replicas is not None:
        return ro.replicas
    return max(1, math.ceil(model.scaling.floor * ro.percent / 100))


def _image(ro: s.Rollout) -> dict[str, str]:
    img = ro.canary.image or s.Image(repository="")
    return {"repository": img.repository, "tag": img.tag or "", "digest": img.digest or "",
            "pullPolicy": img.pull_policy}


def app_version(ro: s.Rollout) -> str:
    """The canary's app.kubernetes.io/version: what the chart's appVersion would be once promoted."""
    img = ro.canary.image
    if img is None:
        return ""
    if img.digest:
        return img.digest.removeprefix("sha256:")[:12]
    return img.tag or "latest"


def _swap_predictor(ro: s.Rollout, values: dict[str, Any]) -> None:
    """KServe Knative mode: the InferenceService spec is the canary's (KServe keeps the stable one)."""
    if ro.canary.image is not None and "image" in values:
        values["image"] = _image(ro)
    uri = ro.canary.storage_uri
    if uri is None:
        return
    if "model" in values:
        values["model"]["storageUri"] = uri
    else:
        values["env"] = [{"name": "STORAGE_URI", "value": uri} if e.get("name") == "STORAGE_URI" else e
                         for e in values["env"]]
