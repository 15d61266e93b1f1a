"""Smoke-test response checks (pure functions, no server)."""

from __future__ import annotations

from typing import Any


def shape_of(value: Any) -> tuple[int, ...]:
    """Shape of a nested JSON list (ragged lists report their first element's shape)."""
    shape: list[int] = []
    while isinstance(value, list):
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return tuple(shape)


def check_response(response: Any, expect_shape: tuple[int, ...] | None) -> str | None:
    """None when fine, else what is wrong. KServe v1 answers are judged by ``predictions``."""
    if isinstance(response, dict):
        if "error" in response or ("code" in response and response.get("code", 200) >= 400):
            return f"server answered with an error: {response}"
        if "predictions" in response:
            response = response["predictions"]
    if expect_shape is None:
        return None
    got = shape_of(response)
    if got != tuple(expect_shape):
        return f"response shape {list(got)} != expected {list(expect_shape)}"
    return None
