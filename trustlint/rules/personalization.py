"""Personalization rules (TL5xx) that look at merge tokens (and TL501 at rendered greetings)."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator

from ..findings import Component, Hit, Severity
from ..render import RENDERED
from ..templates import (MergeToken, conditional_hint, detect_platforms, effective_platform, fallback_hint,
                         field_hint, leftover_delimiters, platform_family, platform_label, unbalanced)
from .base import Rule, RuleContext


class BareNamePersonalization(Rule):
    r"""The only personal thing in the message is a first-name merge token, or its rendered stand-in.

    In rendered bulk copy the greeting counts too: a user name or mailbox address used as the
    name ("Dear j.okafor42,"), a fallback value ("Hi Friend") or an ALL-CAPS list name, when
    nothing else in the message is about the reader.

    Why: "Hi {{first_name}}," on copy that is otherwise the same for everyone tells the reader
    you have a mailing list, not that you know them; the false note of intimacy costs more than
    a plain greeting.
    Source: Maister, Green & Galford (2000) on intimacy; Aguirre et al. (2015), Journal of
    Retailing 91(1), on the personalization paradox; Litmus/Campaign Monitor industry notes on
    first-name subject lines.

    Fires:
        Hi {{first_name}},\n\nOur spring collection is here. Shop the new arrivals today.
        Subject: *|FNAME|*, big news\n\nWe have launched our new app. Download it today.
        Hello %%FirstName%%,\n\nCheck out our latest webinar on marketing trends.\n\nUnsubscribe: *|UNSUB|*
        Dear j.okafor42,\n\nCheck out our latest webinar on marketing trends.
        Hi Friend,\n\nOur spring collection is here.
    Passes:
        Hi {{first_name}},\n\nYour {{last_product}} refill is due next week; reorder in one click.
        Hi {{ first_name | default: 'there' }},\n\nYou bought espresso beans twice, so here are three similar roasts.
        Hi there,\n\nOur spring collection is here.
        ---\nbulk: false\n---\nHi {{first_name}},\n\nThanks for the call.
    """

    code = "TL501"
    name = "bare-name-personalization"
    severity = Severity.WARNING
    component = Component.INTIMACY
    message = "The first name ({token}) is the only personal element; the rest of the message is generic"
    suggestion = ("Add one detail the reader will recognise as theirs (\"your {{last_product}} refill is "
                  "due\"), or drop the name and write honestly to everyone.")
    context_keys = ("bulk",)

    rendered = ("The greeting's '{match}' ({kind}) is the only personal element; the rest of the "
                "message is generic")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        if not ctx.campaign.bulk:
            return
        fields = [(f, t) for f, t in doc.tokens if t.kind == "field" and not t.is_system]
        names = [(f, t) for f, t in fields if t.is_name]
        if len(names) < len(fields) or doc.matches("contextual_personalization"):
            return
        if names:
            field, tok = names[0]
            yield Hit(field, tok.start, tok.end, self.message.format(token=tok.raw))
            return
        if fields:
            return
        found = rendered_name(doc)
        if found:
            field, start, end, kind = found
            yield Hit(field, start, end, self.rendered.format(match=doc.field(field).text[start:end], kind=kind))


# A rendered greeting at the top of the body or the start of the subject: an optional
# salutation, then the name-like word(s), then a comma, colon, dash or "!".
_GREETING = re.compile(
    r"(?P<sal>(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening))\b[ \t,]*(?:there[ \t]+)?)?"
    r"(?P<name>[^\W\d_][\w.+'-]*(?:@[\w.-]+)?(?:[ \t]+[A-Z][a-zA-Z'-]+)?)[ \t]*(?P<end>[,:!]|--|[—–]|\s-\s|(?=\r?\n|$))", re.I)
_HANDLE = re.compile(r"[a-z][a-z0-9]*(?:[._-]?[a-z0-9]+)*\d[a-z0-9._-]*|[a-z]+[._][a-z0-9._]+")
# Fallback values a first-name merge renders to. A category address ("Dear valued customer") is
# TL506's, not a name stand-in.
_FALLBACK = {"friend", "subscriber", "supporter", "reader", "patriot", "neighbor", "neighbour", "there friend"}
_NOT_NAMES = {"there", "all", "everyone", "everybody", "team", "folks", "guys", "friends", "world", "again",
              "y'all", "yes", "no", "ok", "okay", "well", "so", "now", "also", "however", "first", "then",
              "thanks", "thank", "sorry", "oh", "and", "but", "or", "anyway", "actually", "please", "today",
              "finally", "still", "plus", "note", "update", "news", "welcome", "attention", "important",
              "reminder", "warning", "re", "fw", "fwd", "subject", "from", "to", "date", "sent", "urgent", "notice",
              "hi", "hello", "hey", "dear", "greetings", "spam", "url", "sir", "madam", "sirs", "sweetie", "honey",
              "darling", "babe", "attn", "to", "re", "www", "http", "https", "mailto", "unsubscribe", "name", "ps", "p.s", "btw", "fyi", "question", "alert"}


def rendered_name(doc) -> tuple[str, int, int, str] | None:
    """A name-like greeting in rendered copy: (field, start, end, kind) or None.

    Kinds: an e-mail address or user name used as the name ("Hello, ana.k77,"), a fallback value
    ("Hi Friend") or an ALL-CAPS list name ("DEAR MARIA,"). A plain first name is not one.
    """
    places = []
    body = doc.field("body")
    if body is not None:
        text = body.text
        offset, seen = 0, 0
        for line in text.splitlines(keepends=True):  # the first three non-blank lines
            if line.strip() and seen < 3:
                seen += 1
                places.append(("body", offset + len(line) - len(line.lstrip(" \t")), seen == 1))
            offset += len(line)
    if doc.field("subject") is not None:
        places.append(("subject", 0, True))
    for field, pos, top in places:
        text = doc.field(field).text
        m = _GREETING.match(text, pos)
        if m is None:
            continue
        name, sal = m.group("name"), m.group("sal")
        low = name.lower()
        if not top and not sal and low not in _FALLBACK:
            continue  # below the first line only a salutation or a fallback value is a greeting
        if not m.group("end") and not (sal and ("@" in name or _HANDLE.fullmatch(name))):
            continue  # a line with no comma: a greeting only when it is plainly an address
        if not sal and m.group("end") in (":", "!", "") and "@" not in name:
            continue  # "URL:", "NOTE -": a label, not a vocative
        if "@" in name:
            kind = "an e-mail address used as the name"
        elif low in _FALLBACK or (low.split()[-1] in _FALLBACK and len(low.split()) <= 2):
            kind = "a fallback value used as the name"
        elif low.split()[0] in _NOT_NAMES:
            continue
        elif _HANDLE.fullmatch(name) and (sal or field == "subject" or name.islower()):
            kind = "a user name used as the name"
        elif name.islower() and " " not in name and len(name) >= 2 and m.group("end") == ",":
            kind = "a user name used as the name"
        elif name.isupper() and len(name.replace(" ", "")) >= 2 and (sal or field == "body"):
            kind = "an ALL-CAPS list name"
        else:  # a plain "Hi Dana," is how a person writes too: not evidence of a list
            continue
        return field, m.start("name"), m.end("name"), kind
    return None


_ASSIGNED = re.compile(r"^\{%-?\s*(?:assign|set|capture|for)\s+([A-Za-z_]\w*)|^\{\{~?\s*#\s*each\b", re.I)


_EACH_CLOSE = re.compile(r"^\{\{~?\s*/\s*each\b")
_IF_WORD = re.compile(r"(?i)\bif")


def _root(tok: MergeToken) -> str:
    return re.split(r"[.|\s]", tok.name.strip().lstrip("$").strip("{}"), maxsplit=1)[0].lower()


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _contact_fields(tokens: tuple[MergeToken, ...]) -> Iterator[MergeToken]:
    """The field tokens of one field's tokens (in text order) that are neither template
    variables nor guarded by a conditional block.

    A template variable is a name assigned, captured or looped over (`{% assign x %}`,
    `{% for x in ... %}`) by a block at or before the token, or any token inside a Handlebars
    `{{#each}}`. A token is guarded when a block at or before it contains "if" as a word start
    and, letters and digits only, the token's name. One pass over the tokens, and one
    Aho-Corasick pass (ahocorasick-rs) over the "if" blocks for every name at once: linear in
    the tokens (20,000 `{% if a %}` used to rescan every earlier block for each token).
    """
    fields = [t for t in tokens if t.kind == "field" and t.fallback is None and t.name]
    if not fields:
        return
    blocks = [t for t in tokens if t.kind == "block"]
    # the earliest "if" block containing each key (blocks are in text order)
    ifs = [(b.start, _key(b.raw)) for b in blocks if _IF_WORD.search(b.raw)]
    keys = sorted({k for k in map(_key, (t.name for t in fields)) if k})
    first_if: dict[str, int] = {}
    if ifs and keys:
        import ahocorasick_rs

        joined, offsets, pos = [], [], 0
        for _, k in ifs:
            offsets.append(pos)
            joined.append(k)
            pos += len(k) + 1
        automaton = ahocorasick_rs.AhoCorasick(keys)
        for idx, s, _ in automaton.find_matches_as_indexes("|".join(joined), overlapping=True):
            first_if.setdefault(keys[idx], ifs[bisect_right(offsets, s) - 1][0])
    assigned: set[str] = set()
    depth, b = 0, 0
    for tok in fields:
        while b < len(blocks) and blocks[b].start <= tok.start:
            m = _ASSIGNED.match(blocks[b].raw)
            if m and m.group(1):
                assigned.add(m.group(1).lower())
            elif m:
                depth += 1
            elif _EACH_CLOSE.match(blocks[b].raw):
                depth -= 1
            b += 1
        key = _key(tok.name)
        if key and first_if.get(key, tok.start + 1) <= tok.start:
            continue
        if depth > 0 or _root(tok) in assigned:
            continue
        yield tok


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
        platforms = detect_platforms(t for _, t in doc.tokens)
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


def _in_greeting(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 40):start]
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


class EmptyRender(Rule):
    r"""A merge field that renders empty or raw for a recipient: "Hi ,", "Dear  ,", a leftover tag.

    Why: The reader sees the machinery: a greeting with a hole where their name should be, or
    the raw tag itself. It is the clearest sign of a careless mass mailing and undoes whatever
    personalization was meant to build. With `--recipients`, every row is rendered and checked.
    Source: Mailchimp, Klaviyo and Braze documentation on empty merge fields and default
    values; Maister, Green & Galford (2000) on reliability.

    Fires:
        Hi ,\n\nYour order has shipped.
        Dear  ,\n\nThank you for your order.
        Subject: Hi , your receipt\n\nThanks for your order.
    Passes:
        Hi {{ first_name }},\n\nYour order has shipped.
        Hi there,\n\nYour order has shipped.
        Hi,\n\nYour order has shipped.
    """

    code = "TL507"
    name = "empty-render"
    severity = Severity.ERROR
    component = Component.RELIABILITY
    message = "Renders as '{text}': a merge field came out empty"
    suggestion = ("Give the token a fallback (e.g. {{ first_name | default: 'there' }}) or wrap the "
                  "greeting in a conditional, and fill or clean the recipient data.")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for m in doc.matches("empty_render"):
            pf = doc.field(m.field)
            shown = pf.text[m.start:m.end + 20].split("\n")[0].strip()
            yield Hit(m.field, m.start, min(len(pf.text), m.end + 1), self.message.format(text=shown))
        if doc.draft.format != RENDERED:
            return
        for field, tok in doc.tokens:
            if tok.kind == "field":
                yield Hit(field, tok.start, tok.end,
                          f"Merge tag {tok.raw} is sent raw: this recipient's data has no '{tok.name or tok.raw}'")

