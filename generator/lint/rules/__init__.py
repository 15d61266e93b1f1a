"""Built-in rules; importing this package registers them all in :data:`RULES`."""

from generator.lint.rules import (  # noqa: F401  (imported for registration)
    crossref,
    crossref_objects,
    knative,
    kserve,
    resources,
    scaling,
    security,
)
from generator.lint.rules.base import RULES, Context, Hit, Rule, rule

__all__ = ["RULES", "Context", "Hit", "Rule", "rule"]
