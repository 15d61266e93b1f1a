"""Schema of ``rollout``: a canary version of the model and its share of the requests.

Promotion and rollback are one-line edits: copy the canary's tag (or storageUri) to the stable
field and delete ``rollout``; or delete ``rollout`` (or set ``percent: 0``) to roll back.
"""

from __future__ import annotations

from generator.catalog.schema_parts import Schema, dns_label, integer, obj, string


def rollout_schema(image: Schema) -> Schema:
    """The ``rollout`` block; ``image`` is the model's own image schema (its fields are reused)."""
    fields = {k: v for k, v in image["properties"].items() if k in ("repository", "tag", "digest", "pullPolicy")}
    canary_image = obj("The canary's image, merged over the stable one: usually only tag or digest.", fields,
                       examples=[{"tag": "1.5.0"}])
    canary = obj("What the new version changes: its image and/or (KServe) its storage URI.", {
        "image": canary_image,
        "storageUri": string("KServe: where the new version's weights live (replaces kserve.storageUri in the "
                             "canary).", minLength=1, examples=["pvc://torchserve-claim/nllb-200-1dot3b-v2"]),
    }, None, minProperties=1, **{"x-hint": "give canary.image (a new tag or digest) or, for KServe, canary.storageUri"})
    gateway = obj("serving: deployment: the Gateway API Gateway the weighted HTTPRoute attaches to; omitted, the "
                  "route attaches to the model's Service (a GAMMA service mesh splits in-cluster traffic).", {
                      "name": dns_label("Gateway name.", 253),
                      "namespace": dns_label("Gateway namespace; default the model's."),
                      "sectionName": dns_label("Listener name on the Gateway.", 253),
                  }, ["name"], examples=[{"name": "kong", "namespace": "kong"}])
    return obj("A canary rollout: a new version taking `percent` of the requests. Promote: copy the canary's "
               "tag or storageUri to the stable field and delete `rollout`. Roll back: delete `rollout` (or "
               "percent: 0).", {
                   "canary": canary,
                   "percent": integer("Share of requests sent to the canary (0-100).", 0, 100,
                                      **{"x-hint": "a whole number from 0 (all on stable) to 100 (all on the canary)"}),
                   "replicas": integer("serving: deployment and KServe Standard: pods of the canary; default "
                                       "the stable pod floor times percent, rounded up, at least 1.", 1),
                   "gateway": gateway,
               }, ["canary", "percent"], examples=[{"canary": {"image": {"tag": "1.5.0"}}, "percent": 10}])
