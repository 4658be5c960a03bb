"""Reliability rules (TL2xx): can the reader depend on what the message says will happen?"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Iterator, Sequence

from ..nlp import datetimes
from ..findings import Component, Hit, Severity
from .base import Rule, RuleContext, option
from .nearby import any_within, concrete_near, one_per_sentence, window


def _tags(m: Any) -> tuple[str, ...]:
    return tuple(m.entry.data.get("tags", ()))


def _is_offer_window(text: str) -> bool:
    """"For a limited time" and "for a short time" describe an offer (TL603), not a promise."""
    low = text.lower()
    return "limited" in low or ("short" in low and ("time" in low or "while" in low))


class VagueCommitment(Rule):
    r"""A promise with no date: "we'll get back to you soon", "will ship shortly".

    Why: Reliability is the sum of promises kept, and a promise without a date cannot be kept
    or checked. "Soon" means a day to the writer and an hour to the reader; the gap is read as
    a broken promise. A concrete date or time in the same or the next sentence silences it.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), ch. 7 on reliability;
    Cialdini, Influence (1984/2021), on commitment and consistency.

    Fires:
        Thanks for your order. We'll ship it soon.
        Our team will get back to you shortly.
        We promise to fix the sync bug ASAP.
        A new dashboard will launch in the near future.
        Your refund will be processed at some point after we inspect the item.
    Passes:
        We'll reply by 5 pm ET Thursday.
        Your refund will be processed soon: at the latest within 5 business days.
        Thanks for coming, Dana - see you soon!
        We'll email you as soon as the boots are back in stock.
        You'll receive a confirmation email shortly.
    """

    code = "TL201"
    name = "vague-commitment"
    severity = Severity.WARNING
    component = Component.RELIABILITY
    message = "Promise with no date: '{match}'"
    suggestion = "Give the date or the time it will happen (\"We'll reply by 5 pm ET Thursday\"), or don't promise a time."
    options = {"max_gap": 80}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        gap = int(option(ctx, self, "max_gap"))
        for pf in doc.fields.values():
            marks = doc.matches("commitments", pf.name)
            wills = [m for m in marks if "social" not in _tags(m)]
            social = [m for m in marks if "social" in _tags(m)]
            for x in pf.times:
                if x.kind != "vague" or _is_offer_window(x.text):
                    continue
                lo, hi = window(pf, x.start, x.end, 0, 0)
                will = next((m for m in reversed(wills)
                             if lo <= m.start and m.end <= x.start and x.start - m.end <= gap), None)
                if will is None or any_within(social, pf.name, will.start, x.end):
                    continue
                if concrete_near(pf, x.start, x.end, 0, 1):
                    continue
                yield Hit(pf.name, will.start, x.end, self.message.format(match=pf.text[will.start:x.end]))


class TermsFreeGuarantee(Rule):
    r"""A guarantee, refund or "risk-free" promise with no period, conditions or terms link.

    Why: A guarantee is a contract; without its period and conditions the reader cannot rely
    on it, and a guarantee that turns out to have hidden conditions costs more trust than no
    guarantee at all. Law requires the material terms to be disclosed with the promise.
    Source: FTC, Guides for the Advertising of Warranties and Guarantees, 16 CFR 239.3 (1985);
    EU Consumer Rights Directive 2011/83/EU art. 6(1)(m).

    Fires:
        Try it risk-free today.
        Every order comes with our money-back guarantee.
        Satisfaction guaranteed or your money back.
        Love it or get a full refund, no questions asked.
    Passes:
        Full refund within 30 days - terms: /refunds
        Every plan has a 30-day money-back guarantee.
        Not happy? If you return it unused, we'll give you a full refund.
        We guarantee to match a lower online price - see our price match policy at acme.com/price-policy.
    """

    code = "TL202"
    name = "terms-free-guarantee"
    severity = Severity.WARNING
    component = Component.RELIABILITY
    message = "Guarantee with no period, conditions or terms link: '{match}'"
    suggestion = "State the period and the conditions, and link the terms (\"Full refund within 30 days - terms: /refunds\")."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        found = doc.matches("guarantees")
        if any("anywhere" in _tags(m) for m in found):
            return
        evidence = [m for m in found if "evidence" in _tags(m)]
        for pf in doc.fields.values():
            spans = []
            for m in found:
                if m.field != pf.name or "evidence" in _tags(m):
                    continue
                lo, hi = window(pf, m.start, m.end, 0, 1)
                slo, shi = window(pf, m.start, m.end, 0, 0)
                if datetimes.has_concrete(pf.times, lo, hi) or any(
                        e.field == pf.name and e.start < (shi if "same-sentence" in _tags(e) else hi)
                        and e.end > (slo if "same-sentence" in _tags(e) else lo) for e in evidence):
                    continue
                spans.append((m.start, m.end))
            for s, e in one_per_sentence(pf, spans):
                yield Hit(pf.name, s, e, self.message.format(match=pf.text[s:e]))


_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PERCENT = re.compile(r"(\d{1,3})\s*(?:%|percent)")
_PRICE = re.compile(r"[$£€]\s?(\d[\d,]*(?:\.\d{1,2})?)")


def _loose(slot: str, text: str) -> set[Any]:
    """Every value of a slot's shape anywhere in the other field ("40% on coats" keeps "up to 40%")."""
    if slot == "discount":
        return {m.group(1) for m in _PERCENT.finditer(text)}
    if slot == "price":
        return {_number(m.group(1)) for m in _PRICE.finditer(text)}
    return set()


def _number(text: str) -> str | None:
    m = _NUM.search(text)
    if not m:
        return None
    value = m.group(0).replace(",", "")
    return value[:-3] if value.endswith(".00") else value.rstrip("0").rstrip(".") if "." in value else value


def _deadline_values(doc: Any, field: str, times: Sequence[Any]) -> list[tuple[Any, int, int]]:
    out = []
    exprs = [x for x in times if x.concrete]
    starts = [x.start for x in exprs]
    for m in doc.matches("facts", field):
        if m.entry.id != "deadline":
            continue
        i = bisect_left(starts, m.end)
        x = exprs[i] if i < len(exprs) and exprs[i].start <= m.end + 4 else None
        if x is None:
            continue
        parts = x.value[1:] if x.value and x.value[0] == "datetime" else (x.value,)
        day = next((p for p in parts if p and p[0] in ("date", "weekday") and None not in p), None)
        if day is not None:
            out.append((day, x.start, x.end))
    return out


def _calendar_dates(times: Sequence[Any]) -> list[tuple[Any, int, int]]:
    """Every day-and-month date in a field ("Saturday 13 July" -> ("date", 7, 13))."""
    out = []
    for x in times:
        if not x.concrete:
            continue
        parts = x.value[1:] if x.value and x.value[0] == "datetime" else (x.value,)
        for p in parts:
            if p and p[0] == "date" and None not in p:
                out.append((p, x.start, x.end))
    return out


class InconsistentFacts(Rule):
    r"""The subject, preheader and body disagree on the same fact: discount, price, deadline or date.

    Why: "30% off" in the subject and "20% off" in the body is either a typo or a bait; the
    reader cannot tell which, and either way stops trusting the numbers. Consistency across
    the parts of one message is the smallest unit of reliability.
    Source: FTC, CAN-SPAM Act: A Compliance Guide for Business (subject lines must reflect the
    content, 15 U.S.C. 7704(a)(2)); FTC Guides Against Deceptive Pricing, 16 CFR 233.

    Fires:
        Subject: 30% off everything this weekend\n\nTake 20% off everything in store until Sunday.
        Subject: Sale ends Friday\n\nOur spring sale ends Sunday at midnight. Shop now.
        Subject: New plans from $19/month\nPreheader: Pro is now $29/month\n\nPro now costs $39 per month, billed monthly.
        Subject: Your booking: 3 nights\nPreheader: Check-in Friday 12 July\n\nYour stay is confirmed, checking in Saturday 13 July.
    Passes:
        Subject: 30% off everything this weekend\n\nTake 30% off everything until Sunday.
        Subject: Sale ends Friday\n\nThe sale ends Friday 28 November at 11:59 pm ET.
        Subject: Up to 50% off coats\n\nCoats are 30% to 50% off this week.
    """

    code = "TL203"
    name = "inconsistent-facts"
    severity = Severity.ERROR
    component = Component.RELIABILITY
    message = "The {where} says {value_a} but the {other} says {value_b}"
    suggestion = "Use one value everywhere: subject, preheader and body must agree on discount, price and deadline."

    def _slots(self, doc: Any, pf: Any) -> dict[str, list[tuple[Any, int, int]]]:
        slots: dict[str, list[tuple[Any, int, int]]] = {"discount": [], "price": []}
        for m in doc.matches("facts", pf.name):
            if m.entry.id in slots:
                value = _number(m.text)
                if value is not None:
                    slots[m.entry.id].append((value, m.start, m.end))
        slots["deadline"] = _deadline_values(doc, pf.name, pf.times)
        slots["date"] = _calendar_dates(pf.times)
        return slots

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        parsed = {name: self._slots(doc, pf) for name, pf in doc.fields.items()}
        for a, b in (("subject", "body"), ("preheader", "body"), ("subject", "preheader")):
            if a not in parsed or b not in parsed:
                continue
            for slot in ("discount", "price", "deadline", "date"):
                va, vb = parsed[a][slot], parsed[b][slot]
                if not va or not vb:
                    continue
                if slot == "deadline":
                    kinds = {v[0][0] for v in va} & {v[0][0] for v in vb}
                    if not kinds:
                        continue
                    va = [v for v in va if v[0][0] in kinds]
                    vb = [v for v in vb if v[0][0] in kinds]
                if {v[0] for v in va} & ({v[0] for v in vb} | _loose(slot, doc.fields[b].text)):
                    continue
                text_a = doc.fields[a].text
                text_b = doc.fields[b].text
                first = va[0]
                yield Hit(a, first[1], first[2], self.message.format(
                    where=a, value_a=repr(text_a[first[1]:first[2]].strip()), other=b,
                    value_b=repr(text_b[vb[0][1]:vb[0][2]].strip())))


class MissingOptOut(Rule):
    r"""A commercial bulk email with no unsubscribe link or no postal address.

    Why: A reader who cannot leave a list feels trapped, and marks the message as spam
    instead; the law requires both a working opt-out and the sender's postal address in every
    commercial email. Judged only on whole emails (a subject, or a long body with a greeting
    or sign-off; SMS and page copy have neither) that advertise something, and only when the
    campaign is bulk.
    Source: CAN-SPAM Act, 15 U.S.C. 7704(a)(3) and (a)(5)(A)(iii); FTC, CAN-SPAM Act: A
    Compliance Guide for Business; EU ePrivacy Directive 2002/58/EC art. 13(2).

    Fires:
        Subject: Spring sale: 20% off boots\n\nAll boots are 20% off until Sunday. Shop now at acme.com.
        Subject: New arrivals\n\nOur new collection is here. Shop now.\n\nUnsubscribe: acme.com/unsub
        Subject: Your free trial\n\nStart your free trial today.\n\nAcme Inc, 12 Harbour Street, Leeds LS1 4AB
    Passes:
        Subject: Spring sale\n\nAll boots are 20% off until Sunday.\n\nAcme Inc, 12 Harbour Street, Leeds LS1 4AB. Unsubscribe: acme.com/unsub
        Subject: Your password was changed\n\nIf this wasn't you, reset it here.
        ---\nbulk: false\n---\nSubject: Pricing\n\nHere is the pricing you asked for: $49 a month.
        Subject: Spring sale\n\nAll boots are 20% off.\n\n{{ unsubscribe_link }} | {{ company_address }}
    """

    code = "TL204"
    name = "missing-opt-out"
    severity = Severity.ERROR
    component = Component.RELIABILITY
    message = "Commercial bulk email with no {missing}"
    suggestion = ("Add a footer with a one-click unsubscribe link and your postal address "
                  "(\"Acme Inc, 12 Harbour Street, Leeds LS1 4AB - Unsubscribe\").")
    context_keys = ("bulk",)
    options = {"min_words": 80}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        if not ctx.campaign.bulk or not doc.matches("commercial"):
            return
        subject = doc.field("subject")
        whole = (subject is not None and subject.text.strip()) or (
            doc.stats.words >= int(option(ctx, self, "min_words")) and doc.matches("email_shape", "body"))
        if not whole:
            return
        found = doc.matches("opt_out")
        roles = {tok.footer_role for _, tok in doc.tokens}
        has_unsub = "unsubscribe" in roles or any("address" not in _tags(m) for m in found)
        has_addr = "address" in roles or any("address" in _tags(m) for m in found)
        missing = [w for w, ok in (("unsubscribe link", has_unsub), ("postal address", has_addr)) if not ok]
        if not missing:
            return
        body = doc.body.text
        end = len(body.rstrip())
        start = body.rfind("\n", 0, end) + 1
        if end <= start:
            start, end = 0, len(body)
        yield Hit("body", start, end, self.message.format(missing=" or ".join(missing)))


class NoReplyChannel(Rule):
    r"""Tells the reader not to reply, or that nobody reads replies.

    Why: A message that asks for trust but refuses an answer is one-way; "do not reply" tells
    the reader the sender wants their attention but not their questions. A monitored reply
    address is the cheapest proof that someone is there.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on reliability and
    two-way contact; FTC, CAN-SPAM compliance guide (a functioning reply mechanism); Litmus
    and Mailchimp guidance against no-reply sender addresses.

    Fires:
        This is an automated message. Please do not reply.
        This mailbox is not monitored.
        Questions? Don't reply to this email - replies are not read.
        Sent from noreply@acme.com
    Passes:
        Just hit reply - Dana reads every answer.
        If timing's wrong, no reply needed.
        You don't need to reply; the change happens automatically.
    """

    code = "TL205"
    name = "no-reply-channel"
    severity = Severity.WARNING
    component = Component.RELIABILITY
    message = "Closes the reply channel: '{match}'"
    suggestion = "Use a monitored reply-to address and say so: \"Just hit reply - Dana reads every answer.\""

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for pf in doc.fields.values():
            spans = [(m.start, m.end) for m in doc.matches("no_reply", pf.name)]
            for s, e in one_per_sentence(pf, spans):
                yield Hit(pf.name, s, e, self.message.format(match=pf.text[s:e]))
