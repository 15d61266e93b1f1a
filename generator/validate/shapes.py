"""Group charts by shape, so ``helm lint`` runs once per distinct chart shape.

``helm lint --strict`` costs about 20 ms a chart, most of it per rendered document, and
what it checks depends on the templates and on which values *exist*, not on what they
hold: missing keys under strict mode, template syntax, deprecated API versions and
Chart.yaml metadata. Two charts with the same templates, the same values structure and
the same Chart.yaml fields (bar name, description and appVersion) lint alike. The
value-dependent parts of lint (rendered YAML parses, names are valid, values match
values.schema.json) are checked for every chart anyway: each one is rendered, parsed and
validated against strict schemas.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

import yaml

from generator.filedigest import walk
from generator.valueshape import structure

_PER_CHART = re.compile(r"^(name|description|appVersion):.*$", re.MULTILINE)
_NAME = re.compile(r"^name:\s*['\"]?([^'\"\s]+)", re.MULTILINE)
_ACTION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_chart(chart: Path) -> dict[str, bytes]:
    """Every file of a chart directory in one pass, keyed by its path inside the chart
    (symlinked directories followed as Helm's loader follows them, loops cut: filedigest.walk)."""
    files: dict[str, bytes] = {}
    for rel, path, _linked in walk(os.fspath(chart)):
        with open(path, "rb") as fh:
            files[rel] = fh.read()
    return files


def chart_shape(files: dict[str, bytes], values: Any = None) -> str:
    """A digest equal for charts that ``helm lint`` treats alike (``values``: parsed values.yaml)."""
    digest = hashlib.sha256()
    name = _NAME.search(files.get("Chart.yaml", b"").decode())
    # helper names carry the chart's name ("<chart>.fullname"): the same templates under another name
    helper = f'"{name.group(1)}.'.encode() if name else None
    for rel in sorted(files):
        data = files[rel]
        if rel == "README.md":
            continue  # documentation: helm lint never reads it
        if helper and rel.startswith("templates/"):
            data = data.replace(helper, b'"\0.')
        if rel == "values.yaml":
            tree = values if values is not None else yaml.load(data, Loader=_LOADER)
            data = repr(structure(tree)).encode()
        elif rel == "Chart.yaml":
            data = _PER_CHART.sub(r"\1", data.decode()).encode()
        elif rel == "templates/NOTES.txt":
            data = "".join(_ACTION.findall(data.decode())).encode()  # plain text is never parsed
        digest.update(rel.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()
