"""TL503 broken-or-mixed-tokens: Template tokens that are broken (an unclosed tag or block) or mix two platforms' syntax."""
from __future__ import annotations

from typing import Iterator

from ...findings import Component, Hit, Severity
from ...source.templates import (MergeToken, leftover_delimiters,
                         platform_family, platform_label, unbalanced)
from ..base import Rule, RuleContext


class BrokenOrMixedTokens(Rule):
    r"""Template tokens that are broken (an unclosed tag or block) or mix two platforms' syntax.

    Why: A tag left open, an "if" without its "endif", or a Mailchimp tag in a Liquid template
    does not render: the platform sends the raw syntax, drops the rest of the message, or
    refuses to send. Readers who see "{{ first_name" or "*|FNAME|*" know nobody checked.
    Source: Mailchimp "Use Conditional Merge Tag Blocks"; Shopify Liquid and Handlebars
    language references (block tags must be closed); Maister, Green & Galford (2000) on
    reliability.

    Fires:
        Hi {{ first_name ,\n\nYour order has shipped.
        {% if first_name %}Hi {{ first_name }},\n\nYour order has shipped.
        *|IF:FNAME|*Hi *|FNAME|*,\n\nYour order has shipped.
        Hi *|FNAME|*,\n\nYour {{ product_name }} has shipped.
    Passes:
        {% if first_name %}Hi {{ first_name }},{% else %}Hi there,{% endif %}\n\nYour order has shipped.
        *|IF:FNAME|*Hi *|FNAME|*,*|ELSE:|*Hi there,*|END:IF|*\n\nYour order has shipped.
        Hi {{${first_name} | default: 'there'}}, your {{ product_name }} has shipped.
        {{#if first_name}}Hi {{first_name}},{{else}}Hi there,{{/if}}\n\nYour order has shipped.
    """

    code = "TL503"
    name = "broken-or-mixed-tokens"
    severity = Severity.ERROR
    component = Component.RELIABILITY
    message = "Broken template syntax: {problem}"
    suggestion = ("Close every tag and block ({{ }}, {% if %}...{% endif %}, *|IF:|*...*|END:IF|*) and use "
                  "one platform's merge-tag syntax throughout; preview the send for a test contact.")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for pf in doc.fields.values():
            for m in leftover_delimiters(pf.text):
                yield Hit(pf.name, m.start(), m.end(), self.message.format(
                    problem=f"'{m.group(0)}' does not belong to a complete merge tag"))
            for tok, problem in unbalanced(pf.tokens):
                yield Hit(pf.name, tok.start, tok.end, self.message.format(problem=problem))
        yield from self._mixed(doc)

    def _mixed(self, doc) -> Iterator[Hit]:
        # Whether two tokens conflict depends only on their platforms, so each token is compared
        # with the first token of each platform seen so far (a handful), not with every earlier
        # token: linear in the number of tokens. The first conflicting earlier token is reported.
        first: dict[str | None, tuple[int, MergeToken]] = {}
        for i, (field, tok) in enumerate(doc.tokens):
            clashes = [(j, t) for j, t in first.values() if _conflict(t, tok)]
            first.setdefault(tok.platform, (i, tok))
            other = min(clashes, key=lambda jt: jt[0])[1] if clashes else None
            if other is not None:
                yield Hit(field, tok.start, tok.end, "Merge tags of two platforms in one draft: "
                          f"{platform_label(other.platform)} ({other.raw}) and "
                          f"{platform_label(tok.platform)} ({tok.raw}); only one of them will render")
                return


def _conflict(a: MergeToken, b: MergeToken) -> bool:
    """Two tokens that cannot both render on one platform."""
    fa, fb = platform_family(a.platform), platform_family(b.platform)
    if fa != fb:
        return True
    return fa == "curly" and "liquid" not in (a.platform, b.platform) and a.platform != b.platform
