"""Positive signals: what already builds trust. Credits for the score, shown in reports."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ..findings import Component, Hit
from .guards import conversation_span
from .evidence import LEXICONS as EVIDENCE_LEXICONS, sourced_statistics
from .reliability_signals import concrete_dates


@dataclass(frozen=True)
class SignalKind:
    kind: str
    component: Component
    message: str
    lexicon: str  # the lexicon whose matches are the signal
    detector: Callable[[Any], Iterator[Hit]] | None = None  # logic beyond a lexicon; yields hits


SIGNALS = (
    SignalKind("contextual-personalization", Component.INTIMACY,
               "Personal detail the reader can recognise as theirs", "contextual_personalization"),
    SignalKind("evidence-link", Component.CREDIBILITY, "A link offered as evidence for a claim", "evidence_links"),
    SignalKind("sourced-statistic", Component.CREDIBILITY, "A statistic with its source, sample or date",
               "statistics", detector=sourced_statistics),
    SignalKind("reader-question", Component.INTIMACY,
               "A genuine question about the reader's situation", "reader_questions"),
    SignalKind("soft-cta", Component.SELF_ORIENTATION,
               "A soft, optional call to action that leaves the choice to the reader", "soft_cta"),
    SignalKind("stated-terms", Component.RELIABILITY,
               "States its terms: a refund or return period, or a terms link", "terms_signals"),
    SignalKind("next-step", Component.RELIABILITY,
               "Tells the reader what happens next", "next_steps"),
)

#: every lexicon the signals read (their own, and the evidence lexicons sourced_statistics reads)
LEXICONS = tuple(dict.fromkeys([s.lexicon for s in SIGNALS] + list(EVIDENCE_LEXICONS)))

#: found by trustlint.nlp.datetimes, not a lexicon (see rules/reliability_signals.py)
CONCRETE_DATE = SignalKind("concrete-date", Component.RELIABILITY,
                           "A concrete date or time the reader can hold you to", "")


def conversation(doc) -> Iterator[Hit]:
    """One hit where the draft shows it answers or joins a real conversation: it quotes an
    earlier message, or a discussion list delivered it (rules/guards.py). Spam
    and phishing pretend a relationship; a quoted thread or a list's own footer is evidence of
    one the reader can check."""
    span = conversation_span(doc)
    if span is not None:
        yield Hit(*span)


#: found by the conversation guards, not a lexicon
CONVERSATION = SignalKind("conversation", Component.RELIABILITY,
                          "Part of a real conversation: it quotes an earlier message, or a discussion list delivered it",
                          "", detector=conversation)


def detect(doc) -> Iterator[tuple[SignalKind, Hit]]:
    for sig in SIGNALS:
        if sig.detector is not None:
            yield from ((sig, hit) for hit in sig.detector(doc))
            continue
        for m in doc.matches(sig.lexicon):
            yield sig, Hit(m.field, m.start, m.end)
    yield from concrete_dates(doc, CONCRETE_DATE)
    yield from ((CONVERSATION, hit) for hit in conversation(doc))
