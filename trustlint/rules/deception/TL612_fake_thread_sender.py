"""TL612 fake-thread-sender: A From name that mimics a mail client's thread or reply chain: "me, Joe (3)", "Joe, me", "Sam via Team (2)"."""
from __future__ import annotations

import re
from typing import Iterator

from ...findings import Component, Hit, Severity
from ..base import Rule, RuleContext
from ..headers import fold


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
