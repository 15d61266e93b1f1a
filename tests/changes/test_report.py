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


def plain(data: dict[str, Any]) -> dict[str, Any]:
    """The example without its environments: one release per model, environment "default"."""
    data = copy.deepcopy(data)
    data.pop("environments", None)
    for model in data["models"]:
        model.pop("environments", None)
    return data


def edit(data: dict[str, Any]) -> dict[str, Any]:
    """GPU 1→2, minReplicas 0→1, an image tag, a new host, a model added and one removed."""
    data = plain(data)
    models = {m["name"]: m for m in data["models"]}
    models["triton-multilingual-asr"]["gpu"]["count"] = 2
    models["msv2-inference"]["scaling"]["min"] = 1
    models["pytorch-classifier"]["image"]["tag"] = "1.5.0"
    models["trainer-server"]["ingress"] = {"className": "nginx", "host": "trainer.example.com"}
    added = copy.deepcopy(models["fraud-detector"])
    added["name"] = "fraud-detector-v2"
    data["models"] = [m for m in data["models"] if m["name"] != "ui-server"] + [added]
    return data


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edited catalog; the unedited one (environment-free as well) is base.yaml beside it."""
    root = tmp_path_factory.mktemp("edited")
    example = yaml.safe_load((REPO / "catalog.yaml").read_text())
    (root / "base.yaml").write_text(yaml.safe_dump(plain(example), sort_keys=False))
    path = root / "catalog.yaml"
    path.write_text(yaml.safe_dump(edit(example), sort_keys=False))
    return path


def summary(edited: Path, fmt: str, *extra: str) -> tuple[int, str, str]:
    return run("diff", "--summary", "--format", fmt, "--catalog", str(edited),
               "--base-file", str(edited.parent / "base.yaml"), *extra)


def test_json_report_lists_exactly_the_semantic_changes(edited: Path):
    code, out, err = summary(edited, "json")
    assert code == 0, err
    report = json.loads(out)
    models = {(m["model"], m["environment"]): m for m in report["models"]}
    assert {k: m["status"] for k, m in models.items()} == {
        ("fraud-detector-v2", "default"): "added", ("msv2-inference", "default"): "changed",
        ("pytorch-classifier", "default"): "changed", ("trainer-server", "default"): "changed",
        ("triton-multilingual-asr", "default"): "changed", ("ui-server", "default"): "removed"}
    releases = _unchanged_releases(edited.parent / "base.yaml")  # every release, compared with itself
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
    releases = _unchanged_releases()
    assert releases > 10
    assert code == 0 and f"0 model(s) changed, 0 added, 0 removed, {releases} unchanged" in out


def _unchanged_releases(catalog: Path = REPO / "catalog.yaml") -> int:
    code, out, _err = run("diff", "--summary", "--format", "json", "--catalog", str(catalog),
                          "--base-file", str(catalog))
    counts = json.loads(out)["counts"]
    assert code == 0 and counts["changed"] == counts["added"] == counts["removed"] == 0
    return int(counts["unchanged"])


def test_base_file_also_drives_the_plain_resource_diff(edited: Path):
    code, out, _err = run("diff", "--stat", "--catalog", str(edited), "--base-file", str(edited.parent / "base.yaml"))
    assert code == 0
    stat = out.splitlines()
    assert "changed  Deployment/asr/triton-multilingual-asr" in stat
    assert "added    Ingress/ml-inference/trainer-server" in stat
    assert "removed  Deployment/ml-inference/ui-server" in stat
