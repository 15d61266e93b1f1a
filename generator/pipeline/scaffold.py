"""``infergen init [DIR]``: a new GitOps repo with a one-model catalog, ready for ``infergen generate``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.catalog.schema import schema_json
from generator.errors import Exit, InfergenError

CATALOG = """\
# yaml-language-server: $schema=schemas/catalog.schema.json
# The models this GitOps repo serves. Edit, then run `infergen generate` and commit
# catalog.yaml together with the regenerated charts/ and apps/.
version: 1

argocd:
  project: ml-inference
  # The Git repository Argo CD syncs from: this repository.
  repoURL: https://git.example.com/platform/ml-gitops.git
  targetRevision: main

{validation}models:
  # A CPU model behind a ClusterIP Service, autoscaled by an HPA between 1 and 3 pods.
  - name: sentiment
    namespace: ml-inference
    serving: deployment
    image:
      repository: registry.example.com/ml/sentiment
      tag: "1.0.0"
    ports:
      - {name: http, port: 8000}
    probes:
      readiness: {path: /health, port: http}
      liveness: {path: /health, port: http, initialDelaySeconds: 20}
    resources:
      requests: {cpu: 500m, memory: 1Gi}
      limits: {cpu: "1", memory: 1Gi}
    scaling:
      min: 1
      max: 3
      cpuUtilization: 70
"""

WITH_CRDS = """\
# Your own CRD YAML files or directories (relative to this file): they are read before the
# schemas infergen ships for Argo CD, Knative, KServe, Kong and Prometheus kinds.
validation:
  crds:
    - {crds}

"""

GITIGNORE = (".infergen.lock", ".infergen-journal", ".infergen-stage-*", ".infergen-cache/", ".infergen*.tmp")


class ScaffoldError(InfergenError):
    """The target already holds a catalog or generated files; nothing was written."""

    exit = Exit.FINDINGS  # `init` has always refused with 1, like `generate --check` finding work to do


@dataclass(frozen=True)
class Scaffolded:
    root: Path
    created: tuple[str, ...]


def init(root: Path, crds: str | None = None) -> Scaffolded:
    """Create the repo layout under ``root``; refuse (writing nothing) if any of it exists.

    ``crds`` (a path relative to ``root``) is written as ``validation.crds``; without it custom
    kinds are checked against the schemas infergen ships.
    """
    validation = WITH_CRDS.format(crds=json.dumps(crds)) if crds else ""
    files = {"catalog.yaml": CATALOG.replace("{validation}", validation),
             "schemas/catalog.schema.json": schema_json()}
    taken = [rel for rel in files if (root / rel).exists()]
    taken += [f"{d}/" for d in ("charts", "apps") if (root / d).is_dir() and any((root / d).iterdir())]
    if taken:
        raise ScaffoldError(f"{root} already has {', '.join(taken)}; infergen init never overwrites "
                            "(pick an empty directory)")
    created = []
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.append(rel)
    for folder in ("charts", "apps"):
        (root / folder).mkdir(exist_ok=True)
        created.append(f"{folder}/")
    if _gitignore(root / ".gitignore"):
        created.append(".gitignore")
    return Scaffolded(root, tuple(created))


def _gitignore(path: Path) -> bool:
    """Append infergen's lock, journal and staging entries that are missing; True if it changed."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = [line for line in GITIGNORE if line not in text.splitlines()]
    if not missing:
        return False
    prefix = "" if not text or text.endswith("\n") else "\n"
    path.write_text(text + prefix + "# infergen: lock, journal and staging directories\n"
                    + "\n".join(missing) + "\n", encoding="utf-8")
    return True
