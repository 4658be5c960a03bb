"""TL708 confirmshaming-like-sentence: A sentence the learned model reads as confirmshaming: a decline that mocks the reader."""
from __future__ import annotations

from ...findings import Component
from . import LearnedRule


class ConfirmshamingLikeSentence(LearnedRule):
    """A sentence the learned model reads as confirmshaming: a decline that mocks the reader.

    Why: A decline option worded as an insult ("No, I like paying more") guilt-trips the reader
    into accepting, a dark pattern readers recognise and resent (Mathur et al., 2019).
    Opt-in (learned = true); message-level 5-fold CV on real-copy dev: precision 0.85, recall 0.85.
    Source: Mathur et al., Dark Patterns at Scale (CSCW 2019); trustlint/learned/model.npz.

    Fires:
        No thanks, I'd rather stay uninformed.
        No, I don't like free stuff.
    Passes:
        No thanks.
        Maybe later.
    """

    code = "TL708"
    name = "confirmshaming-like-sentence"
    label = "confirmshaming"
    component = Component.INTIMACY
    message = "confirmshaming-like sentence"
    suggestion = "Offer a plain decline: \"No thanks\" or \"Maybe later\"."
