"""The generation stamp: ``charts/`` and ``apps/`` each say which generation they belong to.

``<root>/.infergen-generation`` lists a digest of every top-level entry infergen generated
there (a chart directory, an Application file) and a generation id derived from both roots'
contents, never from the clock, so the output stays byte-deterministic. :func:`check`
recomputes them from the files on disk that carry the generated-by marker: a mixed
(charts/ and apps/ from different runs), partial or hand-edited tree no longer matches.

The root Application syncs ``apps/`` as a directory: Argo CD reads only names matching
``^.*\\.(yaml|yml|json|jsonnet)$`` there (argoproj/argo-cd, reposerver/repository/repository.go,
``manifestFile`` used by ``findManifests``), so the stamp, with no such suffix, is never
applied to the cluster; Helm never sees ``charts/`` itself, only the chart directories in it.
"""

from __future__ import annotations

from pathlib import Path

from generator.filedigest import Digested, digest_tree
from generator.findings import Finding
from generator.output.commit import JOURNAL
from generator.output.staging import MARKER
from generator.render.stamp import ROOTS, STAMP, digest_entries


def _parse(text: str) -> tuple[str, dict[str, str]] | None:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    try:
        generation = lines[0].removeprefix("generation: ")
        count = int(lines[1].removeprefix("entries: "))
        entries: dict[str, str] = {}
        for line in lines[2:]:
            digest, entry = line.split(" ", 1)
            entries[entry] = digest
    except (IndexError, ValueError):
        return None
    if not lines[0].startswith("generation: ") or count != len(entries) or count != len(lines) - 2:
        return None
    return generation, entries


def read_tree(out: Path) -> dict[str, Digested]:
    """What :func:`check` (and the result cache's chart keys) need of every file under the roots."""
    return {rel: d for root in ROOTS for rel, d in digest_tree(str(out / root), f"{root}/", MARKER).items()}


def _on_disk(tree: dict[str, Digested], root: str) -> dict[str, str]:
    """Entry digests of the files under ``root`` that carry the generated-by marker (as ``owned`` decides)."""
    return digest_entries({rel: d.sha256 for rel, d in tree.items() if d.marked and not d.linked}, root)


def check(out: Path, tree: dict[str, Digested] | None = None) -> list[Finding]:
    """Errors for a tree that is not one whole generation; empty when it is.

    ``tree``: :func:`read_tree` of ``out``, when the caller has read it already.
    """
    tree = read_tree(out) if tree is None else tree
    repair = ("an interrupted write: run `infergen generate` to complete it" if (out / JOURNAL).exists() else
              "run `infergen generate` to rewrite it, or restore both from version control "
              "(`git checkout -- charts apps`)")
    stamps: dict[str, tuple[str, dict[str, str]]] = {}
    found: list[Finding] = []
    if (out / JOURNAL).exists():
        found.append(_finding(JOURNAL, "a write was interrupted before it completed", repair))
    for root in ROOTS:
        path = out / root / STAMP
        rel = f"{root}/{STAMP}"
        try:
            parsed = _parse(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            found.append(_finding(rel, f"missing: {root}/ was not written by `infergen generate` as a whole, "
                                       "or is partial", repair))
            continue
        if parsed is None:
            found.append(_finding(rel, "unreadable generation stamp (edited by hand?)", repair))
            continue
        stamps[root] = parsed
        actual = _on_disk(tree, root)
        for entry in sorted(set(parsed[1]) | set(actual)):
            want, have = parsed[1].get(entry), actual.get(entry)
            if want == have:
                continue
            what = ("missing" if have is None else "not part of this generation" if want is None
                    else f"differs from generation {parsed[0]} (edited by hand, or partly written)")
            found.append(_finding(f"{root}/{entry}", what, repair))
    if len(stamps) == len(ROOTS) and stamps["charts"][0] != stamps["apps"][0]:
        found.append(_finding("charts/", f"mixed tree: charts/ is generation {stamps['charts'][0]} but apps/ is "
                                         f"generation {stamps['apps'][0]}", repair))
    return found


def _finding(file: str, message: str, hint: str) -> Finding:
    return Finding(file=file, line=0, column=0, path="", message=message, rule="generation", hint=hint)
