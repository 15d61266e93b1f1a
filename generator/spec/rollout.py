"""Canary rollouts: a new version and its share of traffic.

Promotion and rollback are one-line edits: copy the canary's tag (or storageUri) to the stable
field and delete ``rollout``; or delete ``rollout`` (or set ``percent: 0``) to roll back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from generator.declare.field import block, knob
from generator.declare.parts import dns_label, integer, obj, string
from generator.spec.pod import Image, load_image


@dataclass(frozen=True)
class Gateway:
    """The Gateway API Gateway an HTTPRoute attaches to (``parentRefs``)."""

    name: str = knob(dns_label("Gateway name.", 253))
    namespace: str | None = knob(dns_label("Gateway namespace; default the model's."), None)
    section_name: str | None = knob(dns_label("Listener name on the Gateway.", 253), None)


_IMAGE = block(Image, "")
CANARY_IMAGE = obj("The canary's image, merged over the stable one: usually only tag or digest.",
                   {k: _IMAGE["properties"][k] for k in ("repository", "tag", "digest", "pullPolicy")},
                   examples=[{"tag": "1.5.0"}])


def canary_image(given: dict[str, Any], stable: dict[str, Any] | None) -> Image:
    """The canary's image: ``given`` over the stable image (both catalog data), whose repository and
    pull secrets it keeps; without a pullPolicy, Always for a tag that can move."""
    base = load_image(stable) if stable else Image(repository="")
    # a new tag without a digest must not inherit the stable digest, which would win over it
    pinned = given.get("digest") if ("tag" in given or "digest" in given) else base.digest
    image = Image(repository=given.get("repository", base.repository), tag=given.get("tag", base.tag),
                  digest=pinned, pull_secrets=base.pull_secrets)
    return dataclasses.replace(image, pull_policy=given.get("pullPolicy",
                                                            "Always" if image.mutable else "IfNotPresent"))


@dataclass(frozen=True)
class Canary:
    """What changes in the new version: the image (merged over the stable one) and/or, for
    KServe, the storage URI of the new weights."""

    image: Image | None = knob(CANARY_IMAGE, None)  # loaded by catalog/build.py (needs the stable image)
    storage_uri: str | None = knob(string("KServe: where the new version's weights live (replaces "
                                          "kserve.storageUri in the canary).", minLength=1,
                                          examples=["pvc://torchserve-claim/nllb-200-1dot3b-v2"]), None)


_CANARY_HINT: dict[str, Any] = {"x-hint": "give canary.image (a new tag or digest) or, for KServe, canary.storageUri"}


@dataclass(frozen=True)
class Rollout:
    """A canary taking ``percent`` of the requests; the rest stays on the stable version."""

    canary: Canary = knob(block(Canary, "What the new version changes: its image and/or (KServe) its storage URI.",
                                minProperties=1, **_CANARY_HINT))
    percent: int = knob(integer("Share of requests sent to the canary (0-100).", 0, 100,
                                **{"x-hint": "a whole number from 0 (all on stable) to 100 (all on the canary)"}))
    replicas: int | None = knob(integer("serving: deployment and KServe Standard: pods of the canary; default the "
                                        "stable pod floor times percent, rounded up, at least 1.", 1), None)
    gateway: Gateway | None = knob(block(Gateway, "serving: deployment: the Gateway API Gateway the weighted "
                                         "HTTPRoute attaches to; omitted, the route attaches to the model's Service "
                                         "(a GAMMA service mesh splits in-cluster traffic).",
                                         examples=[{"name": "kong", "namespace": "kong"}]), None)
