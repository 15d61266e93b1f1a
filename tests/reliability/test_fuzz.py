"""Property-based fuzzing: valid catalogs always generate (and validate) clean; mutated ones
always end in a located CatalogError or valid output, never in any other exception."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalog import load_catalog
from generator.errors import CatalogError
from generator.findings import Severity
from generator.stages.generate import generate
from generator.stages.validate import Options, validate_tree
from generator.stages.write import write_tree
from tests.reliability.trees import catalog, model

SETTINGS = {"derandomize": True, "deadline": None, "database": None,
            "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}

label = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6})?\Z")
cpu = st.sampled_from(["100m", "250m", "1", "2", "0.5", "4"])
MEMORY = ("128Mi", "512Mi", "1Gi", "1.5Gi", "2G", "8Gi")  # ascending: a valid limit is never below its request
env_value = st.sampled_from(["1", "info", "/models", "http://svc.ns.svc.cluster.local:8000", "false", ""])
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
                  env=draw(st.dictionaries(env_name, env_value, max_size=3)))
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


@settings(max_examples=8, **SETTINGS)
@given(valid_catalog())
def test_valid_catalogs_generate_and_validate_clean(tmp_path_factory: Any, data: dict[str, Any]) -> None:
    root = tmp_path_factory.mktemp("valid")
    (root / "catalog.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    cat = load_catalog(root / "catalog.yaml", "catalog.yaml")
    write_tree(root, generate(cat).files)
    findings = validate_tree(cat, root, Options(ignore_missing_schemas=True)).findings
    errors = [str(f) for f in findings if f.severity is Severity.ERROR]
    assert not errors, errors


@settings(max_examples=60, **SETTINGS)
@given(valid_catalog())
def test_valid_catalogs_load_and_generate(tmp_path_factory: Any, data: dict[str, Any]) -> None:
    root = tmp_path_factory.mktemp("gen")
    (root / "catalog.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    files = generate(load_catalog(root / "catalog.yaml", "catalog.yaml")).files
    assert files and all(isinstance(v, str) for v in files.values())


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
        assert err.findings
        for finding in err.findings:
            assert finding.file == "catalog.yaml" and finding.line >= 1 and finding.column >= 1, str(finding)
            assert finding.message
        return
    assert generate(cat).files
