"""``helm lint`` runs once per chart shape: charts that differ only in their name, description,
app version, values or README share a shape; a template change does not."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.catalog import load_catalog
from generator.render.generate import generate
from generator.validate.shapes import chart_shape
from tests.conftest import base_catalog


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def _charts(tmp_path: Path, *models: dict[str, object]) -> dict[str, dict[str, bytes]]:
    catalog = base_catalog()
    catalog["models"] = list(models)
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.dump(catalog, Dumper=_NoAliases), encoding="utf-8")
    files = generate(load_catalog(path)).files
    out: dict[str, dict[str, bytes]] = {}
    for rel, text in files.items():
        parts = rel.split("/", 2)
        if parts[0] == "charts" and len(parts) == 3:
            out.setdefault(parts[1], {})[parts[2]] = text.encode()
    return out


def test_charts_alike_but_for_their_names_share_a_shape(tmp_path: Path) -> None:
    model = base_catalog()["models"][0]
    charts = _charts(tmp_path, {**model, "name": "alpha"},
                     {**model, "name": "beta-model", "image": {**model["image"], "tag": "2.0.0"}})
    alpha, beta = charts["alpha"], charts["beta-model"]
    assert b'define "alpha.fullname"' in alpha["templates/_helpers.tpl"]  # names differ in the files...
    assert alpha["templates/_helpers.tpl"] != beta["templates/_helpers.tpl"]
    assert chart_shape(alpha) == chart_shape(beta)  # ...not in what helm lint checks


def test_a_different_template_is_a_different_shape(tmp_path: Path) -> None:
    model = base_catalog()["models"][0]
    charts = _charts(tmp_path, {**model, "name": "alpha"},
                     {**model, "name": "beta", "disruption": {"maxUnavailable": 1}})
    assert "templates/pdb.yaml" in charts["beta"] and "templates/pdb.yaml" not in charts["alpha"]
    assert chart_shape(charts["alpha"]) != chart_shape(charts["beta"])
    edited = dict(charts["alpha"])
    edited["templates/service.yaml"] = edited["templates/service.yaml"].replace(b"spec:", b"spec:\n  # x")
    assert chart_shape(edited) != chart_shape(charts["alpha"])
