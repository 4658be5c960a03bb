"""TL707 self-focus-like-sentence: A sentence the learned model reads as self-focused: the sender's needs, goals and team."""
from __future__ import annotations

from ...findings import Component
from . import LearnedRule


class SelfFocusLikeSentence(LearnedRule):
    """A sentence the learned model reads as self-focused: the sender's needs, goals and team.

    Why: Copy about what the sender needs ("we need you to", "our goal", "our team is counting
    on you") puts the sender's interest ahead of the reader's, the self-orientation that
    divides trust in the Trust Equation (Maister, Green & Galford, 2000).
    Opt-in (learned = true); message-level 5-fold CV on real-copy dev: precision 0.86, recall 0.80.
    Source: Maister, Green & Galford, The Trusted Advisor (2000); trustlint/learned/model.npz.

    Fires:
        We need your support today to help our campaign reach its goal.
        I need you to chip in before our deadline.
    Passes:
        Our quarterly newsletter: our team, our office, our values.
        Here is the report you asked for, with the figures for March.
    """

    code = "TL707"
    name = "self-focus-like-sentence"
    label = "self-focus"
    component = Component.SELF_ORIENTATION
    message = "self-focus-like sentence"
    suggestion = "Say what the reader gets or can do, not what the sender needs."
