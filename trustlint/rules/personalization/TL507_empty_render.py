"""TL507 empty-render: A merge field that renders empty or raw for a recipient: "Hi ,", "Dear  ,", a leftover tag."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ...source.render import RENDERED
from ..base import Rule, RuleContext

# A quoted line of an earlier message ("> ..."): someone else's text, not this draft's render.
_QUOTE_LINE = re.compile(r"[ \t]*[A-Za-z&]{0,4}>")
# Two or more spaces between two words: where the writer does this elsewhere too, a double space
# after "the" is their typing, not a hole left by an empty merge field.
_DOUBLE_SPACE = re.compile(r"(?<=\w)[ \t]{2,}(?=\w)")


class EmptyRender(Rule):
    r"""A merge field that renders empty or raw for a recipient: "Hi ,", "Dear  ,", a leftover tag.

    Why: The reader sees the machinery: a greeting with a hole where their name should be, or
    the raw tag itself. It is the clearest sign of a careless mass mailing and undoes whatever
    personalization was meant to build. With `--recipients`, every row is rendered and checked.
    Quoted lines ("> ...") are someone else's text, and a double space after "the" or "your" is
    typing, not a hole, when the writer double-spaces between other words too.
    Source: Mailchimp, Klaviyo and Braze documentation on empty merge fields and default
    values; Maister, Green & Galford (2000) on reliability.

    Fires:
        Hi ,\n\nYour order has shipped.
        Dear  ,\n\nThank you for your order.
        Subject: Hi , your receipt\n\nThanks for your order.
        Thanks for booking. Your  room is ready from 3 pm.
    Passes:
        Hi {{ first_name }},\n\nYour order has shipped.
        Hi there,\n\nYour order has shipped.
        Hi,\n\nYour order has shipped.
        Sam wrote:\n> It broke at the  hinge.\n\nSend it back and we'll replace it.
        The  results came back and the  team  was pleased with  them.
    """

    code = "TL507"
    name = "empty-render"
    severity = Severity.ERROR
    component = Component.RELIABILITY
    lexicons = ("empty_render",)
    message = "Renders as '{text}': a merge field came out empty"
    suggestion = ("Give the token a fallback (e.g. {{ first_name | default: 'there' }}) or wrap the "
                  "greeting in a conditional, and fill or clean the recipient data.")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        habitual: dict[str, tuple[int, int] | None] = {}  # field -> (first run's end, last run's start)
        for m in doc.matches("empty_render"):
            pf = doc.field(m.field)
            line = pf.text.rfind("\n", 0, m.start) + 1
            if _QUOTE_LINE.match(pf.text, line):
                continue
            if m.entry.id == "empty-between":
                # another double space elsewhere in the field: the writer's habit, not a gap.
                # Runs found once per field (per match, it was matches x runs).
                if m.field not in habitual:
                    runs = [(d.start(), d.end()) for d in _DOUBLE_SPACE.finditer(pf.text)]
                    habitual[m.field] = (runs[0][1], runs[-1][0]) if runs else None
                bounds = habitual[m.field]
                if bounds is not None and (bounds[1] > m.end or bounds[0] < m.start):
                    continue
            shown = pf.text[m.start:m.end + 20].split("\n")[0].strip()
            yield Hit(m.field, m.start, min(len(pf.text), m.end + 1), self.message.format(text=shown))
        if doc.draft.format != RENDERED:
            return
        for field, tok in doc.tokens:
            if tok.kind == "field":
                yield Hit(field, tok.start, tok.end,
                          f"Merge tag {tok.raw} is sent raw: this recipient's data has no '{tok.name or tok.raw}'")
