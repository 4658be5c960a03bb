"""TL303 sensitive-inference: Attributes a special-category topic (health, pregnancy, religion, debt ...) to the reader."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext
from ..guards import is_hypothetical, reader_follows


def _topic_key(value: str) -> str:
    return re.sub(r"[\s-]+", "_", value.strip().lower())


class SensitiveInference(Rule):
    r"""Attributes a special-category topic (health, pregnancy, religion, debt ...) to the reader.

    Why: Telling readers what you have inferred about their health, pregnancy, faith,
    sexuality, ethnicity, politics, union membership, body or money shows them they are being
    profiled. Readers who did not share it feel exposed and withdraw; in the EU, processing
    these categories needs explicit consent. Talking about the product ("our baby collection")
    is fine; attributing the topic to the person ("your pregnancy") is not, unless they told you.
    Source: Duhigg, "How Companies Learn Your Secrets", New York Times Magazine, 16 Feb 2012
    (Target's pregnancy prediction); GDPR Art. 9(1) special categories of personal data;
    Aguirre et al. (2015), Journal of Retailing 91(1), the personalization paradox.

    Fires:
        Congratulations on your pregnancy! Here are 10 must-haves for your second trimester.
        As someone managing depression, you know how hard Monday mornings can be.
        Since you're struggling with debt, our consolidation loan could help.
        As a devout Christian, you'll love our new devotional journal.
        Based on your DNA, we picked three supplements.
        Approved even with less-than-perfect credit!
        Melt away belly fat while you sleep.
        Consolidate all your card debts into one low payment.
    Passes:
        Browse our new baby collection.
        If you're pregnant, talk to your midwife before taking any supplement.
        ---\nconsented_topics: [pregnancy]\n---\nYour pregnancy week 20 update: your baby is the size of a banana.
        As a Christian bookstore, we stock over 4,000 titles.
        ---\nbulk: false\n---\nMira, here is the weight-loss study you asked me about at the clinic.
        Our credit union reports to every major bureau.
    """

    code = "TL303"
    name = "sensitive-inference"
    severity = Severity.ERROR
    component = Component.INTIMACY
    lexicons = ("reader_attribution", "sensitive_topics")
    tags = ("needs-reader", "targeting", "frame:identity", "frame:inferred", "frame:like-you", "frame:observe", "frame:someone", "frame:state")
    tag_values = ("sensitive_topics",)
    message = "Attributes {topic} to the reader ('{match}'), a sensitive topic they have not shared with you"
    suggestion = ("Talk about the product, not about what you infer about the person (\"Browse our new baby "
                  "collection\"); if readers told you and agreed to hear about it, add the topic to consented_topics.")
    targeting = "Targets readers by {topic} ('{match}'), a sensitive condition the copy presumes of them"
    hint = "{base} Topic key: consented_topics: [{key}]."
    context_keys = ("consented_topics", "bulk")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        consented = {_topic_key(t) for t in ctx.campaign.consented_topics}
        frames: dict[tuple[str, int], list] = {}
        for f in doc.matches("reader_attribution"):
            frames.setdefault((f.field, f.end), []).append(f)
        seen: set[tuple[str, int]] = set()
        for term in doc.matches("sensitive_topics"):
            tags = [str(t) for t in term.entry.data.get("tags", ())]
            keys = [_topic_key(t) for t in tags if not t.startswith("frame:")]
            only = {t[6:] for t in tags if t.startswith("frame:")}
            if consented.intersection(keys) or (term.field, term.start) in seen:
                continue
            text = doc.field(term.field).text
            if "targeting" in tags:
                # an offer aimed at the condition ("even with bad credit", "lose 20 lbs") presumes
                # it of every reader it is sent to; only bulk copy does that
                if ctx.campaign.bulk:
                    seen.add((term.field, term.start))
                    yield Hit(term.field, term.start, term.end,
                              self.targeting.format(topic=keys[0].replace("_", " "), match=term.text),
                              self.hint.format(base=self.suggestion, key=keys[0]))
                continue
            j = term.start
            while j > 0 and text[j - 1] in " \t":
                j -= 1
            candidates = sorted(frames.get((term.field, j), ()), key=lambda f: f.start)
            frame = next((f for f in candidates if (not only or f.entry.id in only)
                          and ("needs-reader" not in f.entry.data.get("tags", ())
                               or reader_follows(doc, term.field, term.end))), None)
            if frame is None or is_hypothetical(doc, term.field, frame.start):
                continue
            seen.add((term.field, term.start))
            yield Hit(term.field, frame.start, term.end,
                      self.message.format(topic=keys[0].replace("_", " "), match=text[frame.start:term.end]),
                      self.hint.format(base=self.suggestion, key=keys[0]))
