"""The bad-input corpus: every ``invalid/<case>/`` must fail cleanly and leave the output alone.

Each case holds ``catalog.yaml`` (or ``make.py`` with ``make(path)`` for inputs too big or
too binary to commit) and ``expected.yaml``: ``message``, ``line``, ``column``, ``path``
and optionally ``hint`` (substrings of the finding). The CLI must exit 2, name
``file:line:column``, the field path and the hint, print no traceback, and leave an
existing generated tree byte-for-byte unchanged.
"""

from __future__ import annotations

import runpy
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalog import load_catalog
from generator.cli import main
from generator.errors import CatalogError
from generator.output.write import write_tree
from generator.render.generate import generate
from tests.reliability.trees import catalog, model, run_cli, tree_hash

CORPUS = Path(__file__).parent / "invalid"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
SUBPROCESS = ["alias-billion-laughs", "tag-python-object", "oversized-50mb", "null-byte-binary",
              "duplicate-model-names", "secret-env-password"]


def materialize(case: str, dest: Path) -> Path:
    """Write the case's catalog to ``dest/catalog.yaml`` (copied, or made by ``make.py``)."""
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / "catalog.yaml"
    source = CORPUS / case
    if (source / "make.py").exists():
        runpy.run_path(str(source / "make.py"))["make"](target)
    else:
        shutil.copyfile(source / "catalog.yaml", target)
    return target


def expected(case: str) -> dict[str, Any]:
    data = yaml.safe_load((CORPUS / case / "expected.yaml").read_text(encoding="utf-8"))
    assert {"message", "line", "column", "path"} <= set(data), f"{case}/expected.yaml is incomplete"
    return data


@pytest.fixture(scope="module")
def out_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A previously generated output tree, and its hash."""
    root = tmp_path_factory.mktemp("existing")
    (root / "catalog.yaml").write_text(yaml.safe_dump(catalog([model("demo"), model("other")])))
    write_tree(root, generate(load_catalog(root / "catalog.yaml")).files)
    (root / "charts" / "notes-by-a-human.md").write_text("not generated: must survive\n")
    return root, tree_hash(root)


def check_report(text: str, exp: dict[str, Any]) -> None:
    assert "Traceback" not in text
    where = f"catalog.yaml:{exp['line']}:{exp['column']}: "
    lines = [ln for ln in text.splitlines() if where in ln and exp["message"] in ln]
    assert lines, f"no finding {exp['message']!r} at {where} in:\n{text}"
    line = lines[0]
    if exp["path"]:
        assert f" {exp['path']}: " in line, line
    assert exp["message"] in line, line
    if exp.get("hint"):
        assert "(hint: " in line and exp["hint"] in line.split("(hint: ", 1)[1], line


def test_corpus_size() -> None:
    assert len(CASES) >= 80
    for case in CASES:
        files = {p.name for p in (CORPUS / case).iterdir()}
        assert "expected.yaml" in files and files & {"catalog.yaml", "make.py"}, case


@pytest.mark.parametrize("case", CASES)
def test_invalid_catalog(case: str, tmp_path: Path, out_tree: tuple[Path, str],
                         capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    exp = expected(case)
    path = materialize(case, tmp_path / "in")
    out, before = out_tree
    monkeypatch.setattr(sys, "argv", ["infergen", "generate", "-c", str(path), "--out", str(out)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    assert exit_info.value.code == 2, captured.err
    check_report(captured.err, exp)
    assert "Traceback" not in captured.out
    assert tree_hash(out) == before, "a failed run changed the output tree"


@pytest.mark.parametrize("case", CASES)
def test_loader_finding(case: str, tmp_path: Path) -> None:
    """The loader raises CatalogError whose findings carry the expected location and path."""
    exp = expected(case)
    with pytest.raises(CatalogError) as err:
        load_catalog(materialize(case, tmp_path), "catalog.yaml")
    where = (exp["line"], exp["column"], exp["path"])
    hits = [f for f in err.value.findings
            if (f.line, f.column, f.path) == where and exp["message"] in f.message]
    assert hits, [str(f) for f in err.value.findings]


@pytest.mark.parametrize("case", SUBPROCESS)
def test_invalid_catalog_subprocess(case: str, tmp_path: Path, out_tree: tuple[Path, str]) -> None:
    """A few cases through the real entry point: exit status, stderr and the tree as a user sees them."""
    exp = expected(case)
    path = materialize(case, tmp_path / "in")
    out, before = out_tree
    proc = run_cli("generate", "-c", str(path), "--out", str(out))
    assert proc.returncode == 2, proc.stderr
    check_report(proc.stderr, exp)
    assert "Traceback" not in proc.stdout
    assert tree_hash(out) == before
