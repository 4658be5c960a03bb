"""TL502 token-without-fallback: A merge token with no fallback: a contact with an empty field gets "Hi ,"."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable, Iterator

from ...findings import Component, Hit, Severity
from ...source.templates import (MergeToken, conditional_hint, detect_platforms, effective_platform, fallback_hint,
                                 field_hint)
from ...source.tokenlist import TokenList
from ..base import Rule, RuleContext


_ASSIGNED = re.compile(r"^\{%-?\s*(?:assign|set|capture|for)\s+([A-Za-z_]\w*)|^\{\{~?\s*#\s*each\b", re.I)


_EACH_CLOSE = re.compile(r"^\{\{~?\s*/\s*each\b")
_IF_WORD = re.compile(r"(?i)\bif")


def _root(tok: MergeToken) -> str:
    return re.split(r"[.|\s]", tok.name.strip().lstrip("$").strip("{}"), maxsplit=1)[0].lower()


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _contact_fields(tokens: Iterable[MergeToken]) -> Iterator[MergeToken]:
    """The field tokens of one field's tokens (in text order) that are neither template
    variables nor guarded by a conditional block.

    A template variable is a name assigned, captured or looped over (`{% assign x %}`,
    `{% for x in ... %}`) by a block at or before the token, or any token inside a Handlebars
    `{{#each}}`. A token is guarded when a block at or before it contains "if" as a word start
    and, letters and digits only, the token's name. One pass over the tokens; what a token's
    text says (its key, whether it is an "if" block, what it assigns) is worked out once per
    distinct token (a TokenList keeps them once), and one Aho-Corasick pass (ahocorasick-rs)
    over the distinct "if" blocks finds every name at once: linear in the tokens (20,000
    `{% if a %}` used to rescan every earlier block for each token).
    """
    toks = tokens if isinstance(tokens, TokenList) else TokenList.of(MergeToken, tokens)
    descs = toks.descs
    wanted = [kind == "field" and fallback is None and bool(name) for _, kind, _, name, fallback in descs]
    if not any(wanted):
        return
    block = [kind == "block" for _, kind, _, _, _ in descs]
    # the earliest "if" block containing each key: per distinct "if" block, the keys it holds
    # and where it first occurs
    if_descs = [k for k, d in enumerate(descs) if block[k] and _IF_WORD.search(d[2])]
    keys = sorted({key for k, d in enumerate(descs) if wanted[k] for key in [_key(d[3])] if key})
    first_if: dict[str, int] = {}
    if if_descs and keys:
        import ahocorasick_rs

        first_at = dict.fromkeys(if_descs, -1)
        for i, k in enumerate(toks.kinds):
            if first_at.get(k) == -1:
                first_at[k] = toks.starts[i]
        joined = [_key(descs[k][2]) for k in if_descs]
        offsets, pos = [], 0
        for key in joined:
            offsets.append(pos)
            pos += len(key) + 1
        automaton = ahocorasick_rs.AhoCorasick(keys)
        for idx, s, _ in automaton.find_matches_as_indexes("|".join(joined), overlapping=True):
            at = first_at[if_descs[bisect_right(offsets, s) - 1]]
            key = keys[idx]
            if at < first_if.get(key, at + 1):
                first_if[key] = at
    # what each distinct block does: assigns a name, opens an {{#each}} (+1) or closes one (-1)
    effect: list[tuple[str | None, int]] = []
    for k, d in enumerate(descs):
        m = _ASSIGNED.match(d[2]) if block[k] else None
        if m and m.group(1):
            effect.append((m.group(1).lower(), 0))
        elif m:
            effect.append((None, 1))
        elif block[k] and _EACH_CLOSE.match(d[2]):
            effect.append((None, -1))
        else:
            effect.append((None, 0))
    own = [(_key(d[3]), _root(MergeToken(*d, 0, 0))) if wanted[k] else ("", "") for k, d in enumerate(descs)]
    assigned: set[str] = set()
    depth = 0
    # blocks before a field token in text order are those at or before its start (a field
    # token is never zero-width), so one walk in token order sees each block when it should
    for i, k in enumerate(toks.kinds):
        if block[k]:
            name, step = effect[k]
            if name is not None:
                assigned.add(name)
            depth += step
            continue
        if not wanted[k]:
            continue
        start = toks.starts[i]
        key, root = own[k]
        if key and first_if.get(key, start + 1) <= start:
            continue
        if depth > 0 or root in assigned:
            continue
        yield toks[i]


class TokenWithoutFallback(Rule):
    r"""A merge token with no fallback: a contact with an empty field gets "Hi ,".

    Why: Every list has rows with missing fields. Without a default the reader sees "Hi ," or a
    raw tag, the clearest possible sign of a mass mailing, and the sender looks careless.
    Source: Mailchimp, HubSpot, Klaviyo and Braze documentation on merge-tag defaults;
    Maister, Green & Galford (2000) on reliability.

    The message and the suggestion fit the token: a name in a greeting gets a greeting
    default ("there"); any other field gets a default that reads well in its sentence, or a
    conditional block (a date, where an invented default would mislead, gets only the block).

    Fires:
        Hi {{ first_name }},\n\nYour invoice is ready.
        Hi %%FirstName%%,\n\nThanks for your order.
        Hello *|FNAME|*, your order has shipped.
        Hi there,\n\nYour refill ships on {{ refill_date }}.
        Hi there,\n\nThe team at {{ company }} will love this.
    Passes:
        Hi {{ first_name | default: 'there' }},\n\nYour invoice is ready.
        Hi [[FIRSTNAME OR "there"]], your order has shipped.
        *|IF:FNAME|*Hi *|FNAME|*,*|ELSE:|*Hi there,*|END:IF|*\n\nYour order has shipped.
        Hi there,\n\n{% if refill_date %}Your refill ships on {{ refill_date }}.{% endif %}
        Hi there,\n\nThe team at {{ company | default: 'your company' }} will love this.
    """

    code = "TL502"
    name = "token-without-fallback"
    severity = Severity.WARNING
    component = Component.RELIABILITY
    message = "Merge token {token} has no fallback: contacts without '{name}' get a broken greeting"
    suggestion = "Give it a default: {hint}."
    #: a name-like token outside a greeting, and any other field
    name_message = "Merge token {token} has no fallback: contacts without '{name}' see a gap where their name goes"
    name_suggestion = "Give it a default: {hint}, or word the sentence so it reads well without the name."
    field_message = "Merge token {token} has no fallback: contacts without '{name}' see a blank where it goes"
    field_suggestion = "Give it a default that reads well in this sentence ({hint}){conditional}."
    date_suggestion = ("Show this sentence only to contacts who have '{name}' ({conditional}); an invented "
                       "default date would mislead.")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        platforms = detect_platforms(t for _, t in doc.distinct_tokens())
        for pf in doc.fields.values():
            for tok in _contact_fields(pf.tokens):
                message, suggestion = self._wording(tok, effective_platform(tok, platforms), pf.text)
                yield Hit(pf.name, tok.start, tok.end, message, suggestion)

    def _wording(self, tok: MergeToken, platform: str, text: str) -> tuple[str, str]:
        """(message, suggestion) for one token without a fallback (see the class docstring)."""
        if tok.is_name:
            if _in_greeting(text, tok.start, tok.end):
                return (self.message.format(token=tok.raw, name=tok.name),
                        self.suggestion.format(hint=fallback_hint(platform)))
            return (self.name_message.format(token=tok.raw, name=tok.name),
                    self.name_suggestion.format(hint=fallback_hint(platform)))
        message = self.field_message.format(token=tok.raw, name=tok.name)
        default = _field_default(tok.name)
        conditional = conditional_hint(platform, tok.name)
        if default is None:  # a date or time
            shown = conditional or "segment on the field, or leave the sentence out"
            return message, self.date_suggestion.format(name=tok.name, conditional=shown)
        hint = field_hint(platform, tok.name, default) or "a default value for the field"
        return message, self.field_suggestion.format(
            hint=hint, conditional=f", or show the sentence only when it has a value ({conditional})" if conditional else "")


# The words before a name token that make it a greeting ("Hi {{ first_name }},"), or a name
# that opens its line as a vocative ("{{ first_name }}, your order ...").
_SALUTATION_BEFORE = re.compile(
    r"(?:^|\b)(?:hi|hello|hey|hiya|dear|greetings|howdy|good\s+(?:morning|afternoon|evening)|welcome(?:\s+back)?|"
    r"thanks|thank\s+you|congrats|congratulations|happy\s+\w+)[ \t,!]*$", re.I)
_VOCATIVE_AFTER = re.compile(r"[ \t]*[,!:—–-]")


_GREETING_REACH = 40  # characters before a token that can make it a greeting


def _in_greeting(text: str, start: int, end: int) -> bool:
    # The line break is looked for only within the reach: on one 5 MB line, a search back to
    # the start of the text for every token made the rule quadratic. The slice is the same.
    lo = max(0, start - _GREETING_REACH)
    line_start = text.rfind("\n", lo, start) + 1
    before = text[max(line_start, lo):start]
    if _SALUTATION_BEFORE.search(before):
        return True
    return not before.strip() and _VOCATIVE_AFTER.match(text, end) is not None


# Defaults that read well for kinds of field (by name); None: a date or time, which gets a
# conditional block instead (a made-up "soon" would mislead). Anything else: a placeholder
# for the writer to fill.
_FIELD_DEFAULTS = (
    (re.compile(r"date|day|time|deadline|expir|renew|due|until|birthday|anniversary|when|schedule", re.I), None),
    (re.compile(r"compan|organi[sz]ation|employer|business|account|org\b|brand", re.I), "your company"),
    (re.compile(r"product|item|plan|order|sku|model|service|purchase|subscription", re.I), "your order"),
    (re.compile(r"city|town|region|state|country|location|area|store", re.I), "your area"),
    (re.compile(r"title|role|job|position|department|team", re.I), "your team"),
)


def _field_default(name: str) -> str | None:
    for pattern, default in _FIELD_DEFAULTS:
        if pattern.search(name):
            return default
    return "..."
