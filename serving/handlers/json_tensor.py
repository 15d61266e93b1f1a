"""TorchServe handler: JSON numbers in, JSON numbers out, for TorchScript models.

Accepts ``{"data": [[...], ...]}``, ``{"instances": [...]}`` (KServe v1; answered as
``{"predictions": [...]}``; an instance may itself be ``{"data": [...]}``, answered with its
rows) or a bare list. Rows of every request in a server-side batch are stacked into one
tensor, run once, and split back: one response per request.
"""

from __future__ import annotations

import json
from typing import Any

import torch
from ts.torch_handler.base_handler import BaseHandler


def body_of(row: dict[str, Any]) -> Any:
    """The decoded JSON body of one request (TorchServe decodes application/json itself)."""
    body = row.get("body", row.get("data"))
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8")
    if isinstance(body, str):
        body = json.loads(body)
    return body


def items_of(body: Any, keys: tuple[str, ...]) -> tuple[list[Any], bool]:
    """(items, is_kserve_v1): the list under ``instances`` or the first present key.

    Each handler is one self-contained file: only the handler file is packed into the .mar.
    """
    if isinstance(body, dict):
        if "instances" in body:
            return list(body["instances"]), True
        for key in keys:
            if key in body:
                value = body[key]
                return (list(value) if isinstance(value, list) else [value]), False
        raise ValueError(f"request body needs one of {[*keys, 'instances']}, got keys {sorted(body)}")
    if isinstance(body, list):
        return body, False
    raise ValueError(f"request body must be a JSON object or list, got {type(body).__name__}")


class JsonTensorHandler(BaseHandler):  # type: ignore[misc]
    """BaseHandler loads the TorchScript file and picks CUDA when the worker has a GPU."""

    def preprocess(self, data: list[dict[str, Any]]) -> torch.Tensor:
        self._groups: list[list[int] | None] = []  # per request: rows per dict instance, or None
        self._counts: list[int] = []
        self._v1: list[bool] = []
        tensors = []
        for row in data:
            items, v1 = items_of(body_of(row), ("data", "inputs"))
            groups = None
            if v1 and items and all(isinstance(i, dict) for i in items):
                nested = [items_of(i, ("data", "inputs"))[0] for i in items]
                groups, items = [len(n) for n in nested], [r for n in nested for r in n]
            t = torch.as_tensor(items, dtype=torch.float32)
            tensors.append(t)
            self._counts.append(t.shape[0])
            self._v1.append(v1)
            self._groups.append(groups)
        return torch.cat(tensors).to(self.device)

    def inference(self, data: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
        with torch.inference_mode():
            return self.model(data)  # type: ignore[no-any-return]

    def postprocess(self, data: torch.Tensor) -> list[Any]:
        out = []
        for chunk, v1, groups in zip(torch.split(data.cpu(), self._counts), self._v1, self._groups, strict=True):
            rows: list[Any] = chunk.tolist()
            if groups is not None:
                rows = [g.tolist() for g in torch.split(chunk, groups)]
            out.append({"predictions": rows} if v1 else rows)
        return out

