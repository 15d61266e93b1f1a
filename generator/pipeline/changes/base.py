"""The two sides of a change report: a base catalog (git revision or file) and the catalog now.

Both are rendered the same way: generated into a temporary directory and rendered with Helm's
engine as Argo CD would (:func:`generator.validate.manifests.render_tree`), so a report says what the
cluster would see, whatever the templates did.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.catalog import CatalogError, load_catalog
from generator.errors import InfergenError
from generator.pipeline.diff import generated
from generator.spec import Catalog
from generator.validate.manifests import Tree, render_tree


class BaseError(InfergenError):
    """The base to compare with cannot be read (exit 2)."""


def render_catalog(catalog: Catalog, only: str | None = None, scopes: Sequence[str | None] = (None,)) -> Tree:
    """Every resource ``catalog`` generates, rendered; nothing is written beside the catalog."""
    with generated(catalog) as root:
        return render_scopes(root, only, scopes)


def render_scopes(root: Path, only: str | None, scopes: Sequence[str | None]) -> Tree:
    """The trees of several environments (``apps/<env>/``) as one; the Applications' environment
    label keeps their rows apart. Environments that share a namespace name on different clusters
    would share keys: the later one is shown."""
    trees = [render_tree(root, only, scope) for scope in scopes]
    return Tree({k: r for tree in trees for k, r in tree.resources.items()},
                tuple(e for tree in trees for e in tree.errors))


def base_catalog(catalog_path: Path, ref: str | None, file: Path | None, same_as: str) -> Catalog:
    """The base catalog: ``catalog_path`` at git revision ``ref``, or the file ``file``.

    Relative paths inside it resolve against the catalog's directory, as for the catalog now;
    it is loaded under the name ``same_as`` of the catalog now, since the name reaches the output
    (an AppProject's description), and only its errors name the revision or file.
    """
    where = catalog_path.parent if str(catalog_path.parent) else Path(".")
    if file is not None:
        try:
            text = file.read_bytes()
        except OSError as exc:
            raise BaseError(f"--base-file {file}: cannot read it: {exc.strerror} "
                            "(hint: an earlier catalog, e.g. saved with `git show main:catalog.yaml`)") from None
        display = str(file)
    elif ref is not None:
        text = _git_show(where, ref, catalog_path.name)
        display = f"{ref}:{catalog_path.name}"
    else:
        raise ValueError("a base needs a ref or a file")
    with tempfile.TemporaryDirectory(prefix="infergen-base-") as tmp:
        copy = Path(tmp) / "catalog.yaml"
        copy.write_bytes(text)
        try:
            return load_catalog(copy, display=same_as, base_dir=where)
        except CatalogError:
            return load_catalog(copy, display=display, base_dir=where)  # raises again, located in the base


def _git_show(where: Path, ref: str, name: str) -> bytes:
    if ref.startswith("-"):  # never let a ref be read as an option of git
        raise BaseError(f"--base {ref}: not a revision (hint: a branch, tag or commit such as origin/main)")
    try:
        proc = subprocess.run(["git", "show", f"{ref}:./{name}"], cwd=where, capture_output=True, check=False)
    except OSError as exc:
        raise BaseError(f"--base {ref}: cannot run git: {exc.strerror} "
                        "(hint: install git, or pass the old catalog with --base-file)") from None
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BaseError(f"--base {ref}: cannot read {name} at that revision: "
                        f"{reason[0] if reason else 'git failed'} (hint: a branch, tag or commit of the repository "
                        "holding the catalog; in CI fetch it first, e.g. `git fetch --depth=1 origin main` "
                        "and pass origin/main)")
    return proc.stdout
