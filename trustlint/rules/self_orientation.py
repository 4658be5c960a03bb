"""Self-orientation rules (TL4xx): is the copy's attention on the seller or the reader?"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator

from ..findings import Component, Hit, Severity
from .base import Rule, RuleContext, option, sentence_bounds
from .guards import READER, is_clause_start, merged
from .thread import has_quoted_thread


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
        # Point at the sentence with the most seller pronouns.
        seller = [m for m in doc.matches("pronouns") if m.entry.id in ("seller", "self")]
        best, best_count = None, 0
        for pf in doc.fields.values():
            # one pass: each pronoun is counted in the sentence holding it (bisect), not every
            # sentence re-scanning every pronoun
            sents = [(s.start_char, s.end_char) for s in pf.doc.sents]
            starts = [s for s, _ in sents]
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


class SellerFeelings(Rule):
    r"""The sender announces its own feelings: "we're thrilled to announce", "I'm excited to share".

    Why: Opening with the seller's excitement puts the seller at the centre of the reader's
    inbox; the reader has to dig for what changes for them. Stating the change in the reader's
    terms is shorter and more credible. In a genuine reply thread, where the reader asked, it
    stays quiet.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on self-orientation; Packard,
    Moore & McFerran (2018), "(I'm) Happy to Help (You)", Journal of Marketing Research 55(4).

    Fires:
        We're thrilled to announce our new dashboard.
        I am so excited to share some big news with you.
        Subject: We're proud to introduce Acme 2.0\n\nAcme 2.0 is here.
        It is with great pleasure that we announce our Series B.
    Passes:
        Your dashboard now loads twice as fast.
        We're happy to help if anything is unclear.
        I'm happy to share the slides if useful.
        Subject: Re: roadmap\n\nWe're excited to share that the export you asked for shipped today.\n\nOn Mon, 3 Nov 2025, Dana Lee wrote:\n> Any news on CSV export?
    """

    code = "TL402"
    name = "seller-feelings"
    severity = Severity.WARNING
    component = Component.SELF_ORIENTATION
    message = "Leads with the sender's feelings: '{match}'"
    suggestion = "Lead with what changes for the reader (\"Your dashboard now loads twice as fast\")."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        if has_quoted_thread(doc):
            return
        for field, start, end, text in merged(doc, doc.matches("seller_feelings")):
            yield Hit(field, start, end, self.message.format(match=text))


_BANGS = re.compile(r"!{2,}")


def _caps_runs(pf) -> list[tuple[int, int, int]]:
    """Runs of two or more ALL-CAPS words (two letters or more each): (start, end, words).

    A run goes on over spaces within a line and ends at any other token. Computed on the
    field's token arrays (trustlint.tokentable), not token by token: 30,000 "BUY NOW" are a
    million tokens."""
    import numpy as np

    from ..tokentable import F_ALPHA, F_SPACE, F_UPPER

    table = pf.doc
    if not len(table):
        return []
    flags, idx, length = table.flags, table.idx, table.length
    caps = ((flags & F_ALPHA) != 0) & ((flags & F_UPPER) != 0) & (length >= 2)
    space = (flags & F_SPACE) != 0
    newlines = np.array([m.start() for m in re.finditer("\n", pf.text)], dtype=np.int64)
    if len(newlines):  # a space token holding a line break ends a run
        lo = np.searchsorted(newlines, idx[space], side="left")
        hi = np.searchsorted(newlines, idx[space].astype(np.int64) + length[space], side="left")
        inline = np.zeros(len(flags), dtype=bool)
        inline[np.flatnonzero(space)[hi == lo]] = True
    else:
        inline = space
    keep = np.flatnonzero(~inline)  # caps words and run breakers, in order
    is_caps = caps[keep]
    if not is_caps.any():
        return []
    edges = np.diff(np.concatenate([[False], is_caps, [False]]).astype(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)  # in `keep` positions
    runs = []
    for a, b in zip(starts.tolist(), ends.tolist()):
        if b - a >= 2:
            first, last = keep[a], keep[b - 1]
            runs.append((int(idx[first]), int(idx[last] + length[last]), b - a))
    return runs


_LIST_JOIN = re.compile(r"(?:,|\band)\s*$", re.I)  # tested on the few characters before a match only


def _after_list_join(text: str, pos: int) -> bool:
    """Whether text[:pos] ends with "," or the word "and" (then whitespace): what _LIST_JOIN
    finds in text[:pos], checked on its tail so each imperative costs O(1), not O(pos)."""
    i = pos
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return _LIST_JOIN.search(text, max(0, i - 3), pos) is not None


class HardSell(Rule):
    r"""Pressure-selling density: sales imperatives, ALL-CAPS runs and "!!" packed into little text.

    Why: A message that shouts BUY, GRAB and HURRY at the reader is about the seller's need
    to close, not the reader's need to decide; pressure is the mark of high self-orientation
    and a staple of dark-pattern commerce. One "Shop now" button is ordinary; density is not.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on self-orientation;
    Mathur et al. (2019), "Dark Patterns at Scale", Proc. ACM HCI 3(CSCW); Brignull,
    deceptive.design (urgency and pressure).

    Fires:
        HUGE SUMMER BLOWOUT SALE!! Buy now. Grab yours before they're gone!! Hurry!
        Act now!! Claim your bonus. Buy two, get one free.
        Subject: LAST CHANCE TO SAVE\n\nGrab yours now!! Buy today. Don't miss out.
    Passes:
        If useful, you can start a trial anytime.
        Our autumn range is in. Shop now.
        Shop the new arrivals. Order by 20 December for delivery before Christmas. Free returns for 30 days.
    """

    code = "TL403"
    name = "hard-sell"
    severity = Severity.WARNING
    component = Component.SELF_ORIENTATION
    message = ("Hard sell: {imperatives:g} sales-imperative points, {caps} ALL-CAPS runs and {bangs} '!!' "
               "in {words} words")
    suggestion = "Make one clear, calm offer and let the reader choose (\"If useful, you can start a trial anytime\")."
    options = {"min_points": 3.0, "per_100_words": 2.0, "short_words": 60}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        spans: list[tuple[str, int, int]] = []
        best: dict[tuple[str, int], float] = {}
        for m in doc.matches("sales_imperatives"):
            text = doc.field(m.field).text
            weight = float(m.entry.data.get("weight", 1.0))
            # A run of imperatives ("Claim yours, book now and grab ...") counts every verb.
            if not (is_clause_start(text, m.start) or (weight >= 1.0 and _after_list_join(text, m.start))):
                continue
            if m.text.isupper():
                weight *= 2  # shouted: "BUY NOW", "ORDER NOW"
            key = (m.field, m.start)
            if key not in best:
                spans.append((m.field, m.start, m.end))
            best[key] = max(best.get(key, 0.0), weight)
        imperatives = sum(best.values())
        pressure = sum(1 for w in best.values() if w >= 1.0)
        caps = bangs = 0
        caps_points = 0.0
        for pf in doc.fields.values():
            for start, end, n in _caps_runs(pf):
                caps += 1
                caps_points += 1.0 if n >= 3 else 0.5
                spans.append((pf.name, start, end))
            for b in _BANGS.finditer(pf.text):
                bangs += 1
                spans.append((pf.name, b.start(), b.end()))
        if imperatives == 0:
            return
        # Caps count at most twice, and never alone: legal boilerplate is often all caps.
        points = imperatives + min(caps_points, 2.0) + bangs
        words = max(1, doc.stats.words)
        dense = points >= float(option(ctx, self, "min_points")) and \
            100.0 * points / words >= float(option(ctx, self, "per_100_words"))
        short = pressure >= 2 and words <= int(option(ctx, self, "short_words"))
        if not (dense or short):
            return
        order = {name: i for i, name in enumerate(doc.fields)}
        field, start, end = min(spans, key=lambda s: (order[s[0]], s[1]))
        yield Hit(field, start, end, self.message.format(imperatives=imperatives, caps=caps, bangs=bangs,
                                                         words=doc.stats.words))


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
        content = [(s.start_char, s.end_char) for s in body.doc.sents
                   if any(c.isalpha() for c in s.text) and not _SALUTATION.match(s.text)]
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


class GuiltFollowUp(Rule):
    r"""A follow-up that presses with guilt: "just bumping this", "haven't heard back", "should I close your file".

    Why: Guilt follow-ups make the reader's silence the problem and the seller's pipeline the
    point. They read as nagging; a follow-up that adds something new, or frees the reader from
    replying, keeps the door open.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on self-orientation; Mathur et
    al. (2019), "Dark Patterns at Scale", Proc. ACM HCI 3(CSCW) (nagging); Brignull,
    deceptive.design (confirmshaming).

    Fires:
        Just bumping this to the top of your inbox.
        I haven't heard back from you, so I wanted to check in.
        Did you see my last email?
        Should I close your file?
        I've reached out several times without a reply.
    Passes:
        If timing's wrong, no reply needed.
        Following up on my note from Tuesday with the case study I mentioned.
        We haven't heard back from the carrier yet; we'll update you by Friday.
    """

    code = "TL405"
    name = "guilt-follow-up"
    severity = Severity.WARNING
    component = Component.SELF_ORIENTATION
    message = "Guilt-based follow-up: '{match}'"
    suggestion = "Add something new and useful, or release the reader (\"If timing's wrong, no reply needed\")."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for field, start, end, text in merged(doc, doc.matches("guilt_follow_up")):
            start += len(text) - len(text.lstrip())
            yield Hit(field, start, end, self.message.format(match=text.strip()))


_ITEM_SPLIT = re.compile(r"\s*[,;]\s*")
_LAST_SPLIT = re.compile(r"\s+(?:and|&|plus|\+|or)\s+", re.I)


def _list_items(text: str) -> list[str]:
    parts = [p for p in _ITEM_SPLIT.split(text.strip().rstrip(".!?…")) if p.strip()]
    if not parts:
        return []
    last = [p for p in _LAST_SPLIT.split(parts[-1]) if p.strip()]
    return parts[:-1] + last


class FeatureDump(Rule):
    r"""A sentence that lists four or more features with no reader in it.

    Why: A list of features asks the reader to work out what each one does for them; a
    sentence with no "you" in it is about the product, not the person. One feature tied to a
    reader outcome does more than five listed.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on self-orientation;
    Rackham, SPIN Selling (1988), on features versus benefits.

    Fires:
        Acme includes SSO, audit logs, role-based access, custom dashboards and a REST API.
        The new model comes with a 12MP camera, 5G, wireless charging, face unlock and 256 GB of storage.
        Key features: real-time sync, offline mode, version history, granular permissions.
    Passes:
        SSO means your team signs in with Google.
        Your plan includes SSO, audit logs, role-based access and priority support.
        We help with payroll, benefits and taxes.
    """

    code = "TL406"
    name = "feature-dump"
    severity = Severity.INFO
    component = Component.SELF_ORIENTATION
    message = "Lists {n} features in one sentence with no reader in it"
    suggestion = "Pick the feature that matters most to this reader and say what it does for them (\"SSO means your team signs in with Google\")."
    options = {"min_items": 4, "max_item_words": 6}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        min_items = int(option(ctx, self, "min_items"))
        max_words = int(option(ctx, self, "max_item_words"))
        done: set[tuple[str, int]] = set()
        for m in doc.matches("feature_list"):
            pf = doc.field(m.field)
            s, e = sentence_bounds(pf, m.start)
            if (m.field, s) in done:
                continue
            sent = pf.doc.char_span(s, e, alignment_mode="expand")
            if sent is not None and any(t.norm_ in READER for t in sent):
                continue
            items = _list_items(pf.text[m.end:e])
            if len(items) >= min_items and all(0 < len(i.split()) <= max_words for i in items):
                done.add((m.field, s))
                end = s + len(pf.text[s:e].rstrip())
                yield Hit(m.field, m.start, end, self.message.format(n=len(items)))


class SellerJeopardy(Rule):
    r"""The seller's own stakes as the reason to buy: "my job depends on", "help us hit our quarter".

    Why: Asking the reader to buy so the seller keeps a job or makes a quota puts the seller's
    needs openly ahead of the reader's; it converts a business decision into a favour and
    signals that the advice cannot be trusted to be about the reader.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), ch. 8 on self-orientation;
    Cialdini, Influence (rev. 2009), on pity and reciprocity appeals.

    Fires:
        My job depends on closing this deal by Friday.
        Could you help us hit our quarter? Sign by the 30th.
        I'm two deals short of my quota, so I can offer 20% off.
        I need one more deal to make my number this month.
    Passes:
        Our quarter ends Friday; prices don't change after.
        Our team's target is a reply within one business day.
    """

    code = "TL407"
    name = "seller-jeopardy"
    severity = Severity.ERROR
    component = Component.SELF_ORIENTATION
    message = "Uses the seller's own stakes as the reason to buy: '{match}'"
    suggestion = "Give the reader's reason to act, or none (\"Our quarter ends Friday; prices don't change after\")."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for field, start, end, text in merged(doc, doc.matches("seller_jeopardy")):
            yield Hit(field, start, end, self.message.format(match=text))
