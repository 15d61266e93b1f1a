"""What a credential looks like: secret-ish names, well-known token shapes, long random strings.

Shared by the catalog's env check and the ``secret-literal`` lint rule.
"""

from __future__ import annotations

import re

SECRET_NAME = re.compile(r"PASSW(OR)?D|PASSWD|TOKEN|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL",
                         re.IGNORECASE)
SECRET_VALUE = re.compile(
    r"AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|sk-[A-Za-z0-9_-]{20,}"
    r"|xox[abprs]-[A-Za-z0-9-]{10,}|hf_[A-Za-z0-9]{30,}|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.|glpat-[A-Za-z0-9_-]{20,}")
# whole words of an env var name (TOKENIZERS_PARALLELISM is not a token)
SECRET_ENV = re.compile(r"(^|_)(PASSW(OR)?D|TOKEN|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)(_|$)",
                        re.IGNORECASE)
HIGH_ENTROPY = re.compile(r"^[A-Za-z0-9+/=_-]{32,}$")
SECRET_FLAG = re.compile(r"^--?[\w.-]*(passw(or)?d|token|secret|api[-_]?key|access[-_]?key|credential)[\w.-]*"
                         r"(=(?P<value>.+))?$", re.IGNORECASE)


def mixed(value: str) -> bool:
    """Lower case, upper case and digits together (random keys, not words or paths)."""
    return sum((any(c.islower() for c in value), any(c.isupper() for c in value),
                any(c.isdigit() for c in value))) == 3


def looks_secret(value: str) -> bool:
    """A known token shape, or a long random-looking string."""
    return bool(SECRET_VALUE.search(value)) or (bool(HIGH_ENTROPY.match(value)) and mixed(value))
