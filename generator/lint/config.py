"""Lint configuration shared by ``infergen lint`` and ``infergen validate``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.lint import bundled


def version_key(version: str) -> tuple[int, int]:
    """``v1.33.2`` → ``(1, 33)``; unparsable (``master``) sorts newest."""
    parts = version.removeprefix("v").split(".")
    try:
        return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return (999, 0)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/infergen/schemas`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "infergen" / "schemas"


@dataclass(frozen=True)
class LintConfig:
    """What to check and against which schemas.

    ``enabled`` non-empty means *only* those rule ids run (``schema`` and ``schema-missing``
    included); ``disabled`` always wins. ``external`` names resources that exist outside the
    input: ``name``, ``Kind/name`` or ``Kind/namespace/name``. Documents without a namespace
    are treated as living in ``namespace`` (what ``kubectl apply`` would do).
    """

    kube_version: str = "1.33"
    schema_locations: tuple[str, ...] = ()
    crds: tuple[str, ...] = ()
    ignore_missing_schemas: bool = False
    strict: bool = False
    disabled: frozenset[str] = frozenset()
    enabled: frozenset[str] = frozenset()
    knative_features: frozenset[str] = frozenset()
    external: frozenset[str] = frozenset()
    namespace: str = "default"
    cache_dir: Path | None = None
    schemas: bool = True  # False: rules only (no schema validation at all)
    knative_max_revision_timeout: int = 600
    knative_allow_zero_initial_scale: bool = False
    # Which bundled upstream release checks each custom kind: ("kserve", "0.20"), ...; a
    # project not named here is checked against its newest bundled release.
    releases: tuple[tuple[str, str], ...] = ()
    # access modes of claims that exist outside the input: ("namespace/name", ("ReadWriteOnce",))
    claim_modes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # ingressClassName → namespace its controller runs in (for networkpolicy-ingress-controller)
    ingress_controllers: tuple[tuple[str, str], ...] = (
        ("nginx", "ingress-nginx"), ("kong", "kong"), ("traefik", "traefik"), ("haproxy", "haproxy-controller"))

    @property
    def kserve_version(self) -> str:
        """The KServe release the rules check against (runtimes, names): the pinned one."""
        return dict(self.releases).get("kserve") or bundled.latest("kserve")

    def rule_on(self, rule_id: str) -> bool:
        """Whether ``rule_id`` runs under this configuration."""
        if rule_id in self.disabled:
            return False
        return not self.enabled or rule_id in self.enabled
