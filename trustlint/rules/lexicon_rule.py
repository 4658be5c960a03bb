"""Rules with no Python: a lexicon's `rule:` section plus its entries (existence checks).

Built-in simple rules (TL504, TL506) and a campaign repository's own rules (banned phrases,
brand words) use this one generic kind, like Vale's `existence` styles.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from ..context import KEYS as CONTEXT_KEYS
from ..findings import Component, Hit, Severity
from ..lexicon import Lexicon, LexiconError
from .base import RuleContext, RuleDoc

if TYPE_CHECKING:
    from ..nlp import Document

REQUIRED = ("code", "name", "severity", "component", "summary", "why", "message", "suggestion")


class LexiconRule:
    """A rule defined by data. Same interface as trustlint.rules.base.Rule."""

    def __init__(self, lexicon: Lexicon) -> None:
        spec: dict[str, Any] = lexicon.rule or {}
        where = f"{lexicon.origin}: rule"
        missing = [k for k in REQUIRED if not spec.get(k)]
        if missing:
            raise LexiconError(f"{where}: missing {', '.join(missing)}")
        try:
            self.severity = Severity.parse(spec["severity"])
            self.component = Component(spec["component"])
        except ValueError as exc:
            raise LexiconError(f"{where}: {exc}") from None
        self.lexicon = lexicon.name
        self.code = str(spec["code"])
        self.name = str(spec["name"])
        self.message = str(spec["message"])
        self.suggestion = str(spec["suggestion"])
        self.fields = tuple(spec.get("fields") or ())
        self.when: dict[str, Any] = dict(spec.get("when") or {})
        bad = set(self.when) - set(CONTEXT_KEYS)
        if bad:
            raise LexiconError(f"{where}: 'when' names unknown context key(s) {', '.join(sorted(bad))}")
        self.context_keys = tuple(self.when)
        self.options: dict[str, Any] = {}
        examples = spec.get("examples") or {}
        self.doc = RuleDoc(str(spec["summary"]), str(spec["why"]), str(spec.get("source", "")),
                           tuple(examples.get("fires", ())), tuple(examples.get("passes", ())))
        self.summary = self.doc.summary
        self.origin = lexicon.origin

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Hit]:
        if any(getattr(ctx.campaign, k) != v for k, v in self.when.items()):
            return
        for m in doc.matches(self.lexicon):
            if self.fields and m.field not in self.fields:
                continue
            message = m.entry.data.get("message")
            yield Hit(m.field, m.start, m.end,
                      message.format(match=m.text) if message else self.message.format(match=m.text),
                      m.entry.data.get("suggestion"))
