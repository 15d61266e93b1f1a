"""Argo CD resolves an Application's helm.valueFiles against the chart directory and refuses a
file that is missing or that resolves (symlinks included) outside the repository."""

from __future__ import annotations

import os

import yaml

from generator.validate.appcheck import check_apps
from generator.validate.tree import Options, lint_config
from tests.conftest import base_catalog


def _messages(built, value_files: list[str]) -> list[str]:
    app_path = built.root / "apps" / "demo.yaml"
    docs = list(yaml.safe_load_all(app_path.read_text()))
    app = next(d for d in docs if d and d["kind"] == "Application")
    app["spec"]["source"]["helm"]["valueFiles"] = value_files
    app_path.write_text(yaml.safe_dump_all(docs))
    config = lint_config(None, built.catalog, Options(ignore_missing_schemas=True))
    findings, _ = check_apps(built.catalog, built.root, config)
    return sorted(f"{f.path}: {f.message}" for f in findings if f.rule == "argocd-source-path")


def test_value_files_inside_missing_outside_and_linked_out(build, tmp_path_factory) -> None:
    built = build(base_catalog())
    chart = built.root / "charts" / "demo"
    outside = tmp_path_factory.mktemp("elsewhere") / "values.yaml"
    outside.write_text("replicaCount: 1\n")
    os.symlink(outside, chart / "linked-out.yaml")
    os.symlink(chart / "values.yaml", chart / "linked-in.yaml")
    (built.root / "shared-values.yaml").write_text("replicaCount: 1\n")
    assert _messages(built, ["values.yaml", "linked-in.yaml", "../../shared-values.yaml", "./values.yaml"]) == []
    assert _messages(built, ["values.yaml", "nope.yaml", "linked-out.yaml", "../../../x.yaml"]) == [
        "spec.source.helm.valueFiles[1]: value file nope.yaml does not exist in charts/demo",
        "spec.source.helm.valueFiles[2]: value file linked-out.yaml resolves outside the repository",
        "spec.source.helm.valueFiles[3]: value file ../../../x.yaml resolves outside the repository",
    ]
