"""Meta rules: findings about trustlint's own directives, not about the copy.

They are not in the TL1xx-TL6xx catalog, never change the trust score, and are made by the
engine (not by check()); they are listed by `trustlint rules` and explained by `explain`.
"""
from __future__ import annotations

from ..findings import Component, Severity
from .base import parse_doc


class UnusedSuppression:
    """A `trustlint: disable` directive that suppresses nothing.

    Why: A stale suppression hides the next real problem on that line and tells reviewers
    something was wrong that no longer is; like ruff's RUF100, unused suppressions are reported so
    they get removed when the copy changes.
    Source: ruff rule RUF100 (unused-noqa) and ESLint --report-unused-disable-directives.

    Fires:
        <!-- trustlint: disable=TL504 -->\\nYour order shipped today.
        Thanks for your order. <!-- trustlint: disable-line=TL506 -->
    Passes:
        <!-- trustlint: disable=TL506 -->\\nDear valued customer,\\n\\nYour statement is ready.
    """

    code = "TL001"
    name = "unused-suppression"
    severity = Severity.WARNING
    component = Component.RELIABILITY  # nominal: meta findings never enter the score
    message = "Unused suppression for {code}: no {code} finding on the line(s) it covers"
    suggestion = "Remove the directive (or the code) from the comment."
    context_keys: tuple[str, ...] = ()
    options: dict = {}

    @property
    def doc(self):
        return parse_doc(type(self).__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.summary


META_RULES = (UnusedSuppression(),)
META_CODES = frozenset(r.code for r in META_RULES)
