"""Validation renders each chart from the bytes it has read, as an in-memory archive without
values.schema.json (it checks the values against that schema itself). The output must be what
Helm renders from the directory, and a file Helm's directory loader would skip must send the
chart down Helm's own path."""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

import helm_python
import pytest
import yaml

from generator import helm
from generator.output.staging import apply
from generator.pipeline import run_generate
from generator.tgz import gzip_tar
from generator.validate.shapes import read_chart
from generator.validate.tree import Options, _by_chart, _written
from tests.conftest import base_catalog
from tests.core.chart_trees import generated_charts


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generated_charts(tmp_path_factory.mktemp("trees"))


def _value_sets(chart: Path) -> list[tuple[str, ...]]:
    envs = sorted(p.name for p in chart.glob("values-*.yaml"))
    return [("values.yaml",), *(("values.yaml", e) for e in envs)]


def test_every_generated_chart_renders_alike_from_memory(charts: list[Path]) -> None:
    compared = 0
    for chart in charts:
        files = read_chart(chart)
        for value_files in _value_sets(chart):
            release = helm.Release(chart, chart.name, "ml", value_files)
            expected = helm.render(release).manifests
            assert expected, chart
            assert helm.render_prechecked(release, files).manifests == expected, (chart.name, value_files)
            compared += 1
    assert compared >= len(charts) > 10


@pytest.mark.parametrize("stray", ["templates/.hidden.yaml", "templates/extra.yaml.bak", ".idea/extra.yaml",
                                   "templates/notes~"])
def test_a_file_the_directory_loader_ignores_is_ignored(charts: list[Path], tmp_path: Path, stray: str) -> None:
    chart = shutil.copytree(charts[0], tmp_path / charts[0].name)
    target = chart / stray
    target.parent.mkdir(parents=True, exist_ok=True)
    # a template that would fail the render if Helm loaded it
    target.write_text('{{ fail "this file is ignored by .helmignore or the loader defaults" }}\n')
    release = helm.Release(chart, chart.name, "ml")
    files = read_chart(chart)
    assert stray in files
    assert helm.render_prechecked(release, files).manifests == helm.render(release).manifests


def test_a_template_helm_loads_is_rendered(charts: list[Path], tmp_path: Path) -> None:
    chart = shutil.copytree(charts[0], tmp_path / charts[0].name)
    (chart / "templates" / "tests" / ".kept.yaml").write_text("# only top-level templates/ dotfiles are skipped\n")
    (chart / "templates" / "extra.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n")
    release = helm.Release(chart, chart.name, "ml")
    manifests = helm.render_prechecked(release, read_chart(chart)).manifests
    assert manifests == helm.render(release).manifests
    assert "kind: ConfigMap" in manifests[f"{chart.name}/templates/extra.yaml"]


def test_only_the_schema_check_is_left_out(charts: list[Path], tmp_path: Path) -> None:
    """A value the schema refuses stops Helm's render but not the pre-checked one (whose caller
    reports it as helm-values-schema); everything else still fails alike."""
    chart = shutil.copytree(charts[0], tmp_path / charts[0].name)
    (chart / "values-bad.yaml").write_text("image:\n  pullPolicy: Sometimes\n")
    release = helm.Release(chart, chart.name, "ml", ("values.yaml", "values-bad.yaml"))
    with pytest.raises(helm_python.HelmValuesError):
        helm.render(release)
    rendered = helm.render_prechecked(release, read_chart(chart)).manifests
    assert any("imagePullPolicy: Sometimes" in text for text in rendered.values())
    (chart / "templates" / "broken.yaml").write_text('{{ fail "broken" }}\n')
    with pytest.raises(helm_python.HelmError, match="broken"):
        helm.render_prechecked(release, read_chart(chart))


def test_archive_round_trips_short_long_and_empty_files() -> None:
    files = {"Chart.yaml": b"name: x\n", "empty": b"", "a/" + "b" * 99 + "/" + "c" * 90: b"prefixed",
             "d" * 180: b"gnu long name", "block": b"x" * 512, "odd": b"y" * 513}
    with tarfile.open(fileobj=io.BytesIO(gzip_tar(files, "top")), mode="r:gz") as tar:
        members = tar.getmembers()
        got = {m.name: (tar.extractfile(m) or io.BytesIO()).read() for m in members}
    assert got == {f"top/{k}": v for k, v in files.items()}
    assert all(m.isreg() and m.mode == 0o644 for m in members)


def test_generate_checks_the_users_own_files_beside_what_it_wrote(write_catalog) -> None:
    """generate validates the charts it has just written from memory, unless a chart directory
    holds a file it did not write: then from disk, as Argo CD would see it."""
    catalog = base_catalog()
    path = write_catalog(catalog)
    options = Options(ignore_missing_schemas=True, progress=False)
    assert run_generate(path, None, check=False, validate=True, quiet=True, options=options).exit == 0
    (path.parent / "charts/demo/templates/extra.yaml").write_text('{{ fail "a template the user added" }}\n')
    catalog["models"][0]["image"]["tag"] = "2.0.0"  # so that the chart is written and validated again
    path.write_text(yaml.safe_dump(catalog), encoding="utf-8")
    result = run_generate(path, None, check=False, validate=True, quiet=True, options=options)
    assert result.exit == 1
    assert [f.rule for f in result.errors if "a template the user added" in f.message] == ["helm-render"]


def _bom_helmignore(chart: Path) -> None:
    ignore = chart / ".helmignore"
    ignore.write_bytes(b"\xef\xbb\xbfextra.yaml\n" + ignore.read_bytes())  # Helm strips the BOM
    (chart / "templates" / "extra.yaml").write_text('{{ fail "ignored by the first rule" }}\n')


def _cr_in_a_rule(chart: Path) -> None:
    ignore = chart / ".helmignore"
    ignore.write_bytes(ignore.read_bytes() + b"x\ry.yaml\n")


def _backslash_name(chart: Path) -> None:
    (chart / "templates" / "a\\b.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ab\n")


def _dotdot_name(chart: Path) -> None:
    (chart / "..notes.txt").write_text("the archive loader refuses this name; the directory loader takes it\n")


@pytest.mark.parametrize("mutate", [_bom_helmignore, _cr_in_a_rule, _backslash_name, _dotdot_name],
                         ids=lambda f: f.__name__.strip("_"))
def test_what_the_archive_loader_reads_otherwise_goes_to_the_directory(charts: list[Path], tmp_path: Path,
                                                                       mutate) -> None:
    chart = shutil.copytree(charts[0], tmp_path / charts[0].name)
    mutate(chart)
    release = helm.Release(chart, chart.name, "ml")
    assert not helm._loaded_as_read(read_chart(chart))
    assert helm.render_prechecked(release, read_chart(chart)).manifests == helm.render(release).manifests


def test_generate_reads_a_chart_holding_a_symlink_from_the_stage(tmp_path: Path) -> None:
    """A link in the stage may point at a file the writer rewrites after comparing through it."""
    stage = tmp_path / "stage"
    (stage / "charts/a").mkdir(parents=True)
    (stage / "charts/b").mkdir(parents=True)
    (stage / "charts/b/v.yaml").write_bytes(b"old\n")
    (stage / "charts/a/v.yaml").symlink_to("../b/v.yaml")
    wanted = {"charts/a/v.yaml": b"old\n", "charts/a/Chart.yaml": b"name: a\n", "charts/b/v.yaml": b"new\n"}
    result = apply(stage, wanted, frozenset())
    assert (stage / "charts/a/v.yaml").read_bytes() == b"new\n"  # what a really holds now
    assert result.links == {"charts/a/v.yaml"}
    contents = _by_chart(wanted)
    listed = _by_chart({rel: rel in result.links for rel in result.present})
    assert _written(contents, listed, "a") is None  # read from the stage, not from memory
    assert _written(contents, listed, "b") == {"v.yaml": b"new\n"}
