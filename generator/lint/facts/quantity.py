"""Resource quantities.

Origin: kubernetes/apimachinery pkg/api/resource/quantity.go at v0.34.0, ParseQuantity
(the number/suffix split and the binary SI, decimal SI and decimal exponent suffixes).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_SPLIT = re.compile(r"([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)")
_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1),
            "k": Decimal(10**3), "M": Decimal(10**6), "G": Decimal(10**9), "T": Decimal(10**12),
            "P": Decimal(10**15), "E": Decimal(10**18)}
_BARE = re.compile(r"[+-]?[0-9.]+")
_EXPONENT = re.compile(r"[eE][-+]?[0-9]+")


def parse(value: object) -> Decimal | None:
    """The quantity's value in base units, or None when ParseQuantity would reject it."""
    return _parse(value) if isinstance(value, str) else _number(value)


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    return None


@lru_cache(maxsize=4096)
def _parse(value: str) -> Decimal | None:
    found = _SPLIT.fullmatch(value)
    if not found:
        return None
    number, suffix = found.groups()
    if number.count(".") > 1 or number in ("", ".", "+", "-"):
        return None
    try:
        base = Decimal(number)
    except InvalidOperation:
        return None
    if suffix in _BINARY:
        return base * _BINARY[suffix]
    if suffix in _DECIMAL:
        return base * _DECIMAL[suffix]
    if _EXPONENT.fullmatch(suffix):
        return base * Decimal(10) ** int(suffix[1:])
    return None


def unitless(value: object) -> bool:
    """A bare number (bytes for memory and storage)."""
    return (isinstance(value, int | float) and not isinstance(value, bool)) or (
        isinstance(value, str) and _BARE.fullmatch(value) is not None)
