"""Counts of surface cues that spam and phishing carry more than ordinary mail: words in ALL
CAPS, exclamation marks, money amounts, words in disguise (Cyrillic or Greek look-alikes inside
a Latin word, "bold" or full-width letters: spellings made to slip past filters), claims of
trouble with the reader's account (the credential lure of phishing: "verify your account",
"your mailbox has been suspended", "unusual sign-in activity"), and windfall offers (the
advance-fee and lottery lure: "a business proposal", "transfer the funds", "next of kin", "you
have won", "claim your prize"). They are not findings (no one sentence is wrong); the score
reads them as rates (trustlint/scoring/trust.py, `cues` in scoring.yml) and lists what each
one cost, so every point of T stays explained.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .scan import RegexSet

# a shouted word: three or more letters, all capitals (not "I", "OK", "US"; "FREE", "URGENT")
_CAPS = re.compile(r"(?<![\w@./-])[A-Z]{3,}(?![\w@./-])")
_WORD = re.compile(r"(?<![\w@./-])[A-Za-z]{3,}(?![\w@./-])")
_BANG = re.compile(r"!+")
# a money amount: a currency sign or code next to a number ("$1,500", "£20", "USD 300", "10 EUR")
_MONEY = re.compile(
    r"(?:[$£€¥]\s?\d[\d,.]*(?:\s?(?:k|m|million|billion)\b)?)"
    r"|\b(?:USD|EUR|GBP)\s?\d[\d,.]*"
    r"|\b\d[\d,.]*\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b", re.I)

_ACCOUNT = r"(?:account|mailbox|e-?mail|password|login|log-in|credentials|card|access|profile|wallet|id)"
# account trouble or a request to re-confirm credentials: the phishing lure, whoever it names
_ACCOUNT_ALARM = re.compile(
    r"\b(?:verify|confirm|validate|re-?activate|restore|unlock|re-?validate|secure)\s+(?:your|the)\s+"
    r"(?:\w+\s+)?(?:" + _ACCOUNT[3:-1] + r"|identity|billing\s+(?:information|details)|payment\s+(?:information|details))\b"
    r"|\byour\s+(?:\w+\s+)?" + _ACCOUNT + r"\s+(?:has\s+been|have\s+been|was|were|will\s+be|is|are|may\s+be)\s+"
    r"(?:temporarily\s+|permanently\s+)?(?:suspended|locked|limited|restricted|disabled|deactivated|closed|terminated|"
    r"compromised|blocked|on\s+hold|expired|expiring|frozen)\b"
    r"|\b(?:unusual|suspicious|unauthori[sz]ed|irregular)\s+(?:sign-?in|log-?in|login|activity|access|transactions?|attempts?)\b"
    r"|\b(?:mailbox|storage|inbox)\s+(?:is\s+(?:almost\s+)?full|quota|has\s+exceeded)\b"
    r"|\bpassword\s+(?:expires|will\s+expire|has\s+expired|is\s+expiring)\b", re.I)


_LETTERS = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
# Cyrillic and Greek letters, and mathematical, full-width and circled letters (never plain text)
_LOOKALIKE = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]")
_FANCY = re.compile(r"[\U0001d400-\U0001d7ff\uff21-\uff3a\uff41-\uff5a\u24b6-\u24e9]")


def disguised_words(text: str) -> int:
    """Words that mix Latin letters with Cyrillic or Greek ones, and words in mathematical,
    full-width or circled letters. Russian or Greek words on their own do not count."""
    if text.isascii():
        return 0
    n = 0
    for m in _LETTERS.finditer(text):
        w = m.group(0)
        if _FANCY.search(w) or (_LOOKALIKE.search(w) and _LATIN.search(w)):
            n += 1
    return n

# a windfall from a stranger: advance-fee letters, lotteries and prizes, unclaimed funds
_WINDFALL = re.compile(
    r"\b(?:business|urgent|confidential)\s+(?:proposal|transaction|assistance)\b"
    r"|\btransfer\s+(?:of\s+)?(?:the|this|these|a|such)?\s*(?:sum|funds?|money|amount|inheritance)\b"
    r"|\bnext\s+of\s+kin\b|\b(?:beneficiary|inheritance|unclaimed)\b"
    r"|\b(?:lottery|sweepstakes?|jackpot)\b|\bwinning\s+(?:numbers?|tickets?|notification|email)\b"
    r"|\byou\s+(?:have\s+)?(?:won(?![\'’]t)|been\s+(?:selected|chosen|picked)\s+(?:as|to\s+receive|for))\b"
    r"|\b(?:lucky|selected)\s+(?:online\s+)?winners?\b"
    r"|\bclaim\s+(?:your|the)\s+(?:prize|reward|winnings|funds?|payment|compensation|gift)\b"
    r"|\b(?:million|billion)\s+(?:united\s+states\s+|us\s+|u\.s\.\s+)?dollars\b", re.I)


_COUNTED = (_CAPS, _WORD, _BANG, _MONEY, _ACCOUNT_ALARM, _WINDFALL)


@lru_cache(maxsize=1)
def _regex_set() -> Any:
    """The counted regexes as one trustlint.nlp.scan.RegexSet: the same matches as finditer per
    regex, but the money, account and windfall alternations are tried only where one of their
    words occurs (each was ~0.5 s over 5 MB of prose, tried at every character)."""
    return RegexSet(list(_COUNTED))


def counts(texts: list[str]) -> tuple[int, int, int, int, int, int, int]:
    """(caps words, long words, exclamation runs, money amounts, account alarms, disguised
    words, windfall offers) over the copy's texts."""
    found = [0] * len(_COUNTED)
    disguised = 0
    regexes = _regex_set()
    for text in texts:
        disguised += disguised_words(text)
        for i, _ in regexes.iter_matches(text):
            found[i] += 1
    caps, words, bangs, money, alarms, windfalls = found
    return caps, words, bangs, money, alarms, disguised, windfalls
