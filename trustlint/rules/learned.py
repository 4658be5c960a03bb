"""TL7xx learned findings: the shipped sentence model (trustlint/learned), one code per label.

Codes follow the label table of ../shared/design/labels.md (TL701 false-familiarity ...
TL711 intimacy-overclaim). Only labels whose model reached precision >= 0.85 in 5-fold CV on
the dev split have a rule; the other codes stay reserved (see trustlint/learned/__init__.py).
Every finding is one sentence, with the model's probability and the words that weighed most.
They run only with `learned = true` in config (`ignore = ["TL7"]` then drops them again).
"""
from __future__ import annotations

from ..findings import Component
from ..learned.rule import LearnedRule


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


LEARNED_RULES = (PressureLikeSentence, ClaimLikeSentence, SelfFocusLikeSentence,
                 ConfirmshamingLikeSentence, SensitiveLikeSentence)
