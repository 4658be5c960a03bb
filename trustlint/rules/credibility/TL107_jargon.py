"""TL107 jargon: Buzzword-dense copy (synergy, best-in-class, leverage, holistic), or a reading grade far above the audience."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from ...findings import Component, Hit, Severity
from ...nlp.lexicon import read_lexicon_file
from ...nlp.tokentable import F_ALPHA
from ..base import Rule, RuleContext, option
from ..evidence import SPLIT


def target_grade(audience: tuple[str, ...]) -> tuple[float, str]:
    """The lowest target reading grade among the audience values (lexicons/reading_grades.yml)."""
    table = read_lexicon_file("reading_grades")
    known = [(float(table["audiences"][a]), a) for a in audience if a in table["audiences"]]
    return min(known) if known else (float(table["default"]), "default")


class Jargon(Rule):
    r"""Buzzword-dense copy (synergy, best-in-class, leverage, holistic), or a reading grade far above the audience.

    Why: Buzzwords replace a checkable claim with a familiar noise; a paragraph of them tells
    the reader nothing they could hold you to, and copy written far above its audience's
    reading level is skimmed or misread. One or two buzzwords pass; the rule counts density
    (at least three, and at least 3 per 100 words) or three in one sentence. The reading grade
    (Flesch-Kincaid, on bodies of 60+ words) is compared with `audience` (lexicons/reading_grades.yml;
    grade 10 when no audience is set) and fires four grades above it.
    Source: Oppenheimer, "Consequences of Erudite Vernacular Utilized Irrespective of
    Necessity", Applied Cognitive Psychology 20(2) (2006); U.S. Federal Plain Language
    Guidelines (2011); Maister, Green & Galford, The Trusted Advisor (2000).

    Fires:
        Our best-in-class platform lets you leverage holistic synergies across your ecosystem.
        We empower teams with a seamless, scalable, end-to-end solution.
        Unlock actionable insights. Leverage synergy. Streamline everything.
    Passes:
        Your invoices now send themselves on the first of each month.
        Our robust hinges survive 20,000 openings in the lab. The case is recyclable, and shipping is free.
    """

    code = "TL107"
    name = "jargon"
    severity = Severity.INFO
    component = Component.CREDIBILITY
    lexicons = ("jargon",)
    message = "{count} buzzwords in {words} words ({examples})"
    suggestion = ("Replace each buzzword with the concrete thing it stands for: not \"leverage holistic "
                  "synergies\" but \"your sales and support teams see the same customer history\".")
    context_keys = ("audience",)
    options = {"min_buzzwords": 3, "per_100_words": 3.0, "per_sentence": 3, "grade_margin": 4.0,
               "min_words_for_grade": 60}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        hit = self._buzzwords(doc, ctx)
        if hit:
            yield hit
        hit = self._grade(doc, ctx)
        if hit:
            yield hit

    def _buzzwords(self, doc, ctx: RuleContext) -> Hit | None:
        found = doc.matches("jargon")
        if not found:
            return None
        words = max(1, doc.stats.words)
        dense = (len(found) >= int(option(ctx, self, "min_buzzwords"))
                 and 100.0 * len(found) / words >= float(option(ctx, self, "per_100_words")))
        best, best_n = None, 0
        for name, pf in doc.fields.items():
            mine = [m for m in found if m.field == name]
            for lo, hi in pf.sentence_spans(SPLIT) if mine else ():
                n = sum(1 for m in mine if lo <= m.start < hi)
                if n > best_n:
                    best, best_n = (name, lo, hi), n
        if best is None or not (dense or best_n >= int(option(ctx, self, "per_sentence"))):
            return None
        name, lo, hi = best
        text = doc.fields[name].text
        hi = lo + len(text[lo:hi].rstrip())
        examples = ", ".join(dict.fromkeys(m.text.lower() for m in found))
        return Hit(name, lo, hi, self.message.format(count=len(found), words=doc.stats.words, examples=examples))

    def _grade(self, doc, ctx: RuleContext) -> Hit | None:
        body = doc.field("body")
        if body is None:
            return None
        spans = body.sentence_spans(SPLIT)
        # alphabetic tokens, counted from the token table's flag array (no Tok per token)
        body_words = int(np.count_nonzero(body.doc.flags & F_ALPHA))
        if body_words < int(option(ctx, self, "min_words_for_grade")):
            return None
        grade = doc.readability.get("flesch_kincaid_grade")
        target, who = target_grade(ctx.campaign.audience)
        if grade is None or grade <= target + float(option(ctx, self, "grade_margin")):
            return None
        lo, hi = max(spans, key=lambda s: len(body.text[s[0]:s[1]].split()))
        hi = lo + len(body.text[lo:hi].rstrip())
        audience = "no audience set" if who == "default" else f"audience '{who}'"
        return Hit("body", lo, hi,
                   f"Reading grade {grade:.0f} is far above the target {target:.0f} ({audience}); longest sentence shown",
                   "Split long sentences and swap long words for short ones; aim for the audience's grade.")
