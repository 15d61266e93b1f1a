"""Traffic-split rules: Knative traffic targets, Gateway API weights, KServe canaries, and a canary
that is the stable version again (issue 19 rollouts, but they hold for any manifest)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.fields import KNATIVE_GROUP, dig
from generator.lint.rules.rollout_kserve import isvc_mode

E = Severity.ERROR
DNS1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
KN = "knative/serving pkg/apis/serving/v1"
GATEWAY_GROUP = "gateway.networking.k8s.io"


@rule("knative-traffic", E, "Knative traffic targets the webhook rejects: percents not summing to 100, "
      "revisionName together with latestRevision: true, a tag that is not a DNS-1035 label or is repeated",
      "make the percents add up to 100; pin a target with revisionName or float it with latestRevision: true, "
      "never both", kinds={"Service", "Route"}, api=KNATIVE_GROUP + "/",
      origin=f"{KN}/route_validation.go validateTrafficList, TrafficTarget.validateLatestRevision, "
      "validateTrafficPercentage (knative-v1.23.0)")
def knative_traffic(doc: Document, ctx: Context) -> Iterator[Hit]:
    traffic = dig(doc.obj, "spec", "traffic")
    if not isinstance(traffic, list) or not traffic:
        return
    total = 0
    tags: dict[str, int] = {}
    for i, target in enumerate(t if isinstance(t, dict) else {} for t in traffic):
        at = f"spec.traffic[{i}]"
        percent = target.get("percent")
        if isinstance(percent, int):
            total += percent
            if not 0 <= percent <= 100:
                yield Hit(f"{at}.percent", f"percent {percent} is outside 0..100")
        latest, pinned = target.get("latestRevision"), bool(target.get("revisionName"))
        if latest is not None and bool(latest) == pinned:
            yield Hit(f"{at}.latestRevision", f"latestRevision {str(latest).lower()} with "
                      f"{'a' if pinned else 'no'} revisionName: pin a revision or float to the latest, not both")
        tag = target.get("tag")
        if tag:
            if not DNS1035.match(str(tag)) or len(str(tag)) > 63:
                yield Hit(f"{at}.tag", f"tag {tag!r} is not a DNS-1035 label")
            tag = str(tag)
            if tag in tags:
                yield Hit(f"{at}.tag", f"tag {tag!r} is defined twice (also spec.traffic[{tags[tag]}])")
            tags.setdefault(tag, i)
    if total != 100:
        yield Hit("spec.traffic", f"traffic targets sum to {total} %, not 100")


@rule("knative-revision-name", E, "a revision name (spec.template.metadata.name) Knative rejects: not "
      "prefixed by '<service name>-', or not a DNS-1035 label", "name revisions <service>-<suffix>, at most "
      "63 characters", kinds={"Service", "Configuration"},
      api=KNATIVE_GROUP + "/",
      origin=f"{KN}/revision_validation.go validateRevisionName (knative-v1.23.0)")
def revision_name(doc: Document, ctx: Context) -> Iterator[Hit]:
    name = dig(doc.obj, "spec", "template", "metadata", "name")
    if not isinstance(name, str) or not name:
        return
    if not name.startswith(f"{doc.name}-"):
        yield Hit("spec.template.metadata.name", f"revision name {name!r} does not start with {doc.name + '-'!r}")
    if not DNS1035.match(name) or len(name) > 63:
        yield Hit("spec.template.metadata.name", f"revision name {name!r} is not a DNS-1035 label of at most 63 "
                  "characters")


@rule("httproute-weights", E, "weighted HTTPRoute backends that do not add up: every weight 0 (no backend "
      "gets a request), or a stable/canary split whose weights are not shares of 100",
      "give the backends weights that sum to 100 (infergen: rollout.percent in the catalog)", kinds={"HTTPRoute"},
      api=GATEWAY_GROUP + "/",
      origin="kubernetes-sigs/gateway-api apis/v1/shared_types.go BackendRef.Weight (v1.6.1): a weight is "
      "weight/sum of the list, 0 sends nothing")
def httproute_weights(doc: Document, ctx: Context) -> Iterator[Hit]:
    for i, rule_ in enumerate(dig(doc.obj, "spec", "rules") or []):
        refs = [r for r in (rule_.get("backendRefs") or []) if isinstance(r, dict)] if isinstance(rule_, dict) else []
        if not refs:
            continue
        weights = [r.get("weight", 1) if isinstance(r.get("weight", 1), int) else 0 for r in refs]
        at = f"spec.rules[{i}].backendRefs"
        if sum(weights) == 0:
            yield Hit(at, "every backend weighs 0: no backend receives a request")
        names = {str(r.get("name")) for r in refs}
        split = any(f"{n}-canary" in names for n in names)
        if split and sum(weights) != 100:
            yield Hit(at, f"stable and canary weights sum to {sum(weights)}, not 100: the canary's share is "
                      f"not the percent it was given")


def _images(spec: Any) -> tuple[str, ...]:
    containers = spec.get("containers") if isinstance(spec, dict) else None
    return tuple(str(c.get("image")) for c in containers or [] if isinstance(c, dict))


@rule("rollout-canary-identical", E, "a canary identical to its stable version: the split sends traffic to "
      "the same thing twice", "give the canary a new image tag or digest (or KServe storageUri), or delete the "
      "rollout", kinds={"Deployment", "serving.knative.dev/Service", "InferenceService"}, scope="set")
def canary_identical(docs: list[Document], ctx: Context) -> Iterator[Hit]:
    deployments = {(ctx.index.ns(d), d.name): d for d in docs if d.kind == "Deployment"}
    for (ns, name), doc in deployments.items():
        stable = deployments.get((ns, name.removesuffix("-canary"))) if name.endswith("-canary") else None
        images = _images(dig(doc.obj, "spec", "template", "spec"))
        if stable is not None and images and images == _images(dig(stable.obj, "spec", "template", "spec")):
            yield Hit("spec.template.spec.containers", f"the canary runs the stable image {images[0]}", doc=doc)
    for doc in docs:
        if doc.kind == "Service" and doc.api_version.startswith(KNATIVE_GROUP + "/"):
            template = dig(doc.obj, "spec", "template", "metadata", "name")
            pinned = [t.get("revisionName") for t in dig(doc.obj, "spec", "traffic") or [] if isinstance(t, dict)]
            if template and template in pinned and any(
                    isinstance(t, dict) and t.get("latestRevision") for t in dig(doc.obj, "spec", "traffic") or []):
                yield Hit("spec.traffic", f"the stable revision {template} is also the latest (canary) one", doc=doc)
        elif doc.kind == "InferenceService" and isvc_mode(doc) is not None:
            uri = dig(doc.obj, "spec", "predictor", "model", "storageUri")
            for i, canary in enumerate(dig(doc.obj, "spec", "canary") or []):
                if uri and isinstance(canary, dict) and dig(canary, "predictor", "model", "storageUri") == uri:
                    yield Hit(f"spec.canary[{i}].predictor.model.storageUri", f"the canary serves the stable "
                              f"storageUri {uri}", doc=doc)
