"""Pair two rendered trees per (model, environment): semantic fact changes and resource diffs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.pipeline.changes.facts import Value, model_facts, order
from generator.pipeline.diff import Change, compare
from generator.validate.manifests import Key, Resource, Tree

SHARED = "(shared)"  # the AppProject, the root Application, argocd-cm: owned by no model
DEFAULT_ENVIRONMENT = "default"
# Where an environment will come from once catalogs declare them: a label on the Application and
# the resources of its release. Until then every row is the default environment.
ENVIRONMENT_LABEL = "infergen.io/environment"


@dataclass(frozen=True, order=True)
class ModelKey:
    model: str
    environment: str = DEFAULT_ENVIRONMENT


@dataclass(frozen=True)
class FactChange:
    fact: str
    before: Value | None  # None: the fact did not exist (a model added, a host list appearing)
    after: Value | None

    def added(self) -> tuple[str, ...]:
        return tuple(v for v in _items(self.after) if v not in _items(self.before))

    def removed(self) -> tuple[str, ...]:
        return tuple(v for v in _items(self.before) if v not in _items(self.after))


@dataclass(frozen=True)
class ModelChange:
    key: ModelKey
    status: str  # added, removed, changed
    facts: tuple[FactChange, ...]
    resources: tuple[Change, ...]


@dataclass(frozen=True)
class Report:
    base: str  # what was compared with: a git revision, a file, or the tree on disk
    models: tuple[ModelChange, ...]
    unchanged: int  # models (and the shared group) with no change
    errors: tuple[str, ...]

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "changed": 0, "removed": 0, "unchanged": self.unchanged}
        for model in self.models:
            out[model.status] += 1
        return out


def build_report(base: str, old: Tree, new: Tree) -> Report:
    """Group both trees' resources by owner and compare each group."""
    before, after = _grouped(old), _grouped(new)
    models: list[ModelChange] = []
    unchanged = 0
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key, {}), after.get(key, {})
        resources = compare(Tree(a, ()), Tree(b, ())).changes
        if not resources:
            unchanged += 1
            continue
        status = "added" if not a else "removed" if not b else "changed"
        models.append(ModelChange(key, status, _fact_changes(key.model, a, b), resources))
    errors = tuple(f"base: {e}" for e in old.errors) + tuple(f"now: {e}" for e in new.errors)
    return Report(base, tuple(models), unchanged, errors)


def owner(res: Resource) -> ModelKey:
    """The (model, environment) a resource belongs to: its Helm release, or the release its Application installs."""
    labels = (res.doc.get("metadata") or {}).get("labels") or {}
    environment = str(labels.get(ENVIRONMENT_LABEL) or DEFAULT_ENVIRONMENT)
    if res.release:
        return ModelKey(res.release, environment)
    source = (res.doc.get("spec") or {}).get("source") or {} if res.key.kind == "Application" else {}
    path = source.get("path") if isinstance(source, dict) else None
    if isinstance(path, str) and path.startswith("charts/"):
        release = (source.get("helm") or {}).get("releaseName") or res.key.name
        return ModelKey(str(release), environment)
    return ModelKey(SHARED, environment)


def _grouped(tree: Tree) -> dict[ModelKey, dict[Key, Resource]]:
    out: dict[ModelKey, dict[Key, Resource]] = defaultdict(dict)
    for key, res in tree.resources.items():
        out[owner(res)][key] = res
    return out


def _fact_changes(model: str, a: dict[Key, Resource], b: dict[Key, Resource]) -> tuple[FactChange, ...]:
    before, after = model_facts(model, a.values()), model_facts(model, b.values())
    names = sorted(set(before) | set(after), key=order)
    return tuple(FactChange(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n))


def _items(value: Value | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)
