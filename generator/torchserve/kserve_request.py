"""KServe v1/v2 requests built from a catalog ``smokeTest``, and the answer to check in the reply.

The smoke request is one instance: v1 sends ``{"instances": [request]}`` to
``/v1/models/<name>:predict``; v2 sends it as one BYTES element (JSON text) to
``/v2/models/<name>/infer``. Both paths are what the kserve wrapper forwards to TorchServe's
inference API and what TorchServe itself serves (pytorch/serve v0.12.0
``InferenceRequestHandler.java``, the KServe v1/v2 routes).
"""

from __future__ import annotations

import json
from typing import Any

from generator.spec import Model


def protocol(model: Model) -> str:
    """v1 or v2 (grpc-v2 is smoke-tested over REST v2, which the same handler answers)."""
    version = (model.kserve.protocol_version if model.kserve else None) or "v1"
    return "v1" if version == "v1" else "v2"


def request(model: Model, instance: Any) -> tuple[str, bytes]:
    """(URL path, JSON body) for one instance."""
    if protocol(model) == "v1":
        return f"/v1/models/{model.name}:predict", json.dumps({"instances": [instance]}).encode()
    text = instance if isinstance(instance, str) else json.dumps(instance)
    body = {"inputs": [{"name": "input-0", "shape": [1], "datatype": "BYTES", "data": [text]}]}
    return f"/v2/models/{model.name}/infer", json.dumps(body).encode()


def answer(model: Model, reply: Any) -> Any:
    """The first instance's answer in a reply, or raise ValueError saying what is missing."""
    return answer_for(protocol(model), reply)


def answer_for(version: str, reply: Any) -> Any:
    """:func:`answer` for a protocol name (``v1`` or ``v2``)."""
    if version == "v1":
        if not isinstance(reply, dict) or not isinstance(reply.get("predictions"), list) or not reply["predictions"]:
            raise ValueError(f"a KServe v1 reply needs a non-empty 'predictions' list, got {str(reply)[:200]}")
        return reply["predictions"][0]
    outputs = reply.get("outputs") if isinstance(reply, dict) else None
    if not outputs or "data" not in outputs[0] or "shape" not in outputs[0]:
        raise ValueError(f"a KServe v2 reply needs outputs with shape and data, got {str(reply)[:200]}")
    shape, data = outputs[0]["shape"], outputs[0]["data"]
    return _reshape(data[: _size(shape[1:])], shape[1:])


def _size(shape: list[int]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _reshape(flat: list[Any], shape: list[int]) -> Any:
    if len(shape) <= 1:
        return flat
    step = _size(shape[1:])
    return [_reshape(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]
