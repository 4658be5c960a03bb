"""TL706 claim-like-sentence: A sentence the learned model reads as an unsubstantiated claim (guarantees, income, miracle results)."""
from __future__ import annotations

from ...findings import Component
from . import LearnedRule


class ClaimLikeSentence(LearnedRule):
    """A sentence the learned model reads as an unsubstantiated claim (guarantees, income, miracle results).

    Why: Superlatives, guaranteed outcomes and income promises with no source are the claims a
    reader checks first and believes least; one of them lowers the credibility of the whole
    message (FTC, Advertising Substantiation policy). The model catches spam-style claims the
    TL101-TL106 rules miss.
    Opt-in (learned = true); message-level 5-fold CV on real-copy dev: precision 0.86, recall 0.15.
    Source: FTC Policy Statement Regarding Advertising Substantiation (1984); trustlint/learned/model.npz.

    Fires:
        Earn $5,000 a week from home, 100% guaranteed!
        The best results ever, 100% guaranteed or your money back!
    Passes:
        Our plan costs 12 dollars a month.
        The meeting is on Tuesday at 3 pm in room 4.
    """

    code = "TL706"
    name = "claim-like-sentence"
    label = "unsubstantiated-claim"
    component = Component.CREDIBILITY
    message = "unsubstantiated-claim-like sentence"
    suggestion = "Back the claim with a number and its source, or say what the product does plainly."
