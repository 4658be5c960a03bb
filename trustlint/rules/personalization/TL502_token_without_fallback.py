"""TL502 token-without-fallback: A merge token with no fallback: a contact with an empty field gets "Hi ,"."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ...source.templates import (MergeToken, detect_platforms, effective_platform, fallback_hint)
from ..base import Rule, RuleContext


_ASSIGNED = re.compile(r"^\{%-?\s*(?:assign|set|capture|for)\s+([A-Za-z_]\w*)|^\{\{~?\s*#\s*each\b", re.I)


def _local(tok: MergeToken, tokens: tuple[MergeToken, ...]) -> bool:
    """True for a template variable (assigned, captured or a loop item), not a contact field."""
    root = re.split(r"[.|\s]", tok.name.strip().lstrip("$").strip("{}"), maxsplit=1)[0].lower()
    depth = 0
    for other in tokens:
        if other.start > tok.start:
            break
        if other.kind != "block":
            continue
        m = _ASSIGNED.match(other.raw)
        if m and m.group(1) and m.group(1).lower() == root:
            return True
        if m and m.group(1) is None:
            depth += 1
        elif re.match(r"^\{\{~?\s*/\s*each\b", other.raw):
            depth -= 1
    return depth > 0


def _guarded(tok: MergeToken, tokens: tuple[MergeToken, ...]) -> bool:
    """True when a conditional block naming the same field opens before the token."""
    key = re.sub(r"[^a-z0-9]", "", tok.name.lower())
    if not key:
        return False
    for other in tokens:
        if other.kind == "block" and other.start <= tok.start and re.search(r"(?i)\bif", other.raw):
            if key in re.sub(r"[^a-z0-9]", "", other.raw.lower()):
                return True
    return False


class TokenWithoutFallback(Rule):
    r"""A merge token with no fallback: a contact with an empty field gets "Hi ,".

    Why: Every list has rows with missing fields. Without a default the reader sees "Hi ," or a
    raw tag, the clearest possible sign of a mass mailing, and the sender looks careless.
    Source: Mailchimp, HubSpot, Klaviyo and Braze documentation on merge-tag defaults;
    Maister, Green & Galford (2000) on reliability.

    Fires:
        Hi {{ first_name }},\n\nYour invoice is ready.
        Hi %%FirstName%%,\n\nThanks for your order.
        Hello *|FNAME|*, your order has shipped.
    Passes:
        Hi {{ first_name | default: 'there' }},\n\nYour invoice is ready.
        Hi [[FIRSTNAME OR "there"]], your order has shipped.
        *|IF:FNAME|*Hi *|FNAME|*,*|ELSE:|*Hi there,*|END:IF|*\n\nYour order has shipped.
    """

    code = "TL502"
    name = "token-without-fallback"
    severity = Severity.WARNING
    component = Component.RELIABILITY
    message = "Merge token {token} has no fallback: contacts without '{name}' get a broken greeting"
    suggestion = "Give it a default: {hint}."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        platforms = detect_platforms(t for _, t in doc.tokens)
        for pf in doc.fields.values():
            for tok in pf.tokens:
                if tok.kind != "field" or tok.fallback is not None or not tok.name:
                    continue
                if _guarded(tok, pf.tokens) or _local(tok, pf.tokens):
                    continue
                yield Hit(pf.name, tok.start, tok.end,
                          self.message.format(token=tok.raw, name=tok.name),
                          self.suggestion.format(hint=fallback_hint(effective_platform(tok, platforms))))
