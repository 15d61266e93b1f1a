"""Names that must be unique across the catalog: each becomes a chart directory and an Application."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.checks import Issue, catalog_check
from generator.spec import RESERVED_APP_NAMES, Catalog, storage_chart_name


@catalog_check
def unique_model_names(catalog: Catalog) -> Iterator[Issue]:
    """Two models with one name would overwrite each other's chart and Application."""
    storage = {storage_chart_name(c.namespace): c.namespace for c in catalog.claims if c.create}
    seen: dict[str, int] = {}
    for index, model in enumerate(catalog.models):
        if model.name in seen:
            yield Issue(("name",), f"model name {model.name!r} is already used by models[{seen[model.name]}]",
                        "model names are chart and Application names: give each model its own", model=index)
        elif model.name in storage:
            yield Issue(("name",), f"model name {model.name!r} collides with the generated storage chart for "
                        f"the claims of namespace {storage[model.name]}",
                        "rename the model: storage-<namespace> is reserved for shared claims", model=index)
        elif model.name in RESERVED_APP_NAMES:
            yield Issue(("name",), f"model name {model.name!r} is reserved "
                        f"(apps/{model.name}.yaml is generated)",
                        "rename the model", model=index)
        seen.setdefault(model.name, index)
    namespaces: dict[str, str] = {}
    for index, claim in enumerate(catalog.claims):
        if not claim.create:
            continue
        name = storage_chart_name(claim.namespace)
        other = namespaces.setdefault(name, claim.namespace)
        if other != claim.namespace:
            yield Issue(("claims", index, "namespace"),
                        f"namespaces {other} and {claim.namespace} both give the storage chart name {name!r} "
                        "(truncated to 53 characters)",
                        "use namespaces that differ within their first 45 characters")
