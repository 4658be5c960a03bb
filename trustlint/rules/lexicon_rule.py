"""Rules with no Python: a lexicon's `rule:` section plus its entries.

Two kinds, like Vale's styles: `existence` (the default) fires on every match of an entry
(banned phrases, brand words; built-in TL504, TL506); `required` fires once when NO entry
matches anywhere in the rule's fields (a disclaimer or unsubscribe line a campaign must carry).
Built-in rules use TL codes; a campaign repository's own rules must use another prefix.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from ..context import KEYS as CONTEXT_KEYS
from ..findings import Component, Hit, Severity
from ..nlp.lexicon import Lexicon, LexiconError
from .base import RuleContext, RuleDoc

if TYPE_CHECKING:
    from ..nlp.document import Document

REQUIRED = ("code", "name", "severity", "component", "summary", "why", "message", "suggestion")
CUSTOM_REQUIRED = ("code", "name", "severity", "component", "message", "suggestion")
KINDS = ("existence", "required")
FIELDS = ("subject", "preheader", "body")
CUSTOM_CODE = re.compile(r"[A-Z]{2,10}[0-9]{1,4}")


class LexiconRule:
    """A rule defined by data. Same interface as trustlint.rules.base.Rule."""

    def __init__(self, lexicon: Lexicon) -> None:
        spec: dict[str, Any] = lexicon.rule or {}
        where = f"{lexicon.origin}: rule"
        for key in ("code", "name", "message", "suggestion", "summary", "why"):
            if isinstance(spec.get(key), bool):
                raise LexiconError(f"{where}.{key}: YAML read this as true/false; put the text in quotes")
        missing = [k for k in (REQUIRED if lexicon.builtin else CUSTOM_REQUIRED) if not spec.get(k)]
        if missing:
            raise LexiconError(f"{where}: missing {', '.join(missing)}")
        try:
            self.severity = Severity.parse(spec["severity"])
        except ValueError as exc:
            raise LexiconError(f"{where}.severity: {exc}") from None
        try:
            self.component = Component(spec["component"])
        except ValueError:
            raise LexiconError(f"{where}.component: {spec['component']!r} is not one of "
                               f"{', '.join(c.value for c in Component)}") from None
        self.lexicon = lexicon.name
        self.code = str(spec["code"])
        if not lexicon.builtin and (not CUSTOM_CODE.fullmatch(self.code) or self.code.startswith("TL")):
            raise LexiconError(f"{where}.code: '{self.code}' must be 2-10 capital letters then digits, "
                               "and not start with TL (reserved for built-in rules), e.g. ACME101")
        self.name = str(spec["name"])
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.name):
            raise LexiconError(f"{where}.name: '{self.name}' must be kebab-case, e.g. banned-phrase")
        self.kind = str(spec.get("kind", "existence"))
        if self.kind not in KINDS:
            raise LexiconError(f"{where}.kind: '{self.kind}' is not one of {', '.join(KINDS)}")
        self.message = str(spec["message"])
        self.suggestion = str(spec["suggestion"])
        templates = [("message", self.message)] + [
            (f"entry '{e.id}'.message", str(e.data["message"])) for e in lexicon.entries if "message" in e.data]
        for key, template in templates:
            try:
                template.format(match="")
            except (KeyError, IndexError, ValueError):
                raise LexiconError(f"{where}.{key}: the only placeholder allowed is {{match}}") from None
        fields = spec.get("fields") or []
        if not isinstance(fields, list) or any(f not in FIELDS for f in fields):
            raise LexiconError(f"{where}.fields: must be a list of {', '.join(FIELDS)}")
        self.fields = tuple(fields)
        self.when: dict[str, Any] = dict(spec.get("when") or {})
        bad = set(self.when) - set(CONTEXT_KEYS)
        if bad:
            raise LexiconError(f"{where}: 'when' names unknown context key(s) {', '.join(sorted(bad))}")
        self.context_keys = tuple(self.when)
        self.options: dict[str, Any] = {}
        examples = spec.get("examples") or {}
        if not isinstance(examples, dict) or set(examples) - {"fires", "passes"}:
            raise LexiconError(f"{where}.examples: must be a mapping with 'fires' and 'passes' lists")
        summary = spec.get("summary") or lexicon.description or self.message.format(match="…")
        self.doc = RuleDoc(str(summary), str(spec.get("why") or ""), str(spec.get("source", "")),
                           tuple(examples.get("fires", ())), tuple(examples.get("passes", ())))
        self.summary = self.doc.summary
        self.origin = lexicon.origin

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Hit]:
        if any(getattr(ctx.campaign, k) != v for k, v in self.when.items()):
            return
        if self.kind == "required":
            yield from self._check_required(doc)
            return
        for m in doc.matches(self.lexicon):
            if self.fields and m.field not in self.fields:
                continue
            message = m.entry.data.get("message")
            yield Hit(m.field, m.start, m.end,
                      message.format(match=m.text) if message else self.message.format(match=m.text),
                      m.entry.data.get("suggestion"))

    def _check_required(self, doc: Document) -> Iterator[Hit]:
        """One hit, at the end of the body, when no entry matches in any of the rule's fields."""
        if any(not self.fields or m.field in self.fields for m in doc.matches(self.lexicon)):
            return
        text = doc.body.text.rstrip()
        start = text.rfind("\n") + 1  # the last line, where footers and disclaimers go
        yield Hit("body", start, len(text), self.message.format(match=""))
