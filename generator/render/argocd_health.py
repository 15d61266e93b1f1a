"""``apps/argocd-health.yaml``: the health check that makes sync waves between Applications wait.

Argo CD stopped assessing the health of ``argoproj.io/Application`` resources in 1.8
(argo-cd docs/operator-manual/health.md, "Argo CD App"; issue argoproj/argo-cd#3781): without
a ``resource.customizations.health.argoproj.io_Application`` entry in ``argocd-cm`` the root app
treats every child Application as healthy at once, so the storage apps' wave -1 orders nothing.
The operator applies this file once (server-side apply sets only this key of ``argocd-cm``).
"""

from __future__ import annotations

from typing import Any

from generator import spec as s
from generator.catalog import modes
from generator.render.chart import HEADER
from generator.yamlout import dump

FILE = "apps/argocd-health.yaml"
PREFIX = "resource.customizations.health."
KEY = PREFIX + "argoproj.io_Application"

# The child's own health as Argo CD reports it; Progressing until a first assessment exists.
LUA = """\
local hs = {status = "Progressing", message = "waiting for the Application's first health assessment"}
local health = obj.status and obj.status.health
if health and health.status then
  hs.status = health.status
  hs.message = health.message or ""
end
return hs
"""


def health_config_map(catalog: s.Catalog) -> str:
    """The partial ``argocd-cm`` ConfigMap with the Application health check."""
    head: dict[str, Any] = {
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "argocd-cm", "namespace": catalog.project.namespace,
                     "labels": {"app.kubernetes.io/name": "argocd-cm", "app.kubernetes.io/part-of": "argocd"}},
    }
    # a literal block keeps the Lua readable; dump() would emit one JSON-quoted line
    script = _block(LUA)
    used = {m.serving for m in catalog.models}
    extra = {key: lua for mode in modes.modes() if mode.name in used for key, lua in mode.health_checks().items()}
    script += "".join(f"  {PREFIX}{key}: |\n" + _block(lua) for key, lua in sorted(extra.items()))
    return (f"# {HEADER.format(catalog=catalog.path)}\n"
            "# Apply once per Argo CD, so that sync waves wait for each child Application to be Healthy:\n"
            f"#   kubectl apply --server-side --field-manager=infergen -f {FILE}\n"
            "# (server-side apply adds this one key and leaves the rest of argocd-cm alone). If argocd-cm\n"
            "# comes from the argo-cd Helm chart, put the key under configs.cm instead.\n"
            + dump(head) + f"data:\n  {KEY}: |\n" + script)


def _block(lua: str) -> str:
    return "".join(f"    {line}\n" for line in lua.splitlines())
