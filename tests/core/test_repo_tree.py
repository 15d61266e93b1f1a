"""Issue 2: the repo's example charts and apps, and what `infergen generate` does to a tree on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import helm_python
import pytest
import yaml

from generator import helm
from generator.catalog import load_catalog
from generator.findings import Severity
from generator.lint import Linter, parse_text
from generator.validate.tree import Options, external_refs, lint_config, release_configs
from tests.conftest import REPO, bench_path

CHARTS = sorted(p for p in (REPO / "charts").iterdir() if (p / "Chart.yaml").is_file())


def upstream_crds() -> tuple[str, ...]:
    """The independent upstream CRD copies in ../shared, for the cross-check run; skips when absent."""
    return (str(bench_path("yaml", what="the upstream CRD copies")),)


@pytest.mark.parametrize("chart", CHARTS, ids=lambda p: p.name)
def test_repo_chart_passes_helm_lint_strict(chart: Path):
    report = helm_python.lint(str(chart), strict=True)
    bad = [m for m in report.get("messages", []) if m.get("severity", 0) >= 2]
    assert not bad and not report.get("errors"), (bad, report.get("errors"))


def _lint_repo(crds: tuple[str, ...]) -> tuple[list[Any], set[str], dict[tuple[str, str], str]]:
    """Findings, kinds and schema origins of every committed chart and Application."""
    catalog = load_catalog(REPO / "catalog.yaml")
    options = Options(crds=crds)
    external = external_refs(catalog)
    findings: list[Any] = []
    kinds: set[str] = set()
    origins: dict[tuple[str, str], str] = {}
    # every release of every environment, each checked against its own cluster's facts (Knative
    # feature flags, versions) and its environment's namespaces
    for _env, release, config in release_configs(catalog, REPO, options, external):
        docs = []
        for name, text in helm.render(release).manifests.items():
            if name.endswith(".yaml") and text.strip():
                docs.extend(parse_text(text, f"charts/{name}"))
        kinds.update(d.kind for d in docs)
        linter = Linter(config)
        findings.extend(linter.lint(docs))
        origins.update(linter.store.origin)
    apps = [d for app in sorted((REPO / "apps").rglob("*.yaml"))
            for d in parse_text(app.read_text(), app.relative_to(REPO).as_posix())]
    kinds.update(d.kind for d in apps)
    linter = Linter(lint_config(None, catalog, options, external))
    findings.extend(linter.lint(apps))
    origins.update(linter.store.origin)
    return findings, kinds, origins


def test_repo_manifests_pass_strict_schemas_and_rules():
    findings, kinds, origins = _lint_repo(())
    assert {"Application", "AppProject", "KongPlugin", "ServiceMonitor", "StatefulSet", "Deployment",
            "Service", "InferenceService"} <= kinds
    errors = [str(f) for f in findings if f.severity is Severity.ERROR]
    assert errors == []
    # the only warning is the deliberate :latest image of the Triton reference (msv2 renders its 2.0 canary)
    assert sorted({(f.rule, f.resource) for f in findings}) == [
        ("image-latest", "Deployment/asr-staging/triton-multilingual-asr"),
        ("image-latest", "Deployment/asr/triton-multilingual-asr"),
    ]
    # every custom kind was checked against a schema infergen ships, none skipped as missing
    custom = {k: v for (api, k), v in origins.items() if "." in api and not api.split("/")[0].endswith("k8s.io")}
    assert set(custom) == {"Application", "AppProject", "KongPlugin", "KongConsumer", "ServiceMonitor",
                           "InferenceService", "Service", "ScaledObject"}  # Service: the Knative one
    assert all(v.startswith("bundled ") for v in custom.values()), custom
    assert not [f for f in findings if f.rule == "schema-missing"]


def test_repo_manifests_same_verdict_as_upstream_crd_copies():
    """Cross-check: the bundled schemas and the independent upstream copies agree on every document."""
    crds = upstream_crds()
    bundled, _, _ = _lint_repo(())
    upstream, _, origins = _lint_repo(crds)
    assert [str(f) for f in upstream] == [str(f) for f in bundled]
    assert "crd" in origins.values()


def _copy_example(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "catalog.yaml", dest / "catalog.yaml")
    return dest / "catalog.yaml"


def _generate(catalog: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", "-c", str(catalog), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=catalog.parent,
        check=False,
    )


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts and p.name != ".infergen.lock"
    }


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example catalog generated once (with validation) in a temp git repository."""
    root = tmp_path_factory.mktemp("example")
    catalog = _copy_example(root)
    result = _generate(catalog)
    assert result.returncode == 0, result.stderr
    return root


def test_example_generates_the_committed_tree(example: Path):
    generated = _snapshot(example)
    committed = {rel: (REPO / rel).read_bytes() for rel in generated if rel.startswith(("charts/", "apps/"))}
    assert {k: v for k, v in generated.items() if k.startswith(("charts/", "apps/"))} == committed
    assert set(committed) == {
        p.relative_to(REPO).as_posix() for p in (REPO / "charts").rglob("*") if p.is_file()
    } | {p.relative_to(REPO).as_posix() for p in (REPO / "apps").rglob("*") if p.is_file()}


def test_generate_twice_is_byte_identical_and_git_clean(example: Path, tmp_path: Path):
    root = tmp_path / "repo"
    shutil.copytree(example, root)
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
    shutil.copy(REPO / ".gitignore", root / ".gitignore")  # ignores .infergen.lock, as in a real repo
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "init"], cwd=root, check=True)
    before = _snapshot(root)
    result = _generate(root / "catalog.yaml")
    assert result.returncode == 0, result.stderr
    assert "0 file(s) written, 0 removed" in result.stderr
    assert _snapshot(root) == before
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status == ""


def test_removed_model_deleted_foreign_files_kept_unchanged_not_rewritten(example: Path, tmp_path: Path):
    root = tmp_path / "repo"
    shutil.copytree(example, root)
    foreign = [
        root / "charts" / "README.md",
        root / "charts" / "ui-server" / "values-prod.yaml",
        root / "apps" / "manual-app.yaml",
    ]
    for path in foreign:
        path.write_text("# hand-written, not generated\n")
    mtimes = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    data: dict[str, Any] = yaml.safe_load((root / "catalog.yaml").read_text())
    names = [m["name"] for m in data["models"]]
    data["models"] = [m for m in data["models"] if m["name"] != "trainer-server"]
    ui = next(m for m in data["models"] if m["name"] == "ui-server")
    ui["image"]["tag"] = "2.2.0"
    (root / "catalog.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    result = _generate(root / "catalog.yaml", "--verbose")
    assert result.returncode == 0, result.stderr
    assert "trainer-server" in names
    assert not (root / "charts" / "trainer-server").exists()
    assert not (root / "apps" / "trainer-server.yaml").exists()
    for path in foreign:
        assert path.read_text() == "# hand-written, not generated\n"
    wrote = {line.split()[-1] for line in result.stderr.splitlines() if line.startswith("wrote")}
    assert {"charts/ui-server/Chart.yaml", "charts/ui-server/values.yaml"} <= wrote
    stamps = {"charts/.infergen-generation", "apps/.infergen-generation"}  # a new generation, so new stamps
    assert stamps <= wrote
    assert all(w.startswith("charts/ui-server/") or w in {"apps/project.yaml", *stamps} for w in wrote), wrote
    rewritten = {
        p.relative_to(root).as_posix()
        for p, before in mtimes.items()
        if p.exists() and p.stat().st_mtime_ns != before
    }
    # besides the generated files: the edited catalog, the lock and the (untracked) chart cache
    assert rewritten - {"catalog.yaml", ".infergen.lock", ".infergen-cache/charts.json",
                        ".infergen-cache/validated.json"} == wrote
    assert "2.2.0" in (root / "charts/ui-server/values.yaml").read_text()
