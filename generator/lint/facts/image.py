"""Container image references.

Origin: distribution/reference regexp.go and normalize.go at v0.6.0 (the grammar kubelet
applies through ParseNormalizedNamed; Knative's webhook parses with go-containerregistry
name.ParseReference, which accepts the same shapes): a name of lower-case path components
with an optional registry host[:port], then an optional :tag, then an optional @digest.
"""

from __future__ import annotations

import re

from generator.lint.facts.k8s import cached

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_COMPONENT = rf"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
REFERENCE = re.compile(rf"(?P<name>(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*)(?::(?P<tag>{_TAG}))?"
                       rf"(?:@(?P<digest>{_DIGEST}))?")
NAME_MAX = 255


@cached
def problems(image: str) -> list[str]:
    """Why ``image`` is not a valid reference ([] when it is)."""
    found = REFERENCE.fullmatch(image)
    if found is None:
        hint = ""
        head, _, rest = image.partition("/")
        if any(":" in part for part in image.split("/")[1:-1]) or (":" in head and "/" in rest and
                                                                   not re.fullmatch(r"[^:]+:[0-9]+", head)):
            hint = " (a ':tag' inside the repository path: the tag goes after the last '/')"
        elif image != image.lower():
            hint = " (repository names are lower case)"
        return [f"{image!r} is not a valid image reference{hint}"]
    if len(found.group("name")) > NAME_MAX:
        return [f"repository name of {image!r} is longer than {NAME_MAX} characters"]
    return []


def tag(image: str) -> str | None:
    """The tag of a valid reference, None when it has none (or is invalid)."""
    found = REFERENCE.fullmatch(image)
    return found.group("tag") if found else None
