"""Cross-resource rules for references other than Services: HPA targets, selectors, volumes, duplicates."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import TypeVar

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.crossref import external
from generator.lint.rules.fields import dig, group_of
from generator.lint.rules.pods import POD_KINDS, PodTemplate

E = Severity.ERROR
T = TypeVar("T")


@rule("hpa-target-missing", E, "HorizontalPodAutoscaler scaleTargetRef is not in the input",
      "fix spec.scaleTargetRef (apiVersion/kind/name) to the workload it scales",
      kinds={"HorizontalPodAutoscaler"})
def hpa_target(doc: Document, ctx: Context) -> Iterator[Hit]:
    ref = dig(doc.obj, "spec", "scaleTargetRef") or {}
    group = group_of(str(ref.get("apiVersion") or "apps/v1"))
    if ctx.index.find(group, str(ref.get("kind")), ctx.index.ns(doc), str(ref.get("name"))) is None:
        yield Hit("spec.scaleTargetRef.name", f"{ref.get('kind')}/{ref.get('name')} is not in the input")


def _selector_rule(field: str, doc: Document, ctx: Context) -> Iterator[Hit]:
    sel = dig(doc.obj, "spec", field)
    selective = isinstance(sel, dict) and (sel.get("matchLabels") or sel.get("matchExpressions"))
    if selective and isinstance(sel, dict) and not ctx.index.select(ctx.index.ns(doc), sel):
        yield Hit(f"spec.{field}", f"{field} matches no pod template in namespace {ctx.index.ns(doc)}")


@rule("pdb-selector-no-match", E, "PodDisruptionBudget selector matches no pod template in the input",
      "make spec.selector match the pod template labels", kinds={"PodDisruptionBudget"})
def pdb_selector(doc: Document, ctx: Context) -> Iterator[Hit]:
    return _selector_rule("selector", doc, ctx)


@rule("networkpolicy-selector-no-match", E, "NetworkPolicy podSelector matches no pod template in the input",
      "make spec.podSelector match the pod template labels", kinds={"NetworkPolicy"})
def netpol_selector(doc: Document, ctx: Context) -> Iterator[Hit]:
    return _selector_rule("podSelector", doc, ctx)


def _refs(tpl: PodTemplate) -> Iterator[tuple[str, str, str]]:
    for i, vol in enumerate(tpl.spec.get("volumes") or []):
        base = f"{tpl.prefix}.volumes[{i}]"
        for kind, key, field in (("PersistentVolumeClaim", "persistentVolumeClaim", "claimName"),
                                 ("ConfigMap", "configMap", "name"), ("Secret", "secret", "secretName")):
            src = vol.get(key)
            if isinstance(src, dict) and src.get(field) and not src.get("optional"):
                yield kind, str(src[field]), f"{base}.{key}.{field}"
        for j, source in enumerate(dig(vol, "projected", "sources") or []):
            for kind, key in (("ConfigMap", "configMap"), ("Secret", "secret")):
                src = source.get(key)
                if isinstance(src, dict) and src.get("name") and not src.get("optional"):
                    yield kind, str(src["name"]), f"{base}.projected.sources[{j}].{key}.name"


@rule("volume-ref-missing", E, "PVC/ConfigMap/Secret used by a pod is not in the input nor declared external",
      "add it to the input, or declare it external (infergen.io/external: Kind/name, or --external)", kinds=POD_KINDS)
def volume_ref(doc: Document, ctx: Context) -> Iterator[Hit]:
    tpl = ctx.index.templates.get(id(doc))
    if tpl is None:
        return
    ns = tpl.namespace
    for kind, name, path in _refs(tpl):
        if ctx.index.find("", kind, ns, name) is None and name != "kube-root-ca.crt" and not external(
                doc, ctx, name, f"{kind}/{name}", f"{kind}/{ns}/{name}"):
            yield Hit(path, f"{kind} {ns}/{name} is not in the input and not declared external")


@rule("duplicate-resource", E, "two documents define the same kind/namespace/name",
      "remove or rename one of them", scope="set")
def duplicates(docs: list[Document], ctx: Context) -> Iterator[Hit]:
    entries = ((key, doc) for key, same in ctx.index.objects.items() if key[3] for doc in same)
    for first, dup in repeats(entries):
        yield Hit("metadata.name", f"duplicate of the document at {first.file}:{first.line}", doc=dup)


def repeats(entries: Iterable[tuple[Hashable, T]]) -> Iterator[tuple[T, T]]:
    """``(first, later)`` for each entry whose key an earlier entry had: the duplicate-resource check,
    shared by the rule above (one document set) and ``infergen validate`` (across charts)."""
    first: dict[Hashable, T] = {}
    for key, item in entries:
        if key in first:
            yield first[key], item
        else:
            first[key] = item
