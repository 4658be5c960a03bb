"""TL404 premature-ask: Asks a stranger for a call, demo or meeting in the first two sentences."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext, option
from ..guards import has_quoted_thread


_SALUTATION = re.compile(r"^\s*(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|greetings)\b[^.!?\n]{0,40}[,!.]?\s*$", re.I)


_SELF_INTRO = re.compile(
    r"^\s*(?:(?:hi|hello|hey|dear)\b[^,!.\n]{0,40}[,!.]?\s*)?(?:i['’]m|i\s+am|i\s+run|i\s+lead|i\s+head|i\s+work|"
    r"my\s+name\s+is|this\s+is|we['’]re|we\s+are|i['’]m\s+reaching|i\s+wanted\s+to\s+introduce|quick\s+intro)\b", re.I)


class PrematureAsk(Rule):
    r"""Asks a stranger for a call, demo or meeting in the first two sentences.

    Why: A first-contact message that asks for the reader's time before offering anything
    shows that the sender's calendar matters more than the reader's problem. Give one useful
    thing first; the ask can come at the end, or not at all.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on self-orientation and
    earning the right to ask; Gong Labs, cold-email analyses (2019-2021), interest-based
    calls to action outperform meeting requests.

    Fires:
        Hi Sam,\n\nAre you free for a quick call this week? We help finance teams close faster.
        Can we hop on a 15-minute call on Thursday? I'd love to show you Acme.
        Hi Dana! I run sales at Acme. Do you have 15 minutes next week?
    Passes:
        Hi Sam,\n\nI read your post on month-end close. Most teams we see lose two days to manual matching. Here is a checklist that cut it to one. Book a demo if you'd like to see it live.
        ---\nfirst_contact: false\n---\nThanks for the intro, Dana. Could we book a call for Tuesday?
    """

    code = "TL404"
    name = "premature-ask"
    severity = Severity.WARNING
    component = Component.SELF_ORIENTATION
    lexicons = ("meeting_ask",)
    message = "Asks for the reader's time ('{match}') before offering anything, in a first-contact message"
    suggestion = "Lead with one useful thing for the reader; move the ask to the end and make it optional."
    context_keys = ("first_contact", "relationship_verified")
    options = {"sentences": 2}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        camp = ctx.campaign
        if not camp.first_contact or camp.relationship_verified or has_quoted_thread(doc):
            return
        body = doc.body
        limit = int(option(ctx, self, "sentences"))
        content = [(s, e) for s, e in body.sentence_spans("sentencizer")
                   if any(c.isalpha() for c in body.text[s:e]) and not _SALUTATION.match(body.text[s:e])]
        for m in doc.matches("meeting_ask", field="body"):
            index = next((i for i, (s, e) in enumerate(content) if s <= m.start < e), None)
            if index is None or index >= limit:
                continue
            # An ask that closes a message after something for the reader ("See how ... Book a
            # demo.") is fine; a self-introduction ("I run sales at Acme.") is not something.
            if index == len(content) - 1 and any(
                    not _SELF_INTRO.match(body.text[s:e]) for s, e in content[:index]):
                continue
            yield Hit("body", m.start, m.end, self.message.format(match=m.text))
            return
