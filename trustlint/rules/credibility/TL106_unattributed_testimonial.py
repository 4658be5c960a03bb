"""TL106 unattributed-testimonial: Quoted praise attributed to nobody checkable ("- Happy customer", "- J.", or no name at all)."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext


_QUOTE = re.compile(r"[\"“„«]([^\"“”„«»\n]{8,400}?)[\"”»]")


_DASH_AFTER = re.compile(r"[ \t]*[,.]?[ \t]*(?:[-–—~―]+|\bby\b)[ \t]*([^\n]{1,120})")


_DASH_LINE = re.compile(r"[ \t]*\n[ \t]*(?:\n[ \t]*)?(?:[-–—~―]+)[ \t]*([^\n]{1,120})")


_LEAD_IN = re.compile(r"[ \t]*(?:[-*•][ \t]+)?(?P<attr>[^\n]*?)[ \t,]*(?:\b(?:say|says|said|writes|wrote|told us|tells us|explains|puts it)\b)?[ \t]*:?[ \t]*")


_SPLIT = re.compile(r",|\s+(?:at|from|of|with)\s+|\s*\(|\s+\|\s+|\s+[-–—]\s+")


_THREAD_HEADER = re.compile(r"(?im)^[ \t]*On\b[^\n]{3,200}\bwrote:[ \t]*$|^-{2,}[ \t]*(?:Original Message|Forwarded message)|^From:[^\n]*\n(?:Sent|Date):")


_DECOR = " \t-*•>★☆⭐"


_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


class UnattributedTestimonial(Rule):
    r"""Quoted praise attributed to nobody checkable ("- Happy customer", "- J.", or no name at all).

    Why: A testimonial persuades because a real person stands behind it. Praise signed "Happy
    customer" or "J." could have been written by the marketing team, and readers assume it
    was; an invented or unverifiable endorsement is also a legal exposure. A full name, or a
    name with a role, organisation or place, passes.
    Source: FTC Guides Concerning the Use of Endorsements and Testimonials in Advertising,
    16 CFR Part 255 (2023), §255.1 (endorsements must reflect the honest opinions of a real
    endorser); Cialdini, Influence (1984), on social proof.

    Fires:
        "This app saved our team hours every week!" - Happy customer
        “Best purchase I made all year.” — J.
        What people say:\n\n"I love how easy invoicing is now."
        "Absolutely life-changing, highly recommend." - Sarah
    Passes:
        "Acme cut our month-end close from nine days to four." - Dana Ruiz, Controller, Fernhill Foods
        “I love the new dashboard.” — Priya N., Austin TX
        Click "Save changes" to keep your settings.
        Dana Ruiz, COO at Fernhill, wrote: "The best onboarding we've had from a vendor."
    """

    code = "TL106"
    name = "unattributed-testimonial"
    severity = Severity.ERROR
    component = Component.CREDIBILITY
    lexicons = ("testimonials",)
    message = "Testimonial with {problem}: '{quote}'"
    suggestion = ("Attribute it to a real, consenting customer: full name plus role and company, or name and "
                  "city (\"- Dana Ruiz, Controller, Fernhill Foods\"); otherwise leave it out.")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for name, pf in doc.fields.items():
            praise = [m for m in doc.matches("testimonials", name) if m.entry.id == "praise"]
            marks = [m for m in doc.matches("testimonials", name) if m.entry.id != "praise"]
            text = pf.text
            thread = bool(_THREAD_HEADER.search(text))
            for q in _QUOTE.finditer(text):
                inner_lo, inner_hi = q.start(1), q.end(1)
                if len(_WORD.findall(q.group(1))) < 3:
                    continue
                line_lo = text.rfind("\n", 0, q.start()) + 1
                prefix = text[line_lo:q.start()]
                if thread and prefix.lstrip().startswith(">"):
                    continue  # a quoted e-mail thread, not a testimonial
                if prefix.strip(_DECOR) and not prefix.rstrip().endswith(":"):
                    continue  # a quotation inside a sentence, not set out as a testimonial
                after = _DASH_AFTER.match(text, q.end()) or _DASH_LINE.match(text, q.end())
                line_hi = text.find("\n", q.end())
                tail = text[q.end():len(text) if line_hi < 0 else line_hi]
                if after:  # set out as a testimonial: quote, dash, attribution
                    problem = _judge(text, after.start(1), after.end(1), marks)
                elif tail.strip(" \t.,;!?") or not any(inner_lo <= m.start < inner_hi for m in praise):
                    continue  # runs on into a sentence, or a stray quotation with no praise in it
                else:
                    lead = _lead_in(text, line_lo, q.start())
                    problem = "no attribution" if lead is None else _judge(text, lead[0], lead[1], marks)
                if problem:
                    snippet = " ".join(q.group(1).split())
                    snippet = snippet if len(snippet) <= 60 else snippet[:59] + "…"
                    yield Hit(name, q.start(), q.end(), self.message.format(problem=problem, quote=snippet))


def _lead_in(text: str, line_lo: int, quote_start: int) -> tuple[int, int] | None:
    """The 'Name, role, says:' before a quote on its line, or on the line above if that ends with ':'."""
    prefix = text[line_lo:quote_start]
    if prefix.strip(_DECOR):
        lo, hi = line_lo, quote_start
    else:
        prev_hi = line_lo - 1
        while prev_hi > 0 and text[prev_hi - 1] in " \t\n":
            prev_hi -= 1
        if prev_hi <= 0 or text[prev_hi - 1] != ":":
            return None
        lo, hi = text.rfind("\n", 0, prev_hi) + 1, prev_hi
    m = _LEAD_IN.fullmatch(text[lo:hi])
    if not m or not m.group("attr").strip():
        return None
    return lo + m.start("attr"), lo + m.end("attr")


def _judge(text: str, lo: int, hi: int, marks: list) -> str | None:
    """Why an attribution names nobody checkable, or None when it does."""
    attr = text[lo:hi].rstrip(" \t.,;:!")
    hi = lo + len(attr)
    for m in marks:
        if m.entry.id == "generic-attribution" and m.start <= lo + 3 and m.end >= hi - 1:
            return f"a generic attribution ('{attr}')"
    if not attr:
        return "no attribution"
    cut = _SPLIT.search(attr)
    name_part = attr[:cut.start()] if cut else attr
    rest = attr[cut.end():] if cut else ""
    name_hi = lo + len(name_part)
    if name_part.strip().startswith("@"):
        return None  # a public handle can be looked up
    particles = {m.text.lower() for m in marks if m.entry.id == "name-particle" and lo <= m.start < name_hi}
    words = [w for w in _WORD.findall(name_part) if w.lower() not in particles]
    is_role = any(m.entry.id == "role" and lo <= m.start < name_hi for m in marks)
    rest_vague = any(m.entry.id == "vague-organisation" and m.start >= name_hi - 2 for m in marks if m.start < hi)
    has_rest = bool(_WORD.search(rest)) and not rest_vague
    capitalised = [w for w in words if w[0].isupper()]
    if is_role or not words or len(capitalised) < len(words) or _looks_generic(lo, marks):
        if is_role and has_rest and any(w[0].isupper() for w in _WORD.findall(rest)):
            return None  # "CMO, Acme Corp": one checkable person
        return "no name" if not has_rest else "no name, only a description"
    full = len(words) >= 2 and len(words[-1].rstrip(".")) > 1
    if full or has_rest:
        return None
    return "only a first name or initials" if len(words) == 1 else "an initial for a surname and no role, organisation or place"


def _looks_generic(lo: int, marks: list) -> bool:
    return any(m.entry.id == "generic-attribution" and m.start <= lo + 3 < m.end for m in marks)
