"""Personalization rules (TL5xx) that look at merge tokens."""
from __future__ import annotations

import re
from typing import Iterator

from ..findings import Component, Hit, Severity
from ..templates import MergeToken, fallback_hint
from .base import Rule, RuleContext


class BareNamePersonalization(Rule):
    r"""The only personal thing in the message is a first-name merge token.

    Why: "Hi {{first_name}}," on copy that is otherwise the same for everyone tells the reader
    you have a mailing list, not that you know them; the false note of intimacy costs more than
    a plain greeting.
    Source: Maister, Green & Galford (2000) on intimacy; Aguirre et al. (2015), Journal of
    Retailing 91(1), on the personalization paradox; Litmus/Campaign Monitor industry notes on
    first-name subject lines.

    Fires:
        Hi {{first_name}},\n\nOur spring collection is here. Shop the new arrivals today.
        Subject: *|FNAME|*, big news\n\nWe have launched our new app. Download it today.
        Hello %%FirstName%%,\n\nCheck out our latest webinar on marketing trends.\n\nUnsubscribe: *|UNSUB|*
    Passes:
        Hi {{first_name}},\n\nYour {{last_product}} refill is due next week; reorder in one click.
        Hi {{ first_name | default: 'there' }},\n\nYou bought espresso beans twice, so here are three similar roasts.
        Hi there,\n\nOur spring collection is here.
        ---\nbulk: false\n---\nHi {{first_name}},\n\nThanks for the call.
    """

    code = "TL501"
    name = "bare-name-personalization"
    severity = Severity.WARNING
    component = Component.INTIMACY
    message = "The first name ({token}) is the only personal element; the rest of the message is generic"
    suggestion = ("Add one detail the reader will recognise as theirs (\"your {{last_product}} refill is "
                  "due\"), or drop the name and write honestly to everyone.")
    context_keys = ("bulk",)

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        if not ctx.campaign.bulk:
            return
        fields = [(f, t) for f, t in doc.tokens if t.kind == "field" and not t.is_system]
        names = [(f, t) for f, t in fields if t.is_name]
        if not names or len(names) < len(fields) or doc.matches("contextual_personalization"):
            return
        field, tok = names[0]
        yield Hit(field, tok.start, tok.end, self.message.format(token=tok.raw))


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
        for pf in doc.fields.values():
            for tok in pf.tokens:
                if tok.kind != "field" or tok.fallback is not None or not tok.name:
                    continue
                if _guarded(tok, pf.tokens):
                    continue
                yield Hit(pf.name, tok.start, tok.end,
                          self.message.format(token=tok.raw, name=tok.name),
                          self.suggestion.format(hint=fallback_hint(tok.platform)))
