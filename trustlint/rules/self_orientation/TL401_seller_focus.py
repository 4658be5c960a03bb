"""TL401 seller-focus: The message talks about the sender far more than about the reader."""
from __future__ import annotations

from bisect import bisect_right
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext, option
from ..guards import in_conversation


class SellerFocus(Rule):
    r"""The message talks about the sender far more than about the reader.

    Why: Self-orientation is the denominator of the Trust Equation: the more a message is about
    "we" and "our", the less the reader believes it is about them. "I" weighs half, because a
    person saying "I" reads as someone helping, where a brand's "we" reads as promotion.
    Source: Maister, Green & Galford, The Trusted Advisor (2000); Packard, Moore & McFerran
    (2018), "(I'm) Happy to Help (You)", Journal of Marketing Research 55(4).

    Fires:
        We are proud of our platform. Our team built our new engine and we think our customers love our work. We ship our updates weekly.
        At Acme we believe our mission matters. Our founders started us in 2010 and our values guide us. We lead our industry.
    Passes:
        You can now export your reports in one click. Your team sees your changes as you make them.
        We added one thing you asked for: you can now export your reports.
    """

    code = "TL401"
    name = "seller-focus"
    severity = Severity.WARNING
    component = Component.SELF_ORIENTATION
    lexicons = ("pronouns",)
    message = ("Seller-centred: {seller} we/our/us and {self_} I/me/my against {reader} you/your "
               "(ratio {ratio:.1f}, threshold {threshold:.1f})")
    suggestion = "Rewrite the sentences around the reader: what changes for them, in their words (\"you can now ...\")."
    options = {"threshold": 1.5, "min_mentions": 2}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        s = doc.stats
        ratio = (s.seller_pronouns + 0.5 * s.self_pronouns + 1) / (s.reader_pronouns + 1)
        threshold = float(option(ctx, self, "threshold"))
        # A message must say we/our/us a few times: a review or a note in the first person
        # ("I loved it", "my order") is not a brand talking about itself.
        if ratio <= threshold or s.seller_pronouns < int(option(ctx, self, "min_mentions")):
            return
        # A reply that quotes the thread, a forward or a discussion-list post: "we" is the people
        # in the conversation ("I think we need to fix this first"), not a brand talking about itself.
        if in_conversation(doc):
            return
        # Point at the sentence with the most seller pronouns.
        seller = [m for m in doc.matches("pronouns") if m.entry.id in ("seller", "self")]
        best, best_count = None, 0
        for pf in doc.fields.values():
            # one pass: each pronoun is counted in the sentence holding it (bisect), not every
            # sentence re-scanning every pronoun
            sents = pf.sentence_spans("sentencizer")
            starts = sents.starts
            counts = [0] * len(sents)
            for m in seller:
                if m.field == pf.name:
                    i = bisect_right(starts, m.start) - 1
                    if i >= 0 and m.start < sents[i][1]:
                        counts[i] += 1
            for (a, b), n in zip(sents, counts):
                if n > best_count:
                    best, best_count = (pf.name, a, b), n
        if best is None:
            return
        field, start, end = best
        text = doc.fields[field].text[start:end]
        start += len(text) - len(text.lstrip())
        end = start + len(text.strip())
        yield Hit(field, start, end, self.message.format(
            seller=s.seller_pronouns, self_=s.self_pronouns, reader=s.reader_pronouns,
            ratio=ratio, threshold=threshold))
