"""Intimacy rules (TL3xx) that need more than a word list."""
from __future__ import annotations

import re
from typing import Iterator

from ..findings import Component, Hit, Severity
from .base import Rule, RuleContext
from .guards import is_hypothetical, merged, reader_follows, unguarded


class IntimacyOverclaim(Rule):
    r"""Claims to know or understand the reader in a way segmentation cannot earn.

    Why: "We know exactly what you need" from a sender who has only a mailing-list row reads as
    presumption; readers discount it and the brand with it. Intimacy is shown by a detail the
    reader recognises, not asserted.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on intimacy; Aguirre et al.
    (2015), Journal of Retailing 91(1), on the personalization paradox.

    Fires:
        We know exactly what you need to grow your store.
        Our new concierge service shows customers that they are intimately understood.
        As a busy mom, you barely have time for yourself.
        A collection made just for you.
        We truly understand your unique needs.
    Passes:
        You bought espresso beans twice; here are three similar roasts.
        We know shipping delays are frustrating, so every order now has live tracking.
        ---\nbulk: false\n---\nDana, I made this checklist just for you after our call on Tuesday.
    """

    code = "TL301"
    name = "intimacy-overclaim"
    severity = Severity.WARNING
    component = Component.INTIMACY
    lexicons = ("intimacy_overclaim",)
    tags = ("bulk",)
    message = "Claims an intimacy the copy has not earned: '{match}'"
    suggestion = ("Show, don't claim: name one thing the reader did or told you "
                  "(\"You bought espresso beans twice; here are three similar roasts\").")
    context_keys = ("bulk",)

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for m in doc.matches("intimacy_overclaim"):
            if "bulk" in m.entry.data.get("tags", ()) and not ctx.campaign.bulk:
                continue
            yield Hit(m.field, m.start, m.end, self.message.format(match=m.text))


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


class SurveillanceReveal(Rule):
    r"""Reveals that the sender watched the reader: pages viewed, visit counts, times of day.

    Why: Personalization from data the reader did not knowingly hand over, used visibly
    ("we noticed you viewed this three times last night"), makes readers feel watched;
    perceived vulnerability rises and click-through falls. A detail the reader chose to
    record (a wishlist, a saved cart) does not carry that cost.
    Source: Aguirre et al. (2015), "Unraveling the Personalization Paradox", Journal of
    Retailing 91(1); White, Zahay, Thorbjørnsen & Shavitt (2008), Marketing Letters 19(1).

    Fires:
        We noticed you viewed the Alpine Parka three times this week.
        I saw you checked out our pricing page yesterday.
        You were browsing our sofas at 2:14 am, so we saved them for you.
        This is your 4th visit to the Trailrunner page!
        You spent 6 minutes on our pricing page - any questions?
    Passes:
        The boots on your wishlist are back in your size.
        Items in your cart are saved for 30 days.
        I saw you spoke at SaaStr about onboarding.
    """

    code = "TL304"
    name = "surveillance-reveal"
    severity = Severity.WARNING
    component = Component.INTIMACY
    lexicons = ("surveillance",)
    message = "Reveals tracking of the reader's behaviour: '{match}'"
    suggestion = ("Use what the reader chose to share (wishlist, cart, past orders) and say where it came from "
                  "(\"The boots on your wishlist are back in your size\"); leave out views, visits and times.")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for field, start, end, text in merged(doc, unguarded(doc, doc.matches("surveillance"))):
            yield Hit(field, start, end, self.message.format(match=text))


class Condescension(Rule):
    r"""Talks down to the reader: "even you can", "not rocket science", "you probably don't realize".

    Why: Copy that implies the reader is slow or ignorant spends the respect that intimacy
    rests on; readers who feel patronised stop reading and remember the tone. Saying how long
    something takes, or linking a guide, makes the same point without the sneer.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on intimacy; Nielsen Norman
    Group, "The Four Dimensions of Tone of Voice" (Moran, 2016); Mailchimp Content Style Guide
    (avoid "obviously", "simply" when it may not be simple for the reader).

    Fires:
        It's not rocket science: even you can set up a store in a weekend.
        You probably don't realize how much you're overpaying for payroll.
        Obviously, you should back up your files before upgrading.
        You simply need to understand that cheap hosting costs more.
        As everyone knows, spreadsheets are no way to run a business.
    Passes:
        Setup takes about ten minutes; here is a guide.
        Simply click the link below to confirm your address.
        Obviously we take your privacy seriously: your data never leaves the EU.
    """

    code = "TL305"
    name = "condescension"
    severity = Severity.WARNING
    component = Component.INTIMACY
    lexicons = ("condescension",)
    message = "Talks down to the reader: '{match}'"
    suggestion = "State the facts and the effort plainly (\"Setup takes about ten minutes; here is a guide\")."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for field, start, end, text in merged(doc, doc.matches("condescension")):
            yield Hit(field, start, end, self.message.format(match=text))


class PresumedFeelings(Rule):
    r"""Tells the reader how they feel: "you'll be thrilled", "you must be frustrated".

    Why: Announcing the reader's emotions presumes an intimacy the sender has not earned and
    invites the reaction "don't tell me how I feel"; a plain statement of what changed lets
    readers decide how they feel about it. "You'll love ..." is left alone as a stock phrase.
    Source: White, Zahay, Thorbjørnsen & Shavitt (2008), "Getting too personal: reactance to
    highly personalized email solicitations", Marketing Letters 19(1); Maister, Green &
    Galford (2000) on intimacy.

    Fires:
        You'll be thrilled to hear that our spring line has landed.
        You must be frustrated with slow invoices - we can fix that.
        We know you're excited about the launch, so here's a sneak peek.
        You're probably tired of juggling five tools.
    Passes:
        Invoices now arrive within a day of approval.
        If you're frustrated with the delay, reply and a person will answer.
        You'll love the new colours.
        We know shipping delays are frustrating, so every order now has live tracking.
    """

    code = "TL306"
    name = "presumed-feelings"
    severity = Severity.INFO
    component = Component.INTIMACY
    lexicons = ("presumed_feelings",)
    message = "Presumes the reader's feelings: '{match}'"
    suggestion = "State the change plainly and let the reader decide how they feel about it."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for field, start, end, text in merged(doc, unguarded(doc, doc.matches("presumed_feelings"))):
            yield Hit(field, start, end, self.message.format(match=text))


class AccusatoryYou(Rule):
    r"""Bad news phrased as the reader's fault: "you failed to", "you forgot", "you neglected".

    Why: Blame in a payment or account notice puts the reader on the defensive, even when the
    cause was a bank decline or an expired card; describing what happened and how to fix it
    keeps the relationship intact and gets the problem solved faster.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on intimacy; Brignull,
    deceptive.design, on shaming language; Mailchimp Content Style Guide, "Writing about
    errors" (don't blame the user).

    Fires:
        You failed to pay your invoice on time.
        You forgot to update your billing details, so your account is on hold.
        Due to your error, the shipment was returned.
        You neglected to renew your membership.
    Passes:
        The payment didn't go through; retry here.
        If you forgot your password, reset it here.
        Forgot your password? Reset it in two clicks.
        We failed to ship your order on time, and we're sorry.
    """

    code = "TL307"
    name = "accusatory-you"
    severity = Severity.WARNING
    component = Component.INTIMACY
    lexicons = ("accusatory_you",)
    message = "Blames the reader: '{match}'"
    suggestion = "Say what happened and how to fix it, without blame (\"The payment didn't go through; retry here\")."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for field, start, end, text in merged(doc, unguarded(doc, doc.matches("accusatory_you"))):
            yield Hit(field, start, end, self.message.format(match=text))
