"""TL709 sensitive-like-sentence: A sentence the learned model reads as targeting the reader's debt, credit, health or body."""
from __future__ import annotations

from ...findings import Component
from . import LearnedRule


class SensitiveLikeSentence(LearnedRule):
    """A sentence the learned model reads as targeting the reader's debt, credit, health or body.

    Why: Copy that presumes the reader's finances, debt, weight or health ("even with bad
    credit", "lose belly fat") treats a private matter as a sales lever; readers feel watched
    and profiled (GDPR art. 9 special categories; FTC guidance on sensitive data).
    Opt-in (learned = true); message-level 5-fold CV on real-copy dev: precision 1.00, recall 0.15.
    Source: GDPR art. 9; FTC, Protecting Consumer Privacy (2012); trustlint/learned/model.npz.

    Fires:
        Get rid of your debt today, even with bad credit!
        Bad credit or no credit, we can still get you approved today!
    Passes:
        Our plan costs 12 dollars a month.
        The meeting is on Tuesday at 3 pm in room 4.
    """

    code = "TL709"
    name = "sensitive-like-sentence"
    label = "sensitive-inference"
    component = Component.INTIMACY
    message = "sensitive-inference-like sentence"
    suggestion = "Leave the reader's money, health and body out of the pitch unless they asked about it."
