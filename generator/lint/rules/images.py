"""Container image references."""

from __future__ import annotations

from collections.abc import Iterator

from generator.findings import Severity
from generator.lint.documents import Document
from generator.lint.facts import image
from generator.lint.rules.base import Context, Hit, rule
from generator.lint.rules.pods import POD_KINDS

E = Severity.ERROR


@rule("image-reference", E, "image that is not a valid reference (e.g. a :tag inside the repository path)",
      "write [registry[:port]/]path/name[:tag][@sha256:digest], lower-case path, the tag last",
      kinds=POD_KINDS,
      origin="distribution/reference regexp.go, normalize.go ParseNormalizedNamed (v0.6.0); knative/serving "
             "pkg/apis/serving/k8s_validation.go validate (name.ParseReference, knative-v1.23.0)")
def image_reference(doc: Document, ctx: Context) -> Iterator[Hit]:
    for path, c in ctx.index.containers(doc):
        value = c.get("image")
        if isinstance(value, str) and value:
            errs = image.problems(value)
            if errs:
                yield Hit(f"{path}.image", "; ".join(errs))
