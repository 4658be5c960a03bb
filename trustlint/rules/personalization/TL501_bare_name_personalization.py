"""TL501 bare-name-personalization: The only personal thing in the message is a first-name merge token, or its rendered stand-in."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext
from ..guards import in_conversation


class BareNamePersonalization(Rule):
    r"""The only personal thing in the message is a first-name merge token, or its rendered stand-in.

    In rendered bulk copy the greeting counts too: a user name or mailbox address used as the
    name ("Dear j.okafor42,", "CONGRATULATIONS! j.okafor42@example.com", "NAME: j.okafor42@example.com"
    on a pledge card), a fallback value ("Hi Friend") or an ALL-CAPS list name, when nothing else
    in the message is about the reader. A plain first name counts only where a list shows: in the
    greeting of a sales pitch with its own opt-out line and no quoted thread ("Hey Dana," above
    an offer), or turned to mid-text in such mail ("DJ, we need you"). A personal detail in the
    opt-out footer ("you get this because you signed up") is the same for every reader and does
    not count; beside an address or a fallback used as the name, neither does "your account".
    A welcome or sign-up confirmation ("Thanks for signing up", "Welcome to the team") greets the
    reader by the name they just gave, and a letter's stock salutation ("Dear Friend", "Dear
    Reader") is not a fallback value: neither fires.

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
        Hey Dana,\n\nOur spring collection is 20% off this week. Shop now.\n\nUnsubscribe: example.com/u
    Passes:
        Hi {{first_name}},\n\nYour {{last_product}} refill is due next week; reorder in one click.
        Hi {{ first_name | default: 'there' }},\n\nYou bought espresso beans twice, so here are three similar roasts.
        Hi there,\n\nOur spring collection is here.
        Dear Friend,\n\nOur spring collection is here.
        Hi Dana,\n\nThe kiln is fixed, so Thursday works. The glaze was $12.
        ---\nbulk: false\n---\nHi {{first_name}},\n\nThanks for the call.
    """

    code = "TL501"
    name = "bare-name-personalization"
    severity = Severity.WARNING
    component = Component.INTIMACY
    lexicons = ("contextual_personalization", "opt_out", "commercial")
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
        if any(not t.is_name for t in fields):
            return
        personal = [m for m in doc.matches("contextual_personalization") if not _in_footer(doc, m)]
        if fields:  # every personal field is a name: the first name token, in text order
            if personal or is_welcome(doc):
                return
            field, tok = next((pf.name, t) for pf in doc.fields.values() for t in pf.tokens.where(_personal_name))
            yield Hit(field, tok.start, tok.end, self.message.format(token=tok.raw))
            return
        found = rendered_name(doc)
        if found is None:
            return
        field, start, end, kind = found
        if kind not in (ADDRESS, HANDLE) and is_welcome(doc):
            return  # the reader just gave the list this name: a welcome uses it as they typed it
        if kind == PLAIN and not (is_bulk_pitch(doc) and doc.matches("commercial")):
            return  # a plain "Hi Dana," is how a person writes too: only a list's sales pitch shows a list
        if kind == VOCATIVE and not is_bulk_pitch(doc):
            return
        # an address, a user name or a fallback as the name shows the sender does not know the
        # reader, so "your account" or "your order" beside it is a list's stock phrase, not a detail
        if any(m.entry.id not in _STOCK or kind not in _NOT_KNOWN for m in personal):
            return
        yield Hit(field, start, end, self.rendered.format(match=doc.field(field).text[start:end], kind=kind))


ADDRESS = "an e-mail address used as the name"
HANDLE = "a user name used as the name"
FALLBACK = "a fallback value used as the name"
CAPS = "an ALL-CAPS list name"
PLAIN = "a first name in the greeting of a bulk pitch"
VOCATIVE = "a first name merged into the copy to address the reader"
#: capitalised words that start a line with a comma and are not a first name: sign-offs, times,
#: honorifics (a "Dear Mr Mason" letter names a surname it looked up), greetings of other languages
_NOT_FIRST_NAMES = frozenset({
    "sincerely", "regards", "best", "cheers", "thanks", "love", "yours", "warmly", "respectfully", "cordially",
    "yesterday", "today", "tonight", "tomorrow", "recently", "lately", "earlier", "later", "meanwhile",
    "on", "in", "at", "this", "last", "next", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "morning", "afternoon", "evening", "mr", "mrs", "ms", "miss", "dr",
    "prof", "professor", "sir", "bonjour", "hola", "hallo", "ciao", "salut", "fellow", "fellows", "dearest",
    "here", "yes", "well", "indeed", "again", "unfortunately", "fortunately", "honestly", "seriously",
    "listen", "look", "wow", "great", "good", "perfect", "sure", "right", "remember", "imagine", "because",
    "if", "when", "while", "after", "before", "since", "as", "but", "and", "so", "however", "therefore"})
_NOT_KNOWN = frozenset({ADDRESS, HANDLE, FALLBACK})
#: contextual_personalization entries that a list's stock copy carries too ("your account")
_STOCK = frozenset({"your-thing"})


def _in_footer(doc, m) -> bool:
    """True when a personal detail stands in the opt-out paragraph ("you get this because you
    signed up ... unsubscribe", "manage your subscription"): every reader on the list gets it."""
    text = doc.field(m.field).text
    lo = text.rfind("\n\n", 0, m.start) + 1
    hi = text.find("\n\n", m.end)
    hi = len(text) if hi < 0 else hi
    return any(lo <= o.start < hi for o in doc.matches("opt_out", m.field))


#: a welcome or sign-up confirmation near the top: "Thanks for signing up", "Welcome to the team",
#: "Please confirm your subscription"; the reader gave the name a moment ago
_WELCOME = re.compile(
    r"\bthanks?(?:\s+you)?\s+(?:so\s+much\s+)?for\s+(?:signing\s+up|subscribing|joining|registering|"
    r"your\s+(?:subscription|sign-?up|registration))\b"
    r"|\bwelcome\s+(?:aboard|to\s+(?:the|our)\s+(?:team|list|community|family|club|newsletter|movement|campaign))\b"
    r"|\bconfirm\s+your\s+(?:subscription|sign-?up|e-?mail\s+address)\b", re.I)
#: how far into the body a welcome counts (its first paragraphs)
_WELCOME_REACH = 800


def is_welcome(doc) -> bool:
    """True when the subject or the top of the body welcomes a new subscriber or asks them to
    confirm the sign-up: the message answers the reader's own request, name and all."""
    subject = doc.field("subject")
    if subject is not None and _WELCOME.search(subject.text):
        return True
    body = doc.field("body")
    return body is not None and _WELCOME.search(body.text, 0, _WELCOME_REACH) is not None


def is_bulk_pitch(doc) -> bool:
    """Mail sent to a list by its sender: an opt-out line of its own, and no sign of a
    conversation (a quoted message, a discussion list's tag or footer, a forward)."""
    return bool(doc.matches("opt_out")) and not in_conversation(doc)


_GREETING = re.compile(
    r"(?P<sal>(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening))\b[ \t,]*(?:there[ \t]+)?)?"
    r"(?P<name>[^\W\d_][\w.+'-]*(?:@[\w.-]+)*(?:[ \t]+[A-Z][a-zA-Z'-]+)?)[ \t]*(?P<end>[,:!]|--|[—–]|\s-\s|(?=\r?\n|$))", re.I)


_HANDLE = re.compile(r"[a-z][a-z0-9]*(?:[._-]?[a-z0-9]+)*\d[a-z0-9._-]*|[a-z]+[._][a-z0-9._]+")


_FALLBACK = {"friend", "subscriber", "supporter", "reader", "patriot", "neighbor", "neighbour", "there friend"}


_NOT_NAMES = {"there", "all", "everyone", "everybody", "team", "folks", "guys", "friends", "world", "again",
              "y'all", "yes", "no", "ok", "okay", "well", "so", "now", "also", "however", "first", "then",
              "thanks", "thank", "sorry", "oh", "and", "but", "or", "anyway", "actually", "please", "today",
              "finally", "still", "plus", "note", "update", "news", "welcome", "attention", "important",
              "reminder", "warning", "re", "fw", "fwd", "subject", "from", "to", "date", "sent", "urgent", "notice",
              "hi", "hello", "hey", "dear", "greetings", "spam", "url", "sir", "madam", "sirs", "sweetie", "honey",
              "darling", "babe", "attn", "to", "re", "www", "http", "https", "mailto", "unsubscribe", "name", "ps", "p.s", "btw", "fyi", "question", "alert",
              "customer", "customers", "client", "clients", "member", "members", "user", "users", "valued",
              "colleague", "colleagues", "congratulations", "congrats", "ladies", "gentlemen", "partner",
              "partners", "investor", "beneficiary", "winner", "applicant", "shopper", "guest", "owner",
              "homeowner", "respected", "esteemed", "people", "hiring", "manager", "admin", "webmaster",
              "recipient", "account", "dude", "mate", "buddy", "man", "girl", "boys", "list", "neighbors",
              "neighbours", "readers", "supporters", "subscribers", "patriots", "voters", "parents"}


def rendered_name(doc) -> tuple[str, int, int, str] | None:
    """A name-like greeting in rendered copy: (field, start, end, kind) or None.

    Kinds: an e-mail address or user name used as the name ("Hello, ana.k77,"), a fallback value
    ("Hi Friend"), an ALL-CAPS list name ("DEAR MARIA,"), or a plain first name ("Hi Dana,",
    "Dana,"), which the rule counts only in a bulk pitch. The greeting is looked for in the
    subject and in the first lines of the body, below a "View online" bar or a logo line.
    """
    places = []
    body = doc.field("body")
    if body is not None:
        text = body.text
        offset, seen = 0, 0
        for line in text.splitlines(keepends=True):  # the first non-blank lines
            if seen >= _TOP_LINES:
                break
            if line.strip():
                seen += 1
                places.append(("body", offset + len(line) - len(line.lstrip(" \t")), seen == 1))
            offset += len(line)
    if doc.field("subject") is not None:
        places.append(("subject", 0, True))
    for field, pos, top in places:
        text = doc.field(field).text
        found = _greeting(text, pos, top, field)
        if found is not None:
            return (field, *found)
    if body is None:
        return None
    m = _NAME_FIELD.search(body.text)  # "NAME: ana@example.com" on a pledge card
    if m is not None:
        return "body", m.start("name"), m.end("name"), ADDRESS
    return _vocative(body.text)


#: a form line whose value, the reader's name, is their mailbox address
_NAME_FIELD = re.compile(
    r"(?im)^[ \t]*(?:(?:first[ \t]+|full[ \t]+|your[ \t]+)?name|donor|member|supporter|recipient|prepared[ \t]+for|"
    r"account[ \t]+holder)[ \t]*:[ \t]*(?P<name>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
#: an ALL-CAPS name the copy turns to mid-text ("AJ, our momentum is real", "But DANA -- we need you")
_VOCATIVE = re.compile(
    r"(?m)(?:^[ \t]*|(?<=[.!?])[ \t]+)(?:(?i:but|and|so|now|listen|look)[ \t]+)?"
    r"(?P<name>[A-Z]{2,12})(?:,|[ \t]+--|[ \t]*[—–])[ \t]+"
    r"(?=(?:we|you|i|our|your|this|it|help|can|will|would|please|if|there|the|thank|thanks|let['’]s|"
    r"don['’]t|i['’]m|we['’]re|you['’]re|that|now|here|it['’]s|my|are|do)\b)")


def _vocative(text: str) -> tuple[str, int, int, str] | None:
    """An ALL-CAPS first name the body addresses the reader by, mid-text ("AJ, we need you"):
    (field, start, end, kind), or None. A capitalised word before a comma is too often an
    interjection ("Relax, there's a patch") to count, even twice."""
    for m in _VOCATIVE.finditer(text):
        name = m.group("name")
        low = name.lower()
        if not name.isupper() or low in _NOT_NAMES or low in _NOT_FIRST_NAMES or low in _FALLBACK:
            continue
        return "body", m.start("name"), m.end("name"), VOCATIVE
    return None



#: how many non-blank body lines may come before the greeting (a preheader, "View online", a logo)
_TOP_LINES = 8
#: an address after an exclamation at the start ("CONGRATULATIONS! ana@example.com")
_ADDRESS_AFTER = re.compile(r"[^\n]{1,40}?[!.][ \t]+(?P<name>[\w.+-]+@[\w-]+(?:\.[\w-]+)*(?:@[\w.-]+)?)[ \t]*(?:,|$)", re.M)
_FIRST_NAME = re.compile(r"[A-Z][a-z]+(?:['-][A-Za-z][a-z]+)?(?:[ \t]+[A-Z][a-zA-Z'-]+)?")


#: "Dear" alone on the line above the name ("Dear\nFriend,")
_DEAR_BEFORE = re.compile(r"(?i)\bdear[ \t]*\r?\n[ \t]*\Z")


def _greeting(text: str, pos: int, top: bool, field: str) -> tuple[int, int, str] | None:
    m = _GREETING.match(text, pos)
    if m is None:
        return None
    name, sal, end = m.group("name"), m.group("sal"), m.group("end")
    low = name.lower().rstrip(".")
    if not sal and end == ":":
        return None  # "ana@example.com wrote:", "Note:": an attribution or a label
    # a line that is only the name and a comma: a vocative wherever it stands near the top
    alone = field == "body" and not sal and end == "," and text[m.end():m.end() + 1] in ("\n", "\r", "")
    if "@" not in name and not (sal or top or alone or low in _FALLBACK):
        a = _ADDRESS_AFTER.match(text, pos) if not top else None
        return (a.start("name"), a.end("name"), ADDRESS) if a else None
    if not end and not (sal and ("@" in name or _HANDLE.fullmatch(name))):
        a = _ADDRESS_AFTER.match(text, pos)  # "CONGRATULATIONS! ana@example.com"
        return (a.start("name"), a.end("name"), ADDRESS) if a else None
    if not sal and end in (":", "!", "") and "@" not in name:
        a = _ADDRESS_AFTER.match(text, pos)
        return (a.start("name"), a.end("name"), ADDRESS) if a else None
    if "@" in name:
        if not (sal or top or end == ","):
            return None  # a bare address line: a signature or a header, not a greeting
        kind = ADDRESS
    elif low in _FALLBACK or (low.split()[-1] in _FALLBACK and len(low.split()) <= 2):
        if (sal and sal.split()[0].lower() == "dear") or _DEAR_BEFORE.search(text, max(0, pos - 12), pos):
            return None  # "Dear Friend," "Dear Reader,": a letter's stock salutation, like "Dear Sir"
        kind = FALLBACK
    elif low.split()[0] in _NOT_NAMES or low.split()[-1] in _NOT_NAMES:
        return None
    elif _HANDLE.fullmatch(name) and (sal or field == "subject" or name.islower()):
        kind = HANDLE
    elif _NOT_FIRST_NAMES.intersection(low.split()):
        return None
    elif name.islower() and " " not in name and len(name) >= 2 and end == ",":
        kind = HANDLE
    elif name.isupper() and len(name.replace(" ", "")) >= 2 and (sal or field == "body"):
        kind = CAPS
    elif _FIRST_NAME.fullmatch(name) and (sal or alone):
        kind = PLAIN
    else:
        return None
    return m.start("name"), m.end("name"), kind


def _personal_name(tok) -> bool:  # type: ignore[no-untyped-def]
    return tok.kind == "field" and not tok.is_system and tok.is_name
