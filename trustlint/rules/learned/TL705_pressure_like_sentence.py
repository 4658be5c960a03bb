"""TL705 pressure-like-sentence: A sentence the learned model reads as pressure: urgency, scarcity, fear of loss."""
from __future__ import annotations

from ...findings import Component
from . import LearnedRule


class PressureLikeSentence(LearnedRule):
    """A sentence the learned model reads as pressure: urgency, scarcity, fear of loss.

    Why: Manufactured urgency and scarcity push the reader to act before thinking, and a
    skeptical reader discounts everything else the sender says (Mathur et al., Dark Patterns
    at Scale, 2019). The model catches pressure phrased in ways the TL603/TL604 lexicons miss.
    Opt-in (learned = true); message-level 5-fold CV on real-copy dev: precision 0.85, recall 0.61.
    Source: Mathur et al. (2019), CSCW; trustlint/learned/model.npz (benchmarks/train_model.py).

    Fires:
        Only a few left in stock, hurry before they're gone!
        FINAL NOTICE: your account will be suspended within 24 hours.
        Today only: 50% off everything, ends at midnight.
    Passes:
        The meeting is on Tuesday at 3 pm in room 4.
        Here is the report you asked for, with the figures for March.
    """

    code = "TL705"
    name = "pressure-like-sentence"
    label = "pressure"
    component = Component.SELF_ORIENTATION
    message = "pressure-like sentence"
    suggestion = ("State the real deadline or stock with its date and source, or drop the urgency; "
                  "let the offer stand on its value.")
