"""Shared context checks for rules: is a match hypothetical, a question, or followed by the
reader; does the draft quote an earlier message? Data rules name them in `guards:`.

Lexicon patterns find the words; these helpers decide whether the words are a statement
about this reader ("you're pregnant") or a general or conditional one ("If you're pregnant,
ask your doctor"). Pure functions over the parsed field text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..nlp.document import Document

# Words that make the rest of the clause general or conditional, not a claim about this reader.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|when|whenever|once|unless|anyone|anybody|everyone|everybody|those|whoever|"
    r"in\s+case|imagine|suppose|assuming|many|millions|most\s+people|one\s+in)\b", re.I)
_QUESTION_OPENER = re.compile(
    r"^\W*(?:do|does|did|are|is|were|was|have|has|had|can|could|would|will|should|how|what|"
    r"why|when|where|which|who)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;:\n—–]|\s-\s")
# A question that takes the shared past as given ("Do you remember me?", "Did you forget our
# call?"): asking it still claims the meeting, so the question guard does not drop it.
_PRESUPPOSING_QUESTION = re.compile(
    r"\b(?:remember|recall|forget|forgot|forgotten)\s+(?:me|us|our|when\s+(?:we|i|you\s+and\s+i)|meeting|talking|"
    r"chatting|speaking|seeing)\b", re.I)
_PERSONAL = re.compile(r"\b(i|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself)\b", re.I)
#: the sentence a guard reads: spaCy's sentences as they are (trustlint/nlp/sentences.py)
SPLIT = "sentencizer"
_QUOTED = re.compile(
    # attribution lines: "On Tue, Sam wrote:", "Sam Ortiz <sam@x.org> wrote:", "In message <...>,
    # Hal writes:", "Quoting Dana Lee:"
    r"(?im)^[^\n]{0,200}\b(?:wrote|writes|schrieb|a\s+écrit|escribió)[ \t]*:[ \t]*$"
    r"|^[ \t]*(?:On|In\s+(?:message|article))\b[^\n]{3,200}\b(?:said|says)[ \t]*:[ \t]*$"
    r"|^[ \t]*Quoting\b[^\n]{1,200}:[ \t]*$"
    # quote blocks of two '|' lines in a row (not a '|'-boxed table, whose lines end in '|');
    # '>' lines are judged by _real_quote_lines below
    r"|^[ \t]*\|(?![^\n]*\|[ \t]*$)[^\n]*\n[ \t]*\|(?![^\n]*\|[ \t]*$)"
    # forwards and quoted headers, indented or not
    r"|^[ \t]*-{2,}[ \t]*(?:Original Message|Forwarded message|Forwarded by\b)"
    r"|^[ \t]*Begin forwarded message:"
    r"|^[ \t]*From:[^\n]*\n[ \t]*(?:Sent|Date|To|Subject):"
    r"|^[ \t]*(?:Date|Sent):[^\n]*\n[ \t]*From:"
)
# A list manager's footer or sponsor block: mailman's listinfo link, "Exmh-users mailing list"
# above the list address, Yahoo! Groups, ezmlm's -unsubscribe@ address, a List-Unsubscribe line.
_LIST_FOOTER = re.compile(
    r"(?im)https?://\S+/(?:mailman/listinfo|lists/listinfo|mailman/options|cgi-bin/mailman)\b"
    r"|\(un\)subscription\s+information"
    r"|^[ \t]*[\w.-]+(?:[ \t][\w.-]+)?[ \t]+mailing[ \t]+list[ \t]*\n[ \t]*<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|Yahoo!\s+Groups\s+(?:Sponsor|is\s+subject)|Your\s+use\s+of\s+Yahoo!\s+Groups"
    r"|^[ \t]*To\s+unsubscribe\s+from\s+this\s+(?:group|list)\b"
    r"|^[ \t]*To\s+unsubscribe,\s+e-?mail:"
    r"|\b[\w.+]+-unsubscribe@[\w-]+(?:\.[\w-]+)+"
    r"|^[ \t]*List-Unsubscribe:"
)
# A list's subject tag after the reply prefix: "Re: [ILUG] ...", "RE: [Razor-users] ..." (not a
# sender's alert tag such as "[URGENT]" or "[Action required]").
_LIST_TAG = re.compile(
    r"^\s*(?:(?:re|aw|sv|fwd?|fw)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+"
    r"\[(?!\s*(?:urgent|important|alert|action|external|spam|warning|notice|reminder|attention|"
    r"security|update|info|adv?|fwd?|re)\b)[A-Za-z][\w.-]{1,30}(?:[ \t][\w.-]{1,20})?\]", re.I)
_ALERT_TAG = (r"(?!\s*(?:urgent|important|alert|action|external|spam|warning|notice|reminder|attention|"
              r"security|update|info|adv?|fwd?|re)\b)")
# A list's name in the subject's tag, reply prefix or not: "[use Perl] Headlines", "Re: [ILUG] ...".
_SUBJECT_TAG = re.compile(
    r"^\s*(?:(?:re|aw|sv|fwd?|fw)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)*\[" + _ALERT_TAG
    + r"([A-Za-z][\w.-]{1,30}(?:[ \t][\w.-]{1,20})?)\]", re.I)
# A sender's own removal instructions: a bulk mailing relayed through a list carries them above
# the list's footer; a member's post does not.
_OWN_OPT_OUT = re.compile(
    r"(?i)\bunsubscribe\b|\bopt[- ]?out\b|\bremov(?:e|ed|al)\b[^\n.]{0,40}\b(?:list|mailing|instructions)\b"
    r"|\bto\s+be\s+removed\b|\bremove\s+instructions\b")
READER = frozenset({"you", "your", "yours", "yourself"})
_REACH = 400


def is_hypothetical(doc: Document, field: str, start: int) -> bool:
    """True when the clause before `start` is conditional or general, or the sentence asks."""
    pf = doc.field(field)
    s, e = pf.sentence(start, SPLIT)
    text = pf.text
    # the clause before the match, read from at most _REACH characters back: a guard runs on
    # every match, and a sentence with no stop can be as long as the file
    prefix = _CLAUSE_BREAK.split(text[max(s, start - _REACH):start])[-1]
    if _HYPOTHETICAL.search(prefix):
        return True
    end = e
    while end > s and text[end - 1].isspace():
        end -= 1
    if end <= s or text[end - 1] != "?":
        return False
    if _PRESUPPOSING_QUESTION.search(text, start, min(end, start + _REACH)):
        return False
    return bool(_QUESTION_OPENER.match(prefix or text[s:min(end, s + _REACH)]))


def reader_follows(doc: Document, field: str, end: int) -> bool:
    """True when the next personal pronoun after `end` in its sentence addresses the reader."""
    pf = doc.field(field)
    s, e = pf.sentence(max(0, end - 1), SPLIT)
    text = pf.text
    m = _PERSONAL.search(text, end, max(end, e))
    return bool(m) and m.group(1).lower() in READER


def is_clause_start(text: str, start: int) -> bool:
    """True when `start` opens a sentence, line, bullet or button label."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in ",;&'’/")


# A '>' quote line: "> text", "RAH> text", "&> text".
_GT_LINE = re.compile(r"(?m)^[ \t]*[A-Za-z&]{0,4}>[ \t]*\S[^\n]*")
# '>' used as decoration, not as a quote: an mbox-escaped ">From" (no space), arrows pointing at
# a link or a shouted call to action (">>> https://...", ">> DONATE NOW <<", ">>>>->"), an
# arrow-wrapped line ("... <<").
_GT_DECORATION = re.compile(
    r"^[ \t]*(?:>+From\b|>+[ \t]*(?:https?://|www\.)|>+-|>{2,}[ \t]*[^a-z\n]*$|[^\n]*<<)")


def _real_quote_lines(text: str) -> bool:
    """True when '>' lines quote an earlier message: at least one that is not decoration, and
    the body is not wholly '>' lines (a body style, not a reply to something)."""
    if not any(not _GT_DECORATION.match(m.group(0)) for m in _GT_LINE.finditer(text)):
        return False
    lines = (ln for ln in text.splitlines() if ln.strip())
    return any(not _GT_LINE.match(ln) for ln in lines)


def has_quoted_thread(doc: Document) -> bool:
    """True when the body quotes an earlier message: an attribution ("On ... wrote:", "Sam
    writes:", "Quoting Sam:"), '>' or '|' quote lines, a forward or quoted headers. The draft
    answers someone, so a shared past or the sender's news is not a claim. '>' used as
    decoration (arrows at a link or a button, mbox ">From" escapes) is not a quote."""
    text = doc.body.text
    return bool(_QUOTED.search(text)) or _real_quote_lines(text)


# A forward's header block in a localised mail client: "De: ... / Enviado: ...", "Von: ... /
# Gesendet: ...", "De : ... / Envoyé : ..." (the English one is in _QUOTED).
_LOCAL_FORWARD = re.compile(
    r"(?im)^[ \t]*(?:_{5,}[ \t]*\n[ \t]*)?(?:De|Von|Da|Van|Od)[ \t]*:[^\n]*\n[ \t]*"
    r"(?:Enviado|Enviada|Gesendet|Envoy[ée]|Inviato|Verzonden|Wys[łl]ano|Data|Fecha|Date|Datum)[ \t]*:")


def has_forward(doc: Document) -> bool:
    """True when the body carries a forwarded message's header block in any common client
    language: the draft really forwards something."""
    return bool(_LOCAL_FORWARD.search(doc.body.text))


@lru_cache(maxsize=2)  # asked up to three times per draft; the search tries every character
def _first_list_footer(text: str) -> tuple[int, int] | None:
    m = _LIST_FOOTER.search(text)
    return None if m is None else m.span()


def list_footer_start(text: str) -> int | None:
    """Offset of the paragraph holding the first list-manager footer line in `text` (mailman
    listinfo, Yahoo! Groups, "To unsubscribe from this group", ...), or None."""
    m = _first_list_footer(text)
    if m is None:
        return None
    para = text.rfind("\n\n", 0, m[0])
    return 0 if para < 0 else para + 2


def opt_out_footer_start(doc: Document) -> int | None:
    """Start of the paragraph holding the body's first opt-out line ("unsubscribe", "to be
    removed"), when it sits in the second half of the body; None when there is none. Pronouns
    and phrases from there on are the list's boilerplate, not the copy (TL401)."""
    body = doc.fields.get("body")
    if body is None:
        return None
    text = body.text
    first = min((m.start for m in doc.matches("opt_out") if m.field == "body"), default=None)
    if first is None or first < len(text) // 2:
        return None
    para = text.rfind("\n\n", 0, first)
    return para + 2 if para >= 0 else first


def is_list_post(doc: Document) -> bool:
    """True when a discussion list delivered the draft to its members: a list tag after the
    reply prefix ("Re: [ILUG] ..."), or a list manager's footer with no removal instructions of
    the sender's own above it (a bulk mailing relayed through a list carries its own)."""
    subject = doc.field("subject")
    if subject is not None and _LIST_TAG.match(subject.text):
        return True
    body = doc.body.text
    start = list_footer_start(body)
    return start is not None and not _OWN_OPT_OUT.search(body, 0, start)


def names_subject_list(doc: Document, field: str, start: int) -> bool:
    """True when the sentence at `start` names the list the subject's tag names ("[use Perl]
    Headlines" ... "you subscribed to it on use Perl"): the list that delivered the message
    vouches for the subscription, and the reader can check it."""
    subject = doc.field("subject")
    m = _SUBJECT_TAG.match(subject.text) if subject is not None else None
    if m is None:
        return False
    pf = doc.field(field)
    s, e = pf.sentence(start, SPLIT)
    return re.search(r"(?<!\w)" + re.escape(m.group(1)) + r"(?!\w)", pf.text[s:e], re.I) is not None


# After a sign-up claim: the list or site named by a proper name ("... because you signed up for
# Design Hacks", "you subscribed to this newsletter at DivX.com"), not a generic one ("our list").
_NAMED_LIST = re.compile(
    r"\s*(?:(?:up|in)\s+)?(?:(?:for|to|at|on|with)\s+)?"
    r"(?:(?:this|the|our)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:at|on|from)\s+)?"
    # "... for updates from Acme", "... to receive e-mail news on Bird Notes"
    r"(?:(?:receive\s+|get\s+)?(?:e-?mail\s+)?(?:updates|news|e-?mails?|posts|alerts|messages)\s+(?:from|on|about|by)\s+)?"
    r"(?:the\s+)?[\"“']?(?P<name>(?:[A-Z]|[a-z][A-Z])[\w&'’-]*(?:\.[a-z]{2,})?(?:[ \t]+[A-Z][\w&'’-]*(?:\.[a-z]{2,})?)*)")
# the list is named as a list: "the CAUCE-ANNOUNCE mailing list", "Acme Weekly newsletter"
_LIST_WORD = re.compile(r"[\"”']?\s+(?:mailing\s+)?(?:list|newsletter|digest|group)\b", re.I)
# a site named by its domain later in the sentence: "lists managed by SourceForge.net"
_NAMED_DOMAIN = re.compile(r"\b[A-Z][\w-]*\.(?:com|net|org|edu|gov|io|co)\b(?!['’]s\s+(?:partner|affiliate|marketing|sponsor))")
_NOT_LIST_NAMES = frozenset({
    "our", "the", "this", "that", "these", "a", "an", "one", "any", "some", "free", "special", "more",
    "email", "emails", "e-mail", "mail", "mailing", "newsletter", "newsletters", "updates", "offers",
    "information", "info", "promotions", "deals", "news", "list", "lists", "partner", "partners",
    "receive", "receiving", "it", "them", "us", "you", "your", "we", "i", "and", "or", "by", "from",
    "website", "site", "web", "internet", "opt-in", "optin"})


_SIGN_UP = re.compile(r"(?i)\b(?:sign|signed|subscribed|registered|opted|joined)\b")


def names_own_list(doc: Document, field: str, start: int, end: int) -> bool:
    """True when a sign-up claim ending at `end` goes on to name the list or site by a proper
    name ("you signed up for Design Hacks", "you subscribed to this newsletter at DivX.com"):
    the reader can recognise or check that list, unlike "our list" or "one of our partners"."""
    text = doc.field(field).text
    if not _SIGN_UP.search(text, start, end):
        return False  # only a sign-up claim: "per our call Monday" names a day, not a list
    s, e = doc.field(field).sentence(max(start, end - 1), SPLIT)
    if _NAMED_DOMAIN.search(text, end, min(max(e, end), end + 160)):
        return True
    m = _NAMED_LIST.match(text, end)
    if m is None:
        return False
    words = m.group("name").split()
    if len(words) == 1 and words[0].isupper():
        return bool(_LIST_WORD.match(text, m.end()))
    return any(w.lower() not in _NOT_LIST_NAMES for w in words)


def in_conversation(doc: Document) -> bool:
    """True when the draft is part of a conversation: it quotes an earlier message, or it is a
    post to a discussion list (is_list_post)."""
    return has_quoted_thread(doc) or is_list_post(doc) or has_forward(doc)


def conversation_span(doc: Document) -> tuple[str, int, int] | None:
    """Where the draft shows it answers or joins a conversation with its readers: the quote
    attribution or first quote line, the list's subject tag or footer, as (field, start, end)
    in field-text offsets; None when it shows neither. A localised forward header alone
    (has_forward) does not count: it shows the sender received something, not that they and
    the reader correspond, and it is cheap to paste above a lure."""
    text = doc.body.text
    m = _QUOTED.search(text)
    if m is None and _real_quote_lines(text):
        m = next((q for q in _GT_LINE.finditer(text) if not _GT_DECORATION.match(q.group(0))), None)
    if m is not None:
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        end = text.find("\n", start)
        return "body", start, min(m.end(), end if end >= 0 else len(text))
    subject = doc.field("subject")
    if subject is not None:
        t = _LIST_TAG.match(subject.text)
        if t is not None:
            return "subject", t.start() + len(t.group(0)) - len(t.group(0).lstrip()), t.end()
    if is_list_post(doc):
        start = list_footer_start(text) or 0
        f = _first_list_footer(text)  # the first footer line starts in the paragraph at `start`
        return "body", f[0] if f else start, f[1] if f else start + 1
    return None
