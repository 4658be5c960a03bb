"""TL406 feature-dump: A sentence that lists four or more features with no reader in it."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext, option
from ..guards import READER


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
    lexicons = ("feature_list",)
    message = "Lists {n} features in one sentence with no reader in it"
    suggestion = "Pick the feature that matters most to this reader and say what it does for them (\"SSO means your team signs in with Google\")."
    options = {"min_items": 4, "max_item_words": 6}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        min_items = int(option(ctx, self, "min_items"))
        max_words = int(option(ctx, self, "max_item_words"))
        done: set[tuple[str, int]] = set()
        for m in doc.matches("feature_list"):
            pf = doc.field(m.field)
            s, e = pf.sentence(m.start, "sentencizer")
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
