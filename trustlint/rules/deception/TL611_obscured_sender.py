"""TL611 obscured-sender: A From name that hides who sends the mail: a label ("BREAKING NEWS", "Official Notice"), a phrase, or another organisation's name."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext
from .TL609_sensational_subject import SensationalSubject
from ..headers import _table, fold, styled


def _norm_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text).lower())


_FUNCTION_WORDS = frozenset("of the and for at in on to by de la le van von der du da".split())


def _is_phrase_case(folded: str) -> bool:
    """Lower-case words of several letters after the first word: a phrase, not a name."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z']+", folded) if w not in _FUNCTION_WORDS]
    return len(words) >= 2 and sum(w[0].islower() for w in words) >= 2 and "@" not in folded and "." not in folded


class ObscuredSender(Rule):
    r"""A From name that hides who sends the mail: a label ("BREAKING NEWS", "Official Notice"), a phrase, or another organisation's name.

    Why: The From name is the first thing a reader checks to decide whether to trust and open
    a message. A label ("Account Security", "Alert"), a sentence ("please don't ignore this"),
    emoji, or a famous or trusted name on a list that is not theirs makes the reader open on
    borrowed trust; the reader who finds out who really wrote learns the sender hides. With
    the `sender` context key set to the organisation's real name, a From name that shows
    neither it nor a person's name fires too.
    Source: Mathur, Wang, Schwemmer, Hamin, Stewart & Narayanan (2023), "Manipulative tactics
    are the norm in political emails", Big Data & Society 10(1) (obscured names); FTC,
    CAN-SPAM Act: A Compliance Guide for Business ("Don't use false or misleading header
    information", 15 U.S.C. 7704(a)(1)).

    Fires:
        From: BREAKING NEWS <news@ledgerly.io>\nSubject: Version 4.2 is out\n\nHi.
        From: Official Notice <billing@ledgerly.io>\nSubject: Your plan\n\nHi.
        From: Account Security <no-reply@ledgerly.io>\nSubject: Your plan\n\nHi.
        From: please don't ignore this <hi@ledgerly.io>\nSubject: Your plan\n\nHi.
        From: Harbour Council Update <hi@ledgerly.io>\nSubject: Your plan\n\nHi.
        ---\nsender: Ledgerly\n---\nFrom: Washington Post <hi@ledgerly.io>\nSubject: Your plan\n\nHi.
    Passes:
        From: Dana at Ledgerly <dana@ledgerly.io>\nSubject: Your March invoice\n\nHi.
        From: Ledgerly <hi@ledgerly.io>\nSubject: Your March invoice\n\nHi.
        From: Ledgerly Updates <hi@ledgerly.io>\nSubject: Weekly digest: 12 new posts\n\nHi.
        ---\nsender: [Ledgerly, Ledgerly Inc.]\n---\nFrom: Ledgerly Security <hi@ledgerly.io>\nSubject: New sign-in\n\nHi.
    """

    code = "TL611"
    name = "obscured-sender"
    severity = Severity.ERROR
    component = Component.CREDIBILITY
    message = "The From name '{match}' hides who sends this email ({why})"
    suggestion = ("Put the organisation's real name in the From name, or a person and it (\"Dana at "
                  "Ledgerly\"); set `sender` in the campaign context to check it.")
    context_keys = ("sender",)

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        pf = doc.field("from")
        if pf is None or not pf.text.strip():
            return
        why = self.reason(pf.text, ctx.campaign.sender)
        if why:
            s = len(pf.text) - len(pf.text.lstrip())
            e = len(pf.text.rstrip())
            yield Hit("from", s, e, self.message.format(match=" ".join(pf.text.split()), why=why))

    def reason(self, name: str, sender: tuple[str, ...] = ()) -> str | None:
        t = _table()
        folded = fold(name)
        low = folded.lower()
        shows_sender = any(_contains(low, s) for s in sender)
        if shows_sender:
            return None
        lab = t["labels"]
        if "@" in folded:
            local = low.strip().split("@")[0].strip(" <\"'")
            parts = re.split(r"[-_.+]", local)
            if local in t["mailboxes"] or any(p in t["mailboxes"] for p in parts) or any(
                    rx.search(" ".join(parts)) for rx in lab["strong"] + lab["weak"]):
                return "an address used as a label"
        if any(rx.search(folded) for rx in lab["strong"]):
            return "a label, not a name"
        drama = [why for _, _, why in SensationalSubject().spans(folded.replace("!", "")) if why != "shouting"]
        if drama and not _person_like(folded):
            return "a headline, not a name"
        if re.match(r"^\W*[\[(]\s*\d+\s*[\])]", folded):
            return "a notification count, not a name"
        if styled(name) or any(unicodedata.category(ch) in ("So", "Sk", "Sm") and ch not in "+<=>|~^`"
                               or ch in "!?…" or ch in t["sirens"] for ch in name):
            return "emoji, styled letters or punctuation"
        if re.search(r"(?::|>>|->|\.\.\.|--\s*$)", re.sub(r"\b(?:re|to|fwd?)\s*:", "", low)):
            return "punctuation of a headline"
        if re.search(r"\b(\w+)\W+\1\W+\1\b", low):
            return "a chanted word, not a name"
        caps = [w for w in re.findall(r"\b[A-Z]{4,}\b", folded) if w.lower() not in t["acronyms"]
                and re.search(r"[AEIOUY]", w)]
        if len(caps) >= 2:
            return "a shouted phrase"
        if re.search(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b", low):
            return "a date, not a name"
        if any(rx.search(folded) for rx in lab["phrase"]) and not re.search(
                r"\byour\s+(?:friends|team|pals)\s+at\b", low):
            return "a phrase, not a name"
        if any(rx.search(folded) for rx in lab["imperative"]) and len(low.split()) >= 2:
            return "a call to action, not a name"
        words = _norm_words(re.sub(r"\((?:via|from|by)\b[^)]*\)|\[[^\]]*\]|\b(?:via|by)\b.*$", " ", folded, flags=re.I))
        if words and any(rx.search(folded) for rx in lab["weak"]):
            rest = [w for w in words if w not in t["generic"] and not any(rx.fullmatch(w) for rx in _weak_words())]
            if not rest or (len(words) >= 2 and _is_phrase_case(folded)):
                return "a label, not a name"
        if _is_phrase_case(folded) and len(words) >= 3:
            return "a phrase, not a name"
        title = re.split(r"\s*(?:\[|\(|\bvia\b|\s--?\s|\s[|–—]\s)", folded, maxsplit=1, flags=re.I)[0].strip()
        if re.match(r"^(?:the\s+)?official\b", title, re.I):
            return "a claim of authority, not a name"
        if len(title.split()) >= 2 and re.search(r"\b(?:update|poll|survey|petition|pledge|questionnaire)\W*$", title, re.I):
            return "the title of a bulletin or poll, not a name"
        if re.match(r"^[a-z]+(?:ing|ed)\b", title) and "@" not in title and "." not in title:
            return "a phrase, not a name"
        head = re.split(r"\s*(?:\[|\(|\bvia\b|\s--?\s|\s[|–—]\s)", folded, maxsplit=1, flags=re.I)
        if len(head) == 2 and head[0].strip() and not _person_like(head[0].strip()) and (
                head[0].strip()[:1].islower() or any(rx.search(head[0]) for rx in lab["weak"])):
            return "a label before the sender's name"
        if re.match(r"^[a-z][a-z']+\s+[a-z]", folded) and "@" not in folded and "." not in folded \
                and not _person_like(folded.title()):
            return "a phrase, not a name"
        if sender:
            if any(rx.search(folded) for rx in lab["trusted"]):
                return "a trusted name that is not the sender's"
            if not _person_like(folded):
                return f"it does not show the sender, {sender[0]}"
        elif re.search(r"\bvia\b", low) and any(rx.search(folded) for rx in lab["trusted"]):
            return "a trusted name on another sender's list"
        return None


@lru_cache(maxsize=1)
def _weak_words() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rx.pattern.replace(r"\b", ""), re.I) for rx in _table()["labels"]["weak"])


def _contains(low: str, sender: str) -> bool:
    """The From name shows the sender's name (case, spacing and punctuation ignored)."""
    target = _norm_words(sender)
    words = _norm_words(low)
    if not target:
        return False
    joined, wjoined = "".join(target), "".join(words)
    return any(words[i:i + len(target)] == target for i in range(len(words))) or joined in wjoined


def _person_like(folded: str) -> bool:
    """One to four capitalised words (initials, 'Dr.', 'Jr.' allowed), optionally with a role
    after a comma: a person's name, which a sender may put in the From name."""
    core = folded.split(",")[0].strip()
    words = core.split()
    if any(w.lower().strip(".") in _table()["not_person"] for w in words):
        return False
    return 1 <= len(words) <= 4 and all(re.fullmatch(r"(?:[A-Z][a-z'’-]+\.?|[A-Z]\.|(?:Dr|Mr|Ms|Mrs|Jr|Sr)\.?)", w)
                                        for w in words)
