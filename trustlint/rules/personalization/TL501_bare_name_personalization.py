"""TL501 bare-name-personalization: The only personal thing in the message is a first-name merge token, or its rendered stand-in."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext


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
    lexicons = ("contextual_personalization",)
    message = "The first name ({token}) is the only personal element; the rest of the message is generic"
    suggestion = ("Add one detail the reader will recognise as theirs (\"your {{last_product}} refill is "
                  "due\"), or drop the name and write honestly to everyone.")
    context_keys = ("bulk",)

    rendered = ("The greeting's '{match}' ({kind}) is the only personal element; the rest of the "
                "message is generic")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        if not ctx.campaign.bulk:
            return
        # which personal fields the draft has is a question about its distinct tokens
        fields = [t for _, t in doc.distinct_tokens() if t.kind == "field" and not t.is_system]
        if any(not t.is_name for t in fields) or doc.matches("contextual_personalization"):
            return
        if fields:  # every personal field is a name: the first name token, in text order
            field, tok = next((pf.name, t) for pf in doc.fields.values() for t in pf.tokens.where(_personal_name))
            yield Hit(field, tok.start, tok.end, self.message.format(token=tok.raw))
            return
        found = rendered_name(doc)
        if found:
            field, start, end, kind = found
            yield Hit(field, start, end, self.rendered.format(match=doc.field(field).text[start:end], kind=kind))


_GREETING = re.compile(
    r"(?P<sal>(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening))\b[ \t,]*(?:there[ \t]+)?)?"
    r"(?P<name>[^\W\d_][\w.+'-]*(?:@[\w.-]+)?(?:[ \t]+[A-Z][a-zA-Z'-]+)?)[ \t]*(?P<end>[,:!]|--|[—–]|\s-\s|(?=\r?\n|$))", re.I)


_HANDLE = re.compile(r"[a-z][a-z0-9]*(?:[._-]?[a-z0-9]+)*\d[a-z0-9._-]*|[a-z]+[._][a-z0-9._]+")


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


def _personal_name(tok) -> bool:  # type: ignore[no-untyped-def]
    return tok.kind == "field" and not tok.is_system and tok.is_name
