"""``infergen diff --summary`` on a scripted edit of the example catalog: the semantic changes per model."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import REPO


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def edit(data: dict[str, Any]) -> dict[str, Any]:
    """GPU 1→2, minReplicas 0→1, an image tag, a new host, a model added and one removed."""
    data = copy.deepcopy(data)
    models = {m["name"]: m for m in data["models"]}
    models["triton-multilingual-asr"]["gpu"]["count"] = 2
    models["msv2-inference"]["scaling"]["min"] = 1
    models["pytorch-classifier"]["image"]["tag"] = "1.5.0"
    models["trainer-server"]["ingress"] = {"className": "nginx", "host": "trainer.example.com"}
    added = copy.deepcopy(models["fraud-detector"])
    added["name"] = "fraud-detector-v2"
    data["models"] = [m for m in data["models"] if m["name"] != "ui-server"] + [added]
    return data


def _example(environments: bool = False) -> dict[str, Any]:
    """The example catalog; without its environments, one cluster (rows say "default")."""
    data: dict[str, Any] = yaml.safe_load((REPO / "catalog.yaml").read_text())
    if not environments:
        data.pop("environments", None)
        for model in data["models"]:
            model.pop("environments", None)
    return data


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "catalog.yaml"
    path.write_text(yaml.safe_dump(_example(), sort_keys=False))
    return path


@pytest.fixture(scope="module")
def edited(base: Path) -> Path:
    path = base.parent / "edited.yaml"
    path.write_text(yaml.safe_dump(edit(_example()), sort_keys=False))
    return path


def summary(edited: Path, fmt: str, *extra: str) -> tuple[int, str, str]:
    return run("diff", "--summary", "--format", fmt, "--catalog", str(edited),
               "--base-file", str(edited.parent / "catalog.yaml"), *extra)


def test_json_report_lists_exactly_the_semantic_changes(edited: Path):
    code, out, err = summary(edited, "json")
    assert code == 0, err
    report = json.loads(out)
    models = {(m["model"], m["environment"]): m for m in report["models"]}
    assert {k: m["status"] for k, m in models.items()} == {
        ("fraud-detector-v2", "default"): "added", ("msv2-inference", "default"): "changed",
        ("pytorch-classifier", "default"): "changed", ("trainer-server", "default"): "changed",
        ("triton-multilingual-asr", "default"): "changed", ("ui-server", "default"): "removed"}
    releases = _unchanged_releases(edited.parent / "catalog.yaml")  # every release, compared with itself
    assert report["counts"] == {"added": 1, "changed": 4, "removed": 1, "unchanged": releases - 5}

    def facts(name: str) -> list[tuple[str, Any, Any]]:
        return [(c["fact"], c["before"], c["after"]) for c in models[(name, "default")]["changes"]]

    gpus = ("1 × nvidia.com/gpu", "2 × nvidia.com/gpu")  # the rollout's canary runs the same pod spec
    assert facts("triton-multilingual-asr") == [("GPU", *gpus), ("GPU (triton-multilingual-asr-canary)", *gpus)]
    # the revision template changed, so the stable revision's hash name does too: the report shows it
    scaled, traffic = facts("msv2-inference")
    assert scaled == ("min replicas", "0", "1") and traffic[0] == "traffic" and traffic[1] != traffic[2]
    assert all(re.fullmatch(r"msv2-inference-[0-9a-f]{8} \(stable\) 80 %, latest \(canary\) 20 %", t)
               for t in traffic[1:])
    assert facts("pytorch-classifier") == [("image", "registry.example.com/ml/pytorch-classifier:1.4.2",
                                            "registry.example.com/ml/pytorch-classifier:1.5.0")]
    assert facts("trainer-server") == [("hosts", None, ["trainer.example.com"])]
    assert models[("trainer-server", "default")]["changes"][0]["added"] == ["trainer.example.com"]
    new = dict((f, after) for f, before, after in facts("fraud-detector-v2") if before is None)
    assert new["serving"] == "kserve (Standard)" and new["storage URI"] == "s3://models/fraud-detector/1"
    assert new["min replicas"] == "1" and new["max replicas"] == "2"
    gone = {f: before for f, before, after in facts("ui-server") if after is None}
    assert gone["image"] == "registry.example.com/ml/ui-server:2.1.0" and gone["serving"] == "deployment"
    # the resource diff behind the facts: what the cluster gets
    triton = models[("triton-multilingual-asr", "default")]["resources"]
    assert [(r["resource"], r["status"]) for r in triton] == [("Deployment/asr/triton-multilingual-asr", "changed"),
                                                              ("Deployment/asr/triton-multilingual-asr-canary",
                                                               "changed")]
    assert re.search(r"^-\s+nvidia.com/gpu: 1$", triton[0]["diff"], re.M)
    assert re.search(r"^\+\s+nvidia.com/gpu: 2$", triton[0]["diff"], re.M)
    trainer = models[("trainer-server", "default")]["resources"]
    assert [(r["kind"], r["status"]) for r in trainer] == [("Ingress", "added")]
    assert {r["kind"] for r in models[("ui-server", "default")]["resources"]} >= {"Application", "Deployment"}


def test_markdown_has_a_row_per_change_and_the_diff_folded_per_model(edited: Path):
    code, out, err = summary(edited, "markdown")
    assert code == 0, err
    rows = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in out.splitlines()
            if line.startswith("| `")]
    assert ["`triton-multilingual-asr`", "default", "GPU", "1 × nvidia.com/gpu", "2 × nvidia.com/gpu"] in rows
    assert ["`msv2-inference`", "default", "min replicas", "0", "1"] in rows
    assert ["`trainer-server`", "default", "hosts", "—", "+ trainer.example.com"] in rows
    assert ["`fraud-detector-v2`", "default", "**model added**", "—", "—"] in rows
    assert ["`ui-server`", "default", "**model removed**", "—", "—"] in rows
    blocks = dict(re.findall(r"<details><summary><code>([^<]+)</code>.*?</summary>\n\n(.*?)\n</details>", out, re.S))
    assert set(blocks) == {"fraud-detector-v2", "msv2-inference", "pytorch-classifier", "trainer-server",
                           "triton-multilingual-asr", "ui-server"}
    fenced = re.fullmatch(r"```diff\n(.*)```\n", blocks["triton-multilingual-asr"], re.S)
    assert fenced is not None
    assert "+++ b/Deployment/asr/triton-multilingual-asr" in fenced.group(1)
    assert re.search(r"^\+\s+nvidia.com/gpu: 2$", fenced.group(1), re.M)
    assert "+++ b/Ingress/ml-inference/trainer-server" in blocks["trainer-server"]


def test_text_report_and_exit_code(edited: Path):
    code, out, _err = summary(edited, "text", "--exit-code")
    assert code == 1
    assert "triton-multilingual-asr (default): changed\n  GPU: 1 × nvidia.com/gpu → 2 × nvidia.com/gpu\n" in out
    assert "  hosts: + trainer.example.com\n" in out
    code, out, _err = run("diff", "--summary", "--exit-code", "--catalog", str(REPO / "catalog.yaml"),
                          "--base-file", str(REPO / "catalog.yaml"))
    releases = _unchanged_releases(REPO / "catalog.yaml")
    assert releases > 20  # two environments
    assert code == 0 and f"0 model(s) changed, 0 added, 0 removed, {releases} unchanged" in out


def _unchanged_releases(catalog: Path) -> int:
    code, out, _err = run("diff", "--summary", "--format", "json", "--catalog", str(catalog),
                          "--base-file", str(catalog))
    counts = json.loads(out)["counts"]
    assert code == 0 and counts["changed"] == counts["added"] == counts["removed"] == 0
    return int(counts["unchanged"])


def test_base_file_also_drives_the_plain_resource_diff(edited: Path):
    code, out, _err = run("diff", "--stat", "--catalog", str(edited), "--base-file",
                          str(edited.parent / "catalog.yaml"))
    assert code == 0
    stat = out.splitlines()
    assert "changed  Deployment/asr/triton-multilingual-asr" in stat
    assert "added    Ingress/ml-inference/trainer-server" in stat
    assert "removed  Deployment/ml-inference/ui-server" in stat


def test_rows_per_environment_and_a_staging_edit_touches_no_production_row(tmp_path: Path):
    before = tmp_path / "catalog.yaml"
    before.write_text(yaml.safe_dump(_example(environments=True), sort_keys=False))
    data = _example(environments=True)
    models = {m["name"]: m for m in data["models"]}
    models["triton-multilingual-asr"]["gpu"]["count"] = 2  # the model: every environment
    data["environments"]["staging"]["hostPrefix"] = "stage."  # staging only
    after = tmp_path / "edited.yaml"
    after.write_text(yaml.safe_dump(data, sort_keys=False))
    code, out, err = run("diff", "--summary", "--format", "json", "--catalog", str(after),
                         "--base-file", str(before))
    assert code == 0, err
    rows = {(m["model"], m["environment"]): m for m in json.loads(out)["models"]}
    for env in ("production", "staging"):
        gpu = [(c["fact"], c["after"]) for c in rows[("triton-multilingual-asr", env)]["changes"]]
        assert ("GPU", "2 × nvidia.com/gpu") in gpu
    production = {model for model, env in rows if env == "production"}
    assert production == {"triton-multilingual-asr"}
    hosts = [c for m, e in rows if e == "staging" for c in rows[(m, e)]["changes"] if c["fact"] == "hosts"]
    assert hosts and all(h.startswith("stage.") for c in hosts for h in c["added"])
