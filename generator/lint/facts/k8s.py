"""Kubernetes name, label, port and env grammars.

Origin: kubernetes/apimachinery pkg/util/validation/validation.go at v0.34.0 (the library
of kubernetes v1.34.0): IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label,
IsQualifiedName, IsValidLabelValue, IsValidPortName, IsEnvVarName, IsRelaxedEnvVarName,
IsValidPortNum. Each function returns the reasons a value is invalid ([] when valid).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., list[str]])


def cached(fn: F) -> F:
    """Memoise a pure validator (the same names and labels repeat across thousands of documents);
    each caller still gets its own list."""
    memo = lru_cache(maxsize=8192)(lambda *args: tuple(fn(*args)))

    @wraps(fn)
    def wrapper(*args: object) -> list[str]:
        return list(memo(*args))

    return wrapper  # type: ignore[return-value]


MEMO_MAX = 1 << 16


def remember(valid: set[str], value: object) -> None:
    """Add ``value`` to ``valid``, a set of strings one pure check has passed (emptied when full).

    Only exact ``str`` values go in, and no other type compares equal to a ``str``, so membership
    means the very same text passed before: a set lookup instead of the check, same verdict.
    """
    if type(value) is str:
        if len(valid) >= MEMO_MAX:
            valid.clear()
        valid.add(value)


DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
DNS1035_LABEL = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
ENV_VAR_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")
PORT_NAME_CHARS = re.compile(r"[-a-z0-9]+")
LABEL_MAX = 63
SUBDOMAIN_MAX = 253
PORT_NAME_MAX = 15  # IANA_SVC_NAME (RFC 6335)


def _grammar(value: str, pattern: re.Pattern[str], limit: int, what: str) -> list[str]:
    errs = [] if pattern.fullmatch(value) else [f"{value!r} is not a valid {what}"]
    if len(value) > limit:
        errs.append(f"{value!r} is {len(value)} characters, more than {limit}")
    return errs


@cached
def dns1123_label(value: str) -> list[str]:
    return _grammar(value, DNS1123_LABEL, LABEL_MAX, "DNS-1123 label ([a-z0-9-], alphanumeric at both ends)")


@cached
def dns1123_subdomain(value: str) -> list[str]:
    return _grammar(value, DNS1123_SUBDOMAIN, SUBDOMAIN_MAX, "DNS-1123 subdomain (lower case, '-', '.')")


@cached
def dns1035_label(value: str) -> list[str]:
    return _grammar(value, DNS1035_LABEL, LABEL_MAX, "DNS-1035 label (starts with a letter; [a-z0-9-])")


@cached
def qualified_name(key: str) -> list[str]:
    """A label or annotation key: optional DNS subdomain prefix and '/', then a name ≤ 63."""
    prefix, slash, name = key.rpartition("/")
    errs = []
    if slash and (not prefix or dns1123_subdomain(prefix)):
        errs.append(f"prefix {prefix!r} of key {key!r} is not a DNS-1123 subdomain")
    if key.count("/") > 1:
        errs.append(f"key {key!r} has more than one '/'")
    errs += _grammar(name, QUALIFIED_NAME, LABEL_MAX, "qualified name ([A-Za-z0-9-_.], alphanumeric at both ends)")
    return errs


@cached
def label_value(value: str) -> list[str]:
    """Empty, or a qualified name of at most 63 characters."""
    return _grammar(value, QUALIFIED_NAME, LABEL_MAX, "label value ([A-Za-z0-9-_.], alphanumeric at both ends)") \
        if value else []


@cached
def port_name(value: str) -> list[str]:
    """IANA_SVC_NAME: ≤ 15 of [-a-z0-9], at least one letter, no '--', no hyphen at either end."""
    errs = []
    if len(value) > PORT_NAME_MAX:
        errs.append(f"{value!r} is longer than {PORT_NAME_MAX} characters")
    if not PORT_NAME_CHARS.fullmatch(value):
        errs.append(f"{value!r} may contain only a-z, 0-9 and '-'")
    if not re.search("[a-z]", value):
        errs.append(f"{value!r} must contain a letter")
    if "--" in value or value.startswith("-") or value.endswith("-"):
        errs.append(f"{value!r} has '--' or a hyphen at an end")
    return errs


@cached
def env_var_name(value: str, relaxed: bool) -> list[str]:
    """IsRelaxedEnvVarName (printable ASCII but '=') under RelaxedEnvironmentVariableValidation,
    on by default since v1.32; IsEnvVarName before."""
    if relaxed:
        if not value or any(ord(ch) > 126 or ord(ch) < 32 or ch == "=" for ch in value):
            return [f"{value!r} must be printable ASCII other than '='"]
        return []
    return [] if ENV_VAR_NAME.fullmatch(value) else [f"{value!r} is not a valid env var name ([-._a-zA-Z0-9], "
                                                    "not starting with a digit)"]


def port_number(value: object) -> bool:
    """IsValidPortNum: 1..65535."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535
