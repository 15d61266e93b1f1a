"""One error model: every error class of the package is an InfergenError, every exit status is an
``Exit`` member that some command uses and README documents."""

from __future__ import annotations

import ast
import re

import pytest

from generator.errors import Exit, InfergenError
from tests.conftest import REPO

PACKAGE = REPO / "generator"
# raised and caught inside one module, never seen by a user; or click's own hierarchy
NOT_INFERGEN = {"YamlSyntaxError": "a ValueError the YAML readers raise and LintInputError reports",
                "MissingExtra": "a click.ClickException (exit_code Exit.INPUT) so click prints it"}


def _classes() -> dict[str, list[str]]:
    """class name → base names, for every class of the package."""
    out: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                out[node.name] = [ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases]
    return out


def test_every_error_class_is_an_infergen_error() -> None:
    classes = _classes()

    def infergen(name: str) -> bool:
        return name == "InfergenError" or any(infergen(b) for b in classes.get(name, []))

    errors = [n for n, bases in classes.items()
              if any(re.search(r"(Error|Exception)$", b) for b in bases) or re.search(r"(Error|Timeout)$", n)]
    assert {"TorchServeError", "ScaffoldError", "LintInputError", "SchemaFetchError", "CatalogError",
            "FilesystemError", "LockTimeout"} <= set(errors)
    strays = [n for n in errors if not infergen(n) and n not in NOT_INFERGEN and n != "InfergenError"]
    assert not strays, f"error classes outside InfergenError: {strays}"


@pytest.mark.parametrize("name", ["TorchServeError", "ScaffoldError", "LintInputError", "SchemaFetchError"])
def test_moved_errors_carry_an_exit(name: str) -> None:
    from generator.lint.documents import LintInputError
    from generator.lint.locations import SchemaFetchError
    from generator.pipeline.scaffold import ScaffoldError
    from generator.torchserve.errors import TorchServeError

    cls = {c.__name__: c for c in (TorchServeError, ScaffoldError, LintInputError, SchemaFetchError)}[name]
    assert issubclass(cls, InfergenError) and isinstance(cls.exit, Exit)


def test_every_exit_member_is_used_and_documented() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if p.name != "errors.py")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sentence = re.search(r"Exit codes: (.*?)\.\n\n", readme, re.S)
    assert sentence, "README has no 'Exit codes: ...' sentence"
    documented = {int(n) for n in re.findall(r"(?<![\w-])(\d+) [a-z]", sentence.group(1))}
    assert documented == {int(m) for m in Exit}, sentence.group(1)
    for member in Exit:
        assert re.search(rf"\bExit\.{member.name}\b", code), f"Exit.{member.name} is used nowhere"


def test_no_bare_exit_status_in_the_commands() -> None:
    """Exit statuses are Exit members: no ``sys.exit(1)`` / ``SystemExit(2)`` in the package
    (the standalone scripts run by path, without the package, excepted)."""
    standalone = {"linker.py", "podclient.py", "refresh.py"}
    bare = re.compile(r"(sys\.exit|SystemExit|ctx\.exit)\(\s*\d|exit_code\s*=\s*\d")
    found = [f"{p.relative_to(REPO)}:{i}" for p in PACKAGE.rglob("*.py") if p.name not in standalone
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if bare.search(line)]
    assert not found, found
