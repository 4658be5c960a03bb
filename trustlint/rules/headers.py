"""Subject-line and From-name tactics of campaign email (TL609-TL612).

They read only the subject, the preheader and the From header's display name (field "from",
see `trustlint.source.reading.Draft.sender`); their vocabulary is the data table
lexicons/subject_tactics.yml, matched on text whose styled letters (Unicode bold, italic,
small capitals, full-width) are folded to plain ones one for one, so offsets stay exact.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterator

from ..findings import Component, Hit, Severity
from ..nlp.lexicon import read_lexicon_file
from .base import Rule, RuleContext

#: a subject, preheader or From name longer than this is not a header line: only its start is read
MAX_HEADER_CHARS = 600

_SOURCE = ("Mathur, Wang, Schwemmer, Hamin, Stewart & Narayanan (2023), \"Manipulative tactics are the "
           "norm in political emails: Evidence from 300K emails from the 2020 US election cycle\", Big "
           "Data & Society 10(1)")


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    t = read_lexicon_file("subject_tactics")

    def comp(groups: dict[str, list[str]]) -> dict[str, tuple[re.Pattern[str], ...]]:
        return {k: tuple(re.compile(p, re.I) for p in v) for k, v in groups.items()}

    labels = t["sender_labels"]
    return {
        "fold": dict(zip(t["small_caps"], t["small_caps_plain"])),
        "acronyms": frozenset(t["acronyms"]),
        "shout_short": frozenset(t["shout_short"]),
        "sensational": comp(t["sensational"]),
        "sirens": frozenset(t["sirens"]),
        "gap": comp(t["curiosity_gap"]),
        "labels": comp({k: labels[k] for k in ("strong", "weak", "phrase", "imperative", "trusted")}),
        "generic": frozenset(str(w).lower() for w in labels["generic"]),
        "mailboxes": frozenset(labels["label_mailboxes"]),
        "not_person": frozenset(labels["not_person"]),
        "urgency": tuple(re.compile(p, re.I) for p in t["subject_urgency"]),
    }


def fold(text: str) -> str:
    """Styled letters (Unicode bold/italic/full-width, small capitals) and curly quotes folded
    to plain ASCII, one character for one, so offsets into the result are offsets into `text`.
    Only the first MAX_HEADER_CHARS characters are kept (a prefix: offsets stay valid)."""
    text = text[:MAX_HEADER_CHARS]
    table = _table()["fold"]
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif ch in table:
            out.append(table[ch])
        elif ch in "’‘ʼ":
            out.append("'")
        else:
            n = unicodedata.normalize("NFKC", ch)
            out.append(n if len(n) == 1 else ch)
    return "".join(out)


def styled(text: str) -> list[tuple[int, int]]:
    """Runs of letters styled with Unicode look-alikes (mathematical bold/italic, small caps)."""
    table = _table()["fold"]
    runs: list[tuple[int, int]] = []
    for i, ch in enumerate(text[:MAX_HEADER_CHARS]):
        if 0x1D400 <= ord(ch) <= 0x1D7FF or ch in table or 0xFF21 <= ord(ch) <= 0xFF5A:
            if runs and runs[-1][1] >= i - 1:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    return runs


_CAPS_WORD = re.compile(r"(?<![\w'])[A-Z][A-Z'’]{2,}(?![\w'])")
_STACKED = re.compile(r"[!?]*(?:!\s*[!?]|\?\s*!|\?\s*\?\s*\?|[‼⁉])[!?‼⁉\s]*")


def _shouting(folded: str) -> list[tuple[int, int]]:
    """Upper-case words of 4+ letters that are not acronyms; the whole subject when it is mostly capitals."""
    acronyms = _table()["acronyms"]
    tags = [m.span() for m in re.finditer(r"\[[^\]]*\]", folded)]  # "[LIST]" tags of mailing lists
    short = _table()["shout_short"]
    words = [m for m in _CAPS_WORD.finditer(folded)
             if (len(m.group(0)) >= 4 or m.group(0) in short) and m.group(0).lower().strip("'’") not in acronyms
             and re.search(r"[AEIOUY]", m.group(0)) and not any(a <= m.start() < b for a, b in tags)]
    letters = [c for c in folded if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if len(words) >= 2 and letters and upper / len(letters) >= 0.7:
        lo = min(m.start() for m in words)
        return [(lo, max(m.end() for m in words))]
    # one capitalised word that opens the subject is a name as often as a shout ("CNET Digest")
    first = re.match(r"^(?:\W*(?:re|fwd?|fw)\s*:)*[\W_]*", folded, re.I)
    lead = first.end() if first else 0
    return [m.span() for m in words if len(words) >= 2 or m.start() > lead]


def subject_urgency(text: str) -> list[tuple[int, int]]:
    """Deadline pressure in the short forms of a subject line (TL603 reads it for the subject
    and preheader): spans in `text`, styled letters folded."""
    folded = fold(text)
    return sorted(m.span() for rx in _table()["urgency"] for m in rx.finditer(folded) if m.end() > m.start())


def _first(spans: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    return min(spans) if spans else None


class SensationalSubject(Rule):
    r"""Clickbait in the subject, preheader or From name: alarm, drama, shouting, "!!!", siren emoji, exaggeration.

    Why: A subject is a promise about what the email holds. "BREAKING", "we're devastated",
    shouted capitals, stacked "!!!" and siren emoji dramatise so the reader opens before
    thinking; researchers who coded 100,000s of campaign emails found this sensationalism the
    most common manipulative tactic, and readers who learn the drama was staged discount the
    next subject, and the sender. A subject that says what the email is about keeps the open
    honest.
    Source: Mathur, Wang, Schwemmer, Hamin, Stewart & Narayanan (2023), "Manipulative tactics
    are the norm in political emails", Big Data & Society 10(1) (sensationalism); Chakraborty
    et al. (2016), "Stop Clickbait: Detecting and preventing clickbaits in online news media",
    ASONAM.

    Fires:
        Subject: BREAKING: our founder is devastated\n\nOur spring menu is out.
        Subject: This changes EVERYTHING!!!\n\nVersion 4.2 adds CSV export.
        Subject: 🚨 Your plan is in deep trouble 🚨\n\nYour storage is 90% full.
        From: Ledgerly <hi@ledgerly.io>\nSubject: We're heartbroken\n\nThe Friday webinar is cancelled.
    Passes:
        Subject: Your March invoice\n\nYour invoice for March is attached.
        Subject: 3 events near you in May\n\nHere are three events near you.
        Subject: Weekly digest: 12 new posts\n\nThe twelve most-read posts of the week.
        Subject: New: export reports to CSV (NASA-grade precision not included)\n\nHi.
    """

    code = "TL609"
    name = "sensational-subject"
    severity = Severity.WARNING
    component = Component.CREDIBILITY
    message = "Sensational {where}: '{match}' ({why})"
    suggestion = ("Say what the email is about in plain words (\"New: export reports to CSV\"); drop the "
                  "alarm, the capitals and the extra '!'.")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for name in ("subject", "preheader", "from"):
            pf = doc.field(name)
            if pf is None or not pf.text.strip():
                continue
            found = self.spans(pf.text)
            if found:
                s, e, why = found[0]
                where = {"subject": "subject", "preheader": "preheader", "from": "From name"}[name]
                yield Hit(name, s, e, self.message.format(where=where, match=" ".join(pf.text[s:e].split()), why=why))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        t = _table()
        folded = fold(text)
        out: list[tuple[int, int, str]] = []
        for group, regexes in t["sensational"].items():
            for rx in regexes:
                m = rx.search(folded)
                if m and m.end() > m.start():
                    out.append((m.start(), m.end(), group))
        for m in _STACKED.finditer(folded):
            if m.group(0).strip():
                out.append((m.start(), m.start() + len(m.group(0).rstrip()), "stacked punctuation"))
        for i, ch in enumerate(text[:MAX_HEADER_CHARS]):
            if ch in t["sirens"]:
                out.append((i, i + 1, "siren emoji"))
        out += [(s, e, "shouting") for s, e in _shouting(folded)]
        out += [(s, e, "styled letters") for s, e in styled(text)]
        return sorted(out)


class CuriosityGap(Rule):
    r"""A subject that withholds what the email is about so the reader must open it to find out.

    Why: "I want to tell you something", "this is it", "about tonight...", "you won't believe"
    open an information gap that only a click closes (Loewenstein's account of curiosity);
    it gets the open, and tells the reader nothing about whether the email is worth their
    time. Campaign email research codes it as forward referencing, a manipulative tactic.
    A subject that names the topic respects the reader's choice to open or not.
    Source: Mathur, Wang, Schwemmer, Hamin, Stewart & Narayanan (2023), "Manipulative tactics
    are the norm in political emails", Big Data & Society 10(1) (forward referencing);
    Loewenstein (1994), "The psychology of curiosity", Psychological Bulletin 116(1).

    Fires:
        Subject: I want to tell you something\n\nOur summer sale starts Monday.
        Subject: This is it.\n\nThe new dashboard is live.
        Subject: about tonight...\n\nThe webinar starts at 6 pm CET.
        Subject: You won't believe what we found\n\nThree new recipes for spring.
        Subject: Quick question\n\nDo you use spreadsheets for invoicing?
    Passes:
        Subject: Your March invoice\n\nYour invoice for March is attached.
        Subject: 3 events near you in May\n\nHere are three events near you.
        Subject: This week: 5 new templates for invoices\n\nFive templates.
        Subject: How to export your reports to CSV\n\nA short guide.
    """

    code = "TL610"
    name = "curiosity-gap"
    severity = Severity.WARNING
    component = Component.SELF_ORIENTATION
    message = "The {where} withholds its topic: '{match}'"
    suggestion = "Name the topic in the subject (\"Webinar tonight, 6 pm CET: budgeting for freelancers\")."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for name in ("subject", "preheader"):
            pf = doc.field(name)
            if pf is None or not pf.text.strip():
                continue
            found = self.spans(pf.text, preheader=name == "preheader")
            if found:
                s, e = found[0]
                yield Hit(name, s, e, self.message.format(where=name, match=" ".join(pf.text[s:e].split())))

    def spans(self, text: str, preheader: bool = False) -> list[tuple[int, int]]:
        folded = fold(text)
        out: list[tuple[int, int]] = []
        for group, regexes in _table()["gap"].items():
            if preheader and group != "withheld":  # a preheader's "It"/"What" points at the subject
                continue
            for rx in regexes:
                m = rx.search(folded)
                if m and m.group(0).strip():
                    out.append((m.start(), m.end()))
        return sorted(out)


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


_THREAD_COUNT = re.compile(r"\(\s*[0-9]+\s*\)\s*$")
_THREAD_ME = re.compile(r"(?:^|,)\s*\(?\s*(?:me|you)\s*(?:,|\(|$|[0-9０-９])|,\s*(?:me|you)\b", re.I)


class FakeThreadSender(Rule):
    r"""A From name that mimics a mail client's thread or reply chain: "me, Joe (3)", "Joe, me", "Sam via Team (2)".

    Why: Mail clients show "me, Joe (3)" for a conversation the reader took part in. A From
    name built to look like one claims a correspondence that never happened, so the reader
    opens a sales email as a reply from someone they know. It is the From-line cousin of a
    fake "RE:" subject.
    Source: Mathur, Wang, Schwemmer, Hamin, Stewart & Narayanan (2023), "Manipulative tactics
    are the norm in political emails", Big Data & Society 10(1) (deceptive From threads); FTC,
    CAN-SPAM Act: A Compliance Guide for Business (misleading header information).

    Fires:
        From: me, Dana (3) <dana@ledgerly.io>\nSubject: Your plan\n\nHi.
        From: Dana, me <dana@ledgerly.io>\nSubject: Your plan\n\nHi.
        From: Sam via Ledgerly Team (2) <sam@ledgerly.io>\nSubject: Your plan\n\nHi.
    Passes:
        From: Dana Ortiz <dana@ledgerly.io>\nSubject: Your plan\n\nHi.
        From: Ortiz, Dana <dana@ledgerly.io>\nSubject: Your plan\n\nHi.
        From: Team 42 <hi@team42.io>\nSubject: Your plan\n\nHi.
    """

    code = "TL612"
    name = "fake-thread-sender"
    severity = Severity.ERROR
    component = Component.CREDIBILITY
    message = "The From name '{match}' imitates a conversation thread"
    suggestion = "Use one sender name (\"Dana at Ledgerly\"); a thread only exists when the reader wrote back."

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        pf = doc.field("from")
        if pf is None or not pf.text.strip():
            return
        if self.fires(pf.text):
            s = len(pf.text) - len(pf.text.lstrip())
            yield Hit("from", s, len(pf.text.rstrip()), self.message.format(match=" ".join(pf.text.split())))

    @staticmethod
    def fires(name: str) -> bool:
        folded = fold(name)
        if re.match(r"^\W*\(\s*\d+\s*\)", folded):  # "(1) Calendar ...": a badge, not a thread
            return bool(_THREAD_ME.search(folded))
        return bool(_THREAD_COUNT.search(folded) or _THREAD_ME.search(folded))
