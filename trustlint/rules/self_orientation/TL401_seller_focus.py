"""TL401 seller-focus: The message talks about the sender far more than about the reader."""
from __future__ import annotations

from bisect import bisect_right
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext, option
from ..guards import in_conversation, opt_out_footer_start


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
    lexicons = ("pronouns", "seller_needs", "opt_out", "inclusive_we")
    message = ("Seller-centred: {seller} we/our/us or seller needs and {self_} I/me/my against {reader} you/your "
               "(ratio {ratio:.1f}, threshold {threshold:.1f})")
    suggestion = "Rewrite the sentences around the reader: what changes for them, in their words (\"you can now ...\")."
    options = {"threshold": 1.5, "min_mentions": 4}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        s = doc.stats
        tally = {"seller": s.seller_pronouns, "self": s.self_pronouns, "reader": s.reader_pronouns}
        # The list footer ("we don't want anyone to receive our mailings ... unsubscribe") is
        # boilerplate, not copy: pronouns from the footer's paragraph on are not counted.
        footer = opt_out_footer_start(doc)
        pronouns = doc.matches("pronouns")
        if footer is not None:
            for m in pronouns:
                if m.field == "body" and m.start >= footer:
                    tally[m.entry.id] -= 1
        # The sender's own needs ("our campaign", "my goal", "help us", "we need") weigh twice a
        # "we": an appeal built around what the sender must reach centres the sender.
        needs = sum(1 for m in doc.matches("seller_needs")
                    if m.field != "from" and not (footer is not None and m.field == "body" and m.start >= footer))
        seller = tally["seller"] + NEED_WEIGHT * needs
        ratio = (seller + 0.5 * tally["self"] + 1) / (tally["reader"] + 1)
        threshold = float(option(ctx, self, "threshold"))
        # A message must say we/our/us a few times: a review or a note in the first person
        # ("I loved it", "my order") is not a brand talking about itself, nor is a short offer
        # with one "we have" in it.
        if ratio <= threshold or seller < int(option(ctx, self, "min_mentions")):
            return
        # A reply that quotes the thread, a forward or a discussion-list post: "we" is the people
        # in the conversation ("I think we need to fix this first"), not a brand talking about itself.
        if in_conversation(doc):
            return
        # "Let's look at the first case", "all of us who ...": the inclusive "we" of a tutorial or a
        # letter to a community takes the reader along; said twice, the "we" is not a brand's.
        if sum(1 for m in doc.matches("inclusive_we") if m.field != "from") >= 2:
            return
        # Point at the sentence with the most seller pronouns.
        mine = [m for m in pronouns if m.entry.id in ("seller", "self")]
        best, best_count = None, 0
        for pf in doc.fields.values():
            # one pass: each pronoun is counted in the sentence holding it (bisect), not every
            # sentence re-scanning every pronoun
            sents = pf.sentence_spans("sentencizer")
            starts = sents.starts
            counts = [0] * len(sents)
            for m in mine:
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
            seller=seller, self_=tally["self"], reader=tally["reader"],
            ratio=ratio, threshold=threshold))


#: a seller-need phrase counts as this many we/our/us
NEED_WEIGHT = 2
