"""Container image references.

Origin: distribution/reference@v0.6.0 regexp.go (ReferenceRegexp), reference.go Parse
(RepositoryNameTotalLengthMax, counted on the path without the registry host) and
normalize.go ParseNormalizedNamed, splitDockerDomain (a bare 64-hex name is refused; Docker
Hub names gain "library/"); opencontainers/go-digest@v1.0.0 Digest.Validate (sha256, sha384,
sha512 with lower-case hex of 64, 96, 128 digits: the algorithms kubelet registers).
kubernetes/kubernetes@v1.34.1 pkg/util/parsers/parsers.go ParseImageName is where kubelet
applies it (module k8s.io/kubernetes v1.34.1 requires distribution/reference v0.6.0 and
go-digest v1.0.0). Knative's webhook parses with go-containerregistry name.ParseReference,
which accepts the same shapes (not verified at a tag).
"""

from __future__ import annotations

import re

from generator.lint.facts.k8s import cached

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_COMPONENT = rf"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_TAG = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"  # Go RE2 \w is ASCII only
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
REFERENCE = re.compile(rf"(?P<name>(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*)(?::(?P<tag>{_TAG}))?"
                       rf"(?:@(?P<digest>{_DIGEST}))?")
NAME_MAX = 255
IDENTIFIER = re.compile(r"[a-f0-9]{64}")
DIGEST_HEX = {"sha256": 64, "sha384": 96, "sha512": 128}


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
    if IDENTIFIER.fullmatch(image):
        return [f"{image!r} is a 64-digit hexadecimal string, which cannot be a repository name"]
    if len(_path(found.group("name"))) > NAME_MAX:
        return [f"repository name of {image!r} is longer than {NAME_MAX} characters"]
    digest = found.group("digest")
    if digest:
        algorithm, _, encoded = digest.partition(":")
        if algorithm not in DIGEST_HEX:
            return [f"digest algorithm {algorithm!r} of {image!r} is not sha256, sha384 or sha512"]
        if len(encoded) != DIGEST_HEX[algorithm] or encoded != encoded.lower():
            return [f"{algorithm} digest of {image!r} needs {DIGEST_HEX[algorithm]} lower-case hex digits"]
    return []


def _path(name: str) -> str:
    """The repository path without the registry host, as splitDockerDomain normalises it."""
    head, slash, rest = name.partition("/")
    if slash and (head == "localhost" or any(c in head for c in ".:") or head != head.lower()):
        docker_hub = head in ("docker.io", "index.docker.io")
        path = rest
    else:
        docker_hub, path = True, name
    return f"library/{path}" if docker_hub and "/" not in path else path


def tag(image: str) -> str | None:
    """The tag of a valid reference, None when it has none (or is invalid)."""
    found = REFERENCE.fullmatch(image)
    return found.group("tag") if found else None
