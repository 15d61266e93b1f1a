"""The yaml_rs fast path must never read a text differently from YAML 1.1 (PyYAML, Kubernetes)."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import yamlfast

AMBIGUOUS = st.sampled_from([
    "yes", "No", "ON", "off", "y", "N", "0755", "0o17", "0x1F", "0b101", "1:30", "190:20:30", "1_000", "1e3",
    "-2E+5", "1.5e3", "=", "2024-01-02", "2024-1-2T10:00:00Z",
])
AGREED = st.sampled_from([
    ".inf", "~", "null", "true", "False", "12", "-3", "1.5", "abc", "web-1", "'yes'", '"no"', "'0755'", "v1.2.3",
    "nvidia.com/gpu", "http://x:80", "a # c", "8Gi", "say yes", "0.5",
])
# Mostly scalars both versions agree on, so that a good share of documents take the fast path.
SCALARS = st.one_of(AGREED, AGREED, AGREED, AGREED, AMBIGUOUS)
KEYS = st.one_of(st.sampled_from(["a", "name", "key-1", "'no'"]), SCALARS)


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> str:
    lines = []
    indent = "  " * depth
    for _ in range(draw(st.integers(1, 4))):
        key = draw(KEYS)
        kind = draw(st.sampled_from(["scalar", "list", "map", "flow", "flowmap", "next-line"] if depth < 2
                                    else ["scalar", "flow"]))
        if kind == "scalar":
            lines.append(f"{indent}{key}: {draw(SCALARS)}")
        elif kind == "next-line":  # the value on its own, more indented line
            lines.append(f"{indent}{key}:\n{indent}  {draw(SCALARS)}")
        elif kind == "flow":
            lines.append(f"{indent}{key}: [{', '.join(draw(st.lists(SCALARS, max_size=3)))}]")
        elif kind == "flowmap":
            pairs = draw(st.lists(st.tuples(SCALARS, SCALARS), max_size=3))
            lines.append(f"{indent}{key}: {{{', '.join(f'{k}: {v}' for k, v in pairs)}}}")
        elif kind == "list":
            lines.append(f"{indent}{key}:")
            lines.extend(f"{indent}- {v}" for v in draw(st.lists(SCALARS, min_size=1, max_size=3)))
        else:
            lines.append(f"{indent}{key}:")
            lines.append(draw(documents(depth + 1)))
    return "\n".join(lines)


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(documents())
def test_fast_path_agrees_with_yaml_1_1_or_declines(text: str) -> None:
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # duplicate keys and the like: the caller's PyYAML path reports those
    ok, data = yamlfast.parse(text)
    if ok:
        assert data == expected, text


def test_ambiguous_scalars_decline_and_plain_manifests_pass() -> None:
    for text in ("a: yes\n", "a:\n- off\n", "mode: 0755\n", "t: 1:30\n", "n: 1_000\n", "d: 2024-01-02\n",
                 "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n", "%YAML 1.1\n---\na: 1\n", "a: 1\n...\n",
                 "a:\tb\n"):
        assert not yamlfast.usable(text), text
    manifest = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n"
    assert yamlfast.parse(manifest) == (True, yaml.safe_load(manifest))
