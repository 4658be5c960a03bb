"""TL505 irrelevant-offer: Offers the reader something they already own, or something their audience cannot use."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext


_OWNED_BEFORE = re.compile(
    r"(?:\byour(?:\s+(?:current|existing|new|own))?|\byou(?:['’]re|\s+are)\s+(?:on|using|already\s+on)|"
    r"\byou\s+(?:already\s+)?(?:own|have|use|bought|ordered|purchased)(?:\s+(?:the|a|an))?|"
    r"\bas\s+an?\s+(?:existing\s+)?|\b(?:what['’]s\s+)?new\s+(?:in|on|for)|\bthanks\s+for\s+(?:choosing|buying|using)|"
    r"\bupdates?\s+(?:to|for)|\bfor\s+(?:existing|current)|\bsince\s+you(?:['’]re|\s+are)?\s+(?:on|using|have|own))"
    r"\s*(?:the\s+)?$", re.I)


_OWNED_AFTER = re.compile(r"^\s*(?:customers?|users?|members?|owners?|subscribers?|plan\s+holders?)\b", re.I)


class IrrelevantOffer(Rule):
    r"""Offers the reader something they already own, or something their audience cannot use.

    Why: An offer for the plan the reader is already on, or a Windows app sent to Mac users,
    tells the reader the sender is not paying attention; personalization that misfires costs
    more trust than none. Set `owned_products` and `audience` in the campaign context.
    Source: Maister, Green & Galford, The Trusted Advisor (2000), on intimacy; Aguirre et al.
    (2015), Journal of Retailing 91(1), the personalization paradox; White, Zahay, Thorbjørnsen
    & Shavitt (2008), Marketing Letters 19(1).

    Fires:
        ---\nowned_products: [Pro plan]\n---\nUpgrade to the Pro plan today and save 20%.
        ---\nowned_products: [espresso machine]\n---\nOur best espresso machine is 30% off this weekend.
        ---\naudience: [mac]\n---\nDownload our new Windows app and get a free month.
        ---\naudience: [vegan]\n---\nGet 20% off our dry-aged steaks this week.
    Passes:
        ---\nowned_products: [Pro]\n---\nSince you're on Pro, here's what's new in Pro.
        ---\nowned_products: [espresso machine]\n---\nDescaling tablets for your espresso machine are 20% off.
        ---\naudience: [mac]\n---\nThe desktop app is now available for Windows and Mac.
        Upgrade to the Pro plan today and save 20%.
    """

    code = "TL505"
    name = "irrelevant-offer"
    severity = Severity.WARNING
    component = Component.INTIMACY
    lexicons = ("offer_cues", "audience_terms", "audience_fit")
    tag_values = ("audience_fit",)
    message = "Offers {what}, which {why}"
    suggestion = ("Offer what fits this reader: what's new in what they already have (\"Since you're on Pro, "
                  "here's what's new in Pro\"), or segment the send so the offer reaches people who can use it.")
    context_keys = ("owned_products", "audience")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        camp = ctx.campaign
        offers = doc.matches("offer_cues")
        seen: set[tuple[str, int]] = set()

        def has_offer(field: str, s: int, e: int) -> bool:
            """An offer cue in this sentence or the next one ("The ribeye box is back. $79 this week.")."""
            pf = doc.field(field)
            if e < len(pf.text):
                e = pf.sentence(e, "sentencizer")[1] if pf.text[e:].strip() else e
            return any(m.field == field and s <= m.start < e for m in offers)

        for product in camp.owned_products:
            pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, product.split())) + r"(?!\w)", re.I)
            for pf in doc.fields.values():
                for m in pattern.finditer(pf.text):
                    s, e = pf.sentence(m.start(), "sentencizer")
                    if (pf.name, s) in seen or not has_offer(pf.name, s, e):
                        continue
                    owned = any(_OWNED_BEFORE.search(pf.text[s:o.start()]) or _OWNED_AFTER.match(pf.text[o.end():e])
                                for o in pattern.finditer(pf.text, s, e))
                    if owned:
                        continue
                    seen.add((pf.name, s))
                    yield Hit(pf.name, m.start(), m.end(), self.message.format(
                        what=f"'{m.group(0)}'", why="the reader already owns (owned_products)"))
        audience = set(camp.audience)
        if not audience:
            return
        named = doc.matches("audience_terms")
        for m in doc.matches("audience_fit"):
            blocked = audience.intersection(str(t).lower() for t in m.entry.data.get("tags", ()))
            if not blocked:
                continue
            pf = doc.field(m.field)
            s, e = pf.sentence(m.start, "sentencizer")
            if (m.field, s) in seen or not has_offer(m.field, s, e):
                continue
            if any(n.field == m.field and s <= n.start < e and n.entry.id in audience for n in named):
                continue
            seen.add((m.field, s))
            yield Hit(m.field, m.start, m.end, self.message.format(
                what=f"'{m.text}'", why=f"this audience ({', '.join(sorted(blocked))}) cannot use"))
