"""Checks on shared claims and the mounts that use them."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.checks import Issue, catalog_check, model_check
from generator.spec import Catalog, Model


@model_check
def mounts(model: Model, catalog: Catalog) -> Iterator[Issue]:
    paths: set[str] = set()
    for i, mount in enumerate(model.mounts):
        claim = catalog.claim(mount.claim, model.namespace)
        if claim is None:
            yield Issue(("mounts", i, "claim"), f"claim {mount.claim!r} is not declared in namespace {model.namespace}",
                        f"add it under claims: with namespace: {model.namespace}")
        elif model.scaling.ceiling > 1 and claim.access_modes == ("ReadWriteOnce",):
            yield Issue(("mounts", i, "claim"), f"claim {claim.name!r} is ReadWriteOnce but up to "
                        f"{model.scaling.ceiling} pods mount it", "use accessModes: [ReadWriteMany] (e.g. nfs-client)")
        if mount.mount_path in paths or mount.mount_path in model.security.writable_paths:
            yield Issue(("mounts", i, "mountPath"), f"{mount.mount_path} is mounted twice", "use distinct paths")
        paths.add(mount.mount_path)


@catalog_check
def claims(catalog: Catalog) -> Iterator[Issue]:
    seen: set[tuple[str, str]] = set()
    users: dict[tuple[str, str], int] = {}
    for model in catalog.models:
        for mount in model.mounts:
            key = (mount.claim, model.namespace)
            users[key] = users.get(key, 0) + model.scaling.ceiling
    for index, claim in enumerate(catalog.claims):
        key = (claim.name, claim.namespace)
        if key in seen:
            yield Issue(("claims", index, "name"), f"claim {claim.name} is declared twice in {claim.namespace}",
                        "declare each claim once")
        seen.add(key)
        if claim.create and not claim.size:
            yield Issue(("claims", index), "a claim to create needs a size", "set size, e.g. 100Gi, or create: false")
        if claim.access_modes == ("ReadWriteOnce",) and users.get(key, 0) > 1:
            yield Issue(("claims", index, "accessModes"), f"ReadWriteOnce claim {claim.name} is mounted by more "
                        "than one pod", "use ReadWriteMany or ReadOnlyMany")
