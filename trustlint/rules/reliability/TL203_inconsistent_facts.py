"""TL203 inconsistent-facts: The subject, preheader and body disagree on the same fact: discount, price, deadline or date."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Iterator, Sequence

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext
from ..guards import in_conversation

# A reply or forward's subject ("Re: ...", "[fwd: ...]"): it names the earlier message.
_REPLY_SUBJECT = re.compile(r"^\s*(?:(?:re|aw|sv|fwd?|fw)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|\[\s*fwd?\s*:)", re.I)
# The date an issue of a digest or newsletter goes by ("Headlines for 2002-08-24"); the body's
# dates are its items'.
_ISSUE_DATE = re.compile(
    r"\b(?:headlines|stories|news|digest|newsletter|edition|issue|roundup|round-up|recap|summary|"
    r"bulletin|briefing)\s*(?:for|of|from|dated)?\s*[-:,–—]?\s*$", re.I)

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
    the parts of one message is the smallest unit of reliability. A reply's subject names the
    earlier message, so in a quoted thread or list post it is not compared; nor is the date
    an issue of a digest goes by ("Headlines for 12 July").
    Source: FTC, CAN-SPAM Act: A Compliance Guide for Business (subject lines must reflect the
    content, 15 U.S.C. 7704(a)(2)); FTC Guides Against Deceptive Pricing, 16 CFR 233.

    Fires:
        Subject: 30% off everything this weekend\n\nTake 20% off everything in store until Sunday.
        Subject: Sale ends Friday\n\nOur spring sale ends Sunday at midnight. Shop now.
        Subject: New plans from $19/month\nPreheader: Pro is now $29/month\n\nPro now costs $39 per month, billed monthly.
        Subject: Your booking: 3 nights\nPreheader: Check-in Friday 12 July\n\nYour stay is confirmed, checking in Saturday 13 July.
        Subject: Re: the 12 July meetup\n\nThe meetup is confirmed for 19 July.
        Subject: Club news: party on 12 July\n\nThe party is on 19 July at the hall.
    Passes:
        Subject: 30% off everything this weekend\n\nTake 30% off everything until Sunday.
        Subject: Sale ends Friday\n\nThe sale ends Friday 28 November at 11:59 pm ET.
        Subject: Up to 50% off coats\n\nCoats are 30% to 50% off this week.
        Subject: Re: the 12 July meetup\n\nSam Ortiz wrote:\n> Can we move it?\n\nYes, let's meet on 19 July instead.
        Subject: Club news for 12 July\n\nThe committee met on 3 July and chose a new logo.
    """

    code = "TL203"
    name = "inconsistent-facts"
    severity = Severity.ERROR
    component = Component.RELIABILITY
    lexicons = ("facts",)
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
        if pf.name == "subject":
            slots["date"] = [d for d in slots["date"] if not _ISSUE_DATE.search(pf.text[:d[1]])]
        return slots

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        parsed = {name: self._slots(doc, pf) for name, pf in doc.fields.items()}
        subject = doc.field("subject")
        if subject is not None and _REPLY_SUBJECT.match(subject.text) and in_conversation(doc):
            parsed.pop("subject", None)
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
