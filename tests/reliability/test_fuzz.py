"""Property-based fuzzing: valid catalogs always generate (and validate) clean; mutated ones
always end in a located CatalogError or valid output, never in any other exception."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import helm
from generator.catalog import load_catalog
from generator.errors import CatalogError
from generator.findings import Severity
from generator.lint.yamlio import iter_documents, load_one
from generator.output.write import write_tree
from generator.render.generate import generate
from generator.validate.admission import rejected, to_catalog
from generator.validate.tree import Options, validate_tree
from tests.reliability.trees import catalog, model

SETTINGS = {"derandomize": True, "deadline": None, "database": None,
            "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}

# the YAML 1.1 words a reader retypes (a model named n once became chart "false") among the names
YAML11 = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
label = st.one_of(st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6})?\Z"), st.sampled_from(YAML11))
tag = st.sampled_from(["1.0.0", "2", "Yes", "N", "1e3", "012", "0x1F", "1_000", "2001-12-14", "True", "NULL"])
cpu = st.sampled_from(["100m", "250m", "1", "2", "0.5", "4"])
MEMORY = ("128Mi", "512Mi", "1Gi", "1.5Gi", "2G", "8Gi")  # ascending: a valid limit is never below its request
env_value = st.sampled_from(["1", "info", "/models", "http://svc.ns.svc.cluster.local:8000", "false", "", "y", "~",
                             "1:20", ".inf", "0o7", "<<", "Off"])
env_name = st.sampled_from(["LOG_LEVEL", "MODEL_DIR", "WORKERS", "UPSTREAM_URL", "DEBUG"])


@st.composite
def model_entry(draw: st.DrawFn, name: str) -> dict[str, Any]:
    port = draw(st.integers(1024, 9000).filter(lambda p: p not in (8081, 7071)))
    request = draw(st.integers(0, len(MEMORY) - 1))
    limit = draw(st.integers(request, len(MEMORY) - 1))
    entry = model(name, namespace=draw(st.sampled_from(["ml", "serving", "team-a"])),
                  ports=[{"name": "http", "port": port}],
                  resources={"requests": {"cpu": draw(cpu), "memory": MEMORY[request]},
                             "limits": {"memory": MEMORY[limit]}},
                  env=draw(st.dictionaries(env_name, env_value, max_size=3)),
                  image={"repository": "registry.example.com/demo", "tag": draw(tag)},
                  labels={"team": draw(label)}, annotations={"example.com/note": draw(env_value)})
    shape = draw(st.sampled_from(["fixed", "hpa"]))
    if shape == "fixed":
        entry["scaling"] = {"replicas": draw(st.integers(1, 4))}
    else:
        low = draw(st.integers(1, 3))
        entry["scaling"] = {"min": low, "max": draw(st.integers(low, 10)),
                            "cpuUtilization": draw(st.integers(10, 95))}
    if draw(st.booleans()):
        entry["gpu"] = {"count": draw(st.integers(1, 4))}
    if draw(st.booleans()):
        entry["disruption"] = {"maxUnavailable": 1}
    if draw(st.booleans()):
        entry["probes"]["liveness"] = {"path": "/live", "port": "http", "initialDelaySeconds": 30}
    if draw(st.booleans()):
        entry["workload"] = "StatefulSet"
        entry["scaling"] = {"replicas": draw(st.integers(1, 3))}
    if draw(st.booleans()):
        entry["networkPolicy"] = {"allowFrom": [{"namespaceLabels": {"team": draw(label)}}]}
    return entry


@st.composite
def valid_catalog(draw: st.DrawFn) -> dict[str, Any]:
    usable = label.filter(lambda n: n not in ("root", "project") and not n.startswith("storage-"))
    names = draw(st.lists(usable, min_size=1, max_size=3, unique=True))
    return catalog([draw(model_entry(n)) for n in names])


def _assert_generated_tree_is_clean(cat: Any, root: Path) -> None:
    """Write the tree, then the promise: every chart renders with Helm and validate finds no error,
    and each chart's Chart.yaml and Application name the model as the string it is."""
    write_tree(root, generate(cat).files)
    findings = validate_tree(cat, root, Options(ignore_missing_schemas=True)).findings
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors and (root / "catalog.yaml").is_file():
        # what generate does with them: admission errors go back to the catalog field behind them
        # (exit 2, nothing written), which is a located rejection; anything else is a bug
        mapped = to_catalog(errors, cat, root / "catalog.yaml")
        assert len(rejected(errors)) == len(errors), [str(f) for f in errors][:5]
        assert mapped and all(f.file == "catalog.yaml" and f.line >= 1 for f in mapped), [str(f) for f in mapped]
        event("rejected by generate at a catalog field")
        return
    assert not errors, [str(f) for f in errors][:5]
    for m in cat.models:
        # read as Helm and the API server do (y/n are booleans there): load_one, not safe_load
        assert load_one((root / "charts" / m.name / "Chart.yaml").read_text())["name"] == m.name
        app = load_one((root / "apps" / f"{m.name}.yaml").read_text())
        assert app["spec"]["source"]["helm"]["releaseName"] == m.name
        rendered = helm.render(helm.Release(root / "charts" / m.name, m.name, m.namespace)).manifests
        kinds = {d["kind"] for template, text in rendered.items() if template.endswith(".yaml")
                 for d, _l, _n in iter_documents(text) if d}
        assert {"ServiceAccount", "Service"} <= kinds, kinds


@settings(max_examples=30, **SETTINGS)
@given(valid_catalog())
def test_valid_catalogs_load_generate_and_validate(tmp_path_factory: Any, data: dict[str, Any]) -> None:
    root = tmp_path_factory.mktemp("gen")
    (root / "catalog.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    _assert_generated_tree_is_clean(load_catalog(root / "catalog.yaml", "catalog.yaml"), root)


junk = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                 st.text(max_size=20), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
                 st.sampled_from(["../../etc/passwd", "/abs", "8GB", "two", "-1", "x" * 300, "Ünïcödé",
                                  "a\tb"]))


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(_paths(v, (*prefix, i)))
    return out


@st.composite
def mutated_text(draw: st.DrawFn) -> bytes:
    data = copy.deepcopy(draw(valid_catalog()))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["delete", "replace", "rename"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(junk)
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(path[-1])
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()
    if draw(st.booleans()):  # byte-level damage: garbage spliced in somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.binary(min_size=1, max_size=16)) + text[at:]
    return text


@settings(max_examples=400, **SETTINGS)
@given(mutated_text())
def test_mutations_fail_cleanly_or_generate(tmp_path_factory: Any, text: bytes) -> None:
    root: Path = tmp_path_factory.mktemp("mut")
    (root / "catalog.yaml").write_bytes(text)
    try:
        cat = load_catalog(root / "catalog.yaml", "catalog.yaml")
    except CatalogError as err:
        event("rejected with a located finding")
        assert err.findings
        for finding in err.findings:
            assert finding.file == "catalog.yaml" and finding.line >= 1 and finding.column >= 1, str(finding)
            assert finding.message
        return
    event("loaded: generated and validated")
    _assert_generated_tree_is_clean(cat, root)


RETYPED = ["y", "N", "yes", "No", "ON", "off", "true", "False", "null", "~", "", "0", "012", "0x1F", "0o7", "1_000",
           "1e3", "1:20", ".inf", "-.Inf", ".nan", "2001-12-14", "<<", "="]


@st.composite
def retyped_leaf(draw: st.DrawFn) -> dict[str, Any]:
    """A valid catalog with one string leaf replaced by text a YAML 1.1 reader would retype."""
    data = copy.deepcopy(draw(valid_catalog()))
    leaves = [p for p in _paths(data) if p and isinstance(_at(data, p), str)]
    path = draw(st.sampled_from(leaves))
    _at(data, path[:-1])[path[-1]] = draw(st.sampled_from(RETYPED))
    return data


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@settings(max_examples=60, **SETTINGS)
@given(retyped_leaf())
def test_retypable_strings_anywhere_are_rejected_or_kept(tmp_path_factory: Any, data: dict[str, Any]) -> None:
    """The string reaches the loader as a string (safe_dump quotes it): either the schema refuses it
    with a located finding, or every file infergen writes keeps it a string and validates clean."""
    root: Path = tmp_path_factory.mktemp("retyped")
    (root / "catalog.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    try:
        cat = load_catalog(root / "catalog.yaml", "catalog.yaml")
    except CatalogError as err:
        event("rejected with a located finding")
        assert all(f.file == "catalog.yaml" and f.line >= 1 and f.message for f in err.findings)
        return
    event("loaded: generated and validated")
    _assert_generated_tree_is_clean(cat, root)
