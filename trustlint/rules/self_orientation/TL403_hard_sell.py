"""TL403 hard-sell: Pressure-selling density: sales imperatives, ALL-CAPS runs and "!!" packed into little text."""
from __future__ import annotations

import re
from typing import Iterator

import numpy as np

from ...findings import Component, Hit, Severity
from ...nlp.tokentable import F_ALPHA, F_SPACE, F_UPPER
from ..base import Rule, RuleContext, option
from ..guards import is_clause_start


_BANGS = re.compile(r"!{2,}")


def _caps_runs(pf) -> list[tuple[int, int, int]]:
    """Runs of two or more ALL-CAPS words (two letters or more each): (start, end, words).

    A run goes on over spaces within a line and ends at any other token. Computed on the
    field's token arrays (trustlint.nlp.tokentable), not token by token: 30,000 "BUY NOW" are a
    million tokens."""
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
    lexicons = ("sales_imperatives",)
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
