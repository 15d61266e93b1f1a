"""Semantic checks the schema cannot express, run on the built spec.

A check yields :class:`Issue` objects whose ``path`` is relative to the model (or, for
catalog-wide checks, absolute with ``model=None``); the loader turns them into located
findings. Checks register themselves with :func:`model_check` / :func:`catalog_check`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.catalog.issue import Issue, Path
from generator.spec import Catalog, Model

__all__ = ["CATALOG_CHECKS", "MODEL_CHECKS", "Issue", "Path", "catalog_check", "model_check", "run_checks"]

ModelCheck = Callable[[Model, Catalog], Iterable[Issue]]
CatalogCheck = Callable[[Catalog], Iterable[Issue]]
MODEL_CHECKS: list[ModelCheck] = []
CATALOG_CHECKS: list[CatalogCheck] = []


def model_check(fn: ModelCheck) -> ModelCheck:
    MODEL_CHECKS.append(fn)
    return fn


def catalog_check(fn: CatalogCheck) -> CatalogCheck:
    CATALOG_CHECKS.append(fn)
    return fn


def run_checks(catalog: Catalog) -> list[Issue]:
    """Every issue in ``catalog``, model checks first, in catalog order."""
    from generator.catalog.checks import (  # noqa: F401  (registration)
        config,
        core,
        exposure,
        keda,
        modes,
        names,
        published,
        rollout,
        security,
        storage,
        torchserve,
    )

    issues: list[Issue] = []
    for index, model in enumerate(catalog.models):
        for check in MODEL_CHECKS:
            issues.extend(Issue(i.path, i.message, i.hint, index, i.severity) if i.model is None else i
                          for i in check(model, catalog))
    for catalog_fn in CATALOG_CHECKS:
        issues.extend(catalog_fn(catalog))
    return issues
