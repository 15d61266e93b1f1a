"""``rollout`` data → :class:`spec.Rollout`; the canary's image is merged over the stable one."""

from __future__ import annotations

from typing import Any

from generator import spec as s


def build_rollout(d: dict[str, Any] | None, stable: s.Image | None) -> s.Rollout | None:
    """The rollout of one model, or None. A canary image names only what changes (tag or digest);
    repository and pull secrets come from the stable image."""
    if d is None:
        return None
    canary = d.get("canary", {})
    image = None
    if "image" in canary:
        given = canary["image"]
        base = stable or s.Image(repository="")
        # a new tag without a digest must not inherit the stable digest, which would win over it
        pinned = given.get("digest") if ("tag" in given or "digest" in given) else base.digest
        image = s.Image(repository=given.get("repository", base.repository), tag=given.get("tag", base.tag),
                        digest=pinned, pull_secrets=base.pull_secrets)
        policy = given.get("pullPolicy", "Always" if image.mutable else "IfNotPresent")
        image = s.Image(image.repository, image.tag, image.digest, policy, image.pull_secrets)
    gw = d.get("gateway")
    return s.Rollout(canary=s.Canary(image=image, storage_uri=canary.get("storageUri")), percent=d["percent"],
                     replicas=d.get("replicas"),
                     gateway=s.Gateway(gw["name"], gw.get("namespace"), gw.get("sectionName")) if gw else None)
