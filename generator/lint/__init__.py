"""Manifest rule engine shared by ``infergen lint`` and ``infergen validate``.

Pipeline: :mod:`documents` (loader) → :class:`Linter` (schemas + rules) → list of
:class:`~generator.findings.Finding` → :mod:`report` (text, json, junit).
"""

from generator.lint.config import LintConfig
from generator.lint.documents import Document, LintInputError, load_paths, parse_text
from generator.lint.engine import Linter, resource_name
from generator.lint.report import Summary, render, summarize
from generator.lint.rules import RULES

__all__ = [
    "RULES", "Document", "LintConfig", "LintInputError", "Linter", "Summary", "load_paths", "parse_text",
    "render", "resource_name", "summarize",
]
