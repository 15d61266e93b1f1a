"""init, explain, diff, report, docs and completion through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.catalog import load_catalog
from generator.catalog.schema import model_properties
from generator.cli import cli
from tests.conftest import REPO, base_catalog


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_init_scaffolds_a_repo_that_generates_and_refuses_to_overwrite(tmp_path: Path, monkeypatch):
    target = tmp_path / "new"
    code, _out, err = run("init", str(target))
    assert code == 0, err
    assert (target / "catalog.yaml").read_text().startswith("# yaml-language-server: $schema=")
    assert (target / "schemas" / "catalog.schema.json").is_file()
    assert (target / "charts").is_dir() and (target / "apps").is_dir()
    assert ".infergen.lock" in (target / ".gitignore").read_text()
    monkeypatch.chdir(target)
    code, _out, err = run("generate", "--quiet")
    assert code == 0, err
    assert (target / "charts" / "sentiment" / "Chart.yaml").is_file()
    # every custom kind checked against the shipped schemas: nothing ignored, nothing missing
    assert "validation" not in yaml.safe_load((target / "catalog.yaml").read_text())
    code, out, err = run("validate", "-o", "json")
    assert code == 0, err
    assert not [f for f in json.loads(out)["findings"] if f["rule"] == "schema-missing"]
    before = (target / "catalog.yaml").read_text()
    (target / "catalog.yaml").write_text(before + "# my edit\n")
    code, _out, err = run("init", str(target))
    assert code == 1
    assert "never overwrites" in err and "catalog.yaml" in err
    assert (target / "catalog.yaml").read_text().endswith("# my edit\n")


def test_init_keeps_an_existing_gitignore(tmp_path: Path):
    (tmp_path / ".gitignore").write_text("node_modules/")
    assert run("init", str(tmp_path))[0] == 0
    lines = (tmp_path / ".gitignore").read_text().splitlines()
    assert lines[0] == "node_modules/" and ".infergen-journal" in lines


def test_explain_lists_resources_and_the_fields_behind_them(monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, _err = run("explain", "triton-multilingual-asr")
    assert code == 0
    assert "HorizontalPodAutoscaler/asr/triton-multilingual-asr" in out
    assert "scaling.max is set (1..5 pods)" in out
    assert "Service/asr/triton-multilingual-asr-nodeport" in out and "service.nodePorts" in out
    assert "KongPlugin/asr/triton-multilingual-asr-rate-limit" in out
    assert "Application/argocd/triton-multilingual-asr" in out
    assert "\x1b[" not in out  # not a terminal: no colour
    code, _out, err = run("explain", "no-such-model")
    assert code == 1 and "no model named" in err


def test_diff_shows_changed_resources_as_yaml(tmp_path: Path, write_catalog, monkeypatch):
    path = write_catalog(base_catalog(scaling={"min": 1, "max": 3, "cpuUtilization": 70}))
    monkeypatch.chdir(tmp_path)
    assert run("generate", "--quiet", "--no-validate")[0] == 0
    code, out, err = run("diff", "--exit-code")
    assert code == 0 and out == "" and "0 changed" in err
    data = yaml.safe_load(path.read_text())
    data["models"][0]["scaling"]["max"] = 7
    data["models"][0]["ingress"] = {"host": "demo.example.com"}
    path.write_text(yaml.safe_dump(data))
    code, out, err = run("diff", "--exit-code")
    assert code == 1
    assert "--- a/HorizontalPodAutoscaler/ml/demo" in out
    assert re.search(r"^-  maxReplicas: 3$", out, re.M) and re.search(r"^\+  maxReplicas: 7$", out, re.M)
    assert "+++ b/Ingress/ml/demo" in out
    assert re.search(r"1 added, \d+ changed, 0 removed", err)
    code, out, _err = run("diff", "--stat")
    assert code == 0
    stat = out.splitlines()
    assert "changed  HorizontalPodAutoscaler/ml/demo" in stat and "added    Ingress/ml/demo" in stat
    assert all(line.startswith(("changed", "added")) for line in stat)


def test_diff_against_an_empty_tree_adds_everything(tmp_path: Path, write_catalog, monkeypatch):
    write_catalog(base_catalog())
    monkeypatch.chdir(tmp_path)
    code, out, _err = run("diff", "--stat")
    assert code == 0
    assert "added    Deployment/ml/demo" in out and "added    Application/argocd/demo" in out


def test_report_writes_one_self_contained_page(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(REPO)
    out_file = tmp_path / "r.html"
    code, _out, err = run("report", "--out", str(out_file))
    assert code == 0, err
    page = out_file.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    catalog = load_catalog(REPO / "catalog.yaml")
    gpus = [(m.gpu.count if m.gpu else 0, m.scaling) for m in catalog.models]
    at_min = sum(n * s.floor for n, s in gpus)
    at_max = sum(n * s.ceiling for n, s in gpus)
    assert at_min < at_max
    assert f"{at_min} – {at_max}" in page  # GPU totals at min and max scale over the example catalog


def test_docs_check_detects_a_stale_reference(tmp_path: Path):
    target = tmp_path / "catalog.md"
    code, out, err = run("docs", "--check", "--out", str(target))
    assert code == 1 and f"{target} is stale; run `infergen docs`" in out + err
    assert not target.exists()  # --check never writes
    assert run("docs", "--out", str(target))[0] == 0
    # what it writes is the committed reference, generated from the schema
    assert target.read_text() == (REPO / "docs" / "catalog.md").read_text()
    text = target.read_text()
    undocumented = [key for key in model_properties() if f"| [`{key}`]" not in text and f"| `{key}` |" not in text]
    assert not undocumented
    code, out, err = run("docs", "--check", "--out", str(target))
    assert code == 0 and f"{target} is up to date" in out + err
    target.write_text(target.read_text().replace("Model name", "Model nmae", 1))
    code, out, err = run("docs", "--check", "--out", str(target))
    assert code == 1 and "is stale" in out + err


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str):
    code, out, _err = run("completion", shell)
    assert code == 0 and "_INFERGEN_COMPLETE" in out


def test_every_command_has_help_with_examples():
    for name in cli.commands:
        code, out, _err = run(name, "--help")
        assert code == 0
        assert "Examples:" in out, name


def test_no_color_strips_styles(monkeypatch):
    from generator.pipeline.diff import colorize

    monkeypatch.chdir(REPO)
    text = colorize("+a\n-b\n")
    assert "\x1b[" in text
    code, out, _err = run("explain", "ui-server", env={"NO_COLOR": "1"})
    assert code == 0 and "\x1b[" not in out


def test_version():
    code, out, _err = run("--version")
    assert code == 0 and re.match(r"infergen, version \d+\.\d+\.\d+", out)
