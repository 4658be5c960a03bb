"""The rule registry: an explicit list, plus rules declared by lexicons.

A test fails when a rule module is not registered here or a rule lacks documentation and
examples (tests/test_rule_contract.py).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..nlp.lexicon import LexiconError, load_lexicons
from .credibility import AbsolutePromise, EstablishmentClaim, UnsourcedStatistic, UnsupportedSuperlative, WeaselClaim
from .deception import (Confirmshaming, ConditionalFree, FakeOneToOne, FakeReplySubject, FalseUrgency,
                        SubjectBodyMismatch, UnverifiedScarcity, UnverifiedSocialProof)
from .familiarity import FalseFamiliarity
from .headers import CuriosityGap, FakeThreadSender, ObscuredSender, SensationalSubject
from .intimacy import (AccusatoryYou, Condescension, IntimacyOverclaim, PresumedFeelings,
                       SensitiveInference, SurveillanceReveal)
from .jargon import Jargon
from .learned import LEARNED_RULES
from .lexicon_rule import LexiconRule
from .meta import META_CODES, META_RULES
from .personalization import BareNamePersonalization, BrokenOrMixedTokens, EmptyRender, TokenWithoutFallback
from .offers import IrrelevantOffer
from .reliability import InconsistentFacts, MissingOptOut, NoReplyChannel, TermsFreeGuarantee, VagueCommitment
from .self_orientation import (FeatureDump, GuiltFollowUp, HardSell, PrematureAsk, SellerFeelings,
                               SellerFocus, SellerJeopardy)
from .testimonials import UnattributedTestimonial

PYTHON_RULES = (
    IntimacyOverclaim,
    FalseFamiliarity,
    SellerFocus,
    BareNamePersonalization,
    TokenWithoutFallback,
    BrokenOrMixedTokens,
    EmptyRender,
    FakeReplySubject,
    # Intimacy, self-orientation and offer rules (issue 3)
    SensitiveInference, SurveillanceReveal, Condescension, PresumedFeelings, AccusatoryYou,
    SellerFeelings, HardSell, PrematureAsk, GuiltFollowUp, FeatureDump, SellerJeopardy,
    IrrelevantOffer,
    # reliability and deception (rules-rel)
    VagueCommitment, TermsFreeGuarantee, InconsistentFacts, MissingOptOut, NoReplyChannel,
    SubjectBodyMismatch, FalseUrgency, UnverifiedScarcity, UnverifiedSocialProof, Confirmshaming,
    ConditionalFree, FakeOneToOne,
    # credibility (rules-cred)
    UnsupportedSuperlative, UnsourcedStatistic, EstablishmentClaim, AbsolutePromise, WeaselClaim,
    UnattributedTestimonial, Jargon,
    # subject lines and From names of campaign email (rc-subject)
    SensationalSubject, CuriosityGap, ObscuredSender, FakeThreadSender,
    # learned findings, one per label (issue 11; trustlint/learned)
    *LEARNED_RULES,
)


@lru_cache(maxsize=8)
def all_rules(extra_lexicons: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """Every rule, sorted by code. Codes must be unique."""
    rules: list[Any] = [cls() for cls in PYTHON_RULES]
    rules += [LexiconRule(lex) for lex in load_lexicons(extra_lexicons) if lex.rule is not None]
    seen: dict[str, Any] = {}
    for rule in rules:
        if rule.code in seen:
            where = getattr(rule, "origin", rule.name)
            raise LexiconError(f"{where}: rule code {rule.code} is already used by {seen[rule.code].name}")
        seen[rule.code] = rule
    return tuple(sorted(rules, key=lambda r: r.code))


def get_rule(code: str, extra_lexicons: tuple[str, ...] = (), meta: bool = True) -> Any | None:
    """A rule by code or name; meta rules (TL001) too unless meta=False."""
    code = code.strip().upper()
    pool = all_rules(extra_lexicons) + (META_RULES if meta else ())
    return next((r for r in pool if r.code == code or r.name == code.lower()), None)


__all__ = ["PYTHON_RULES", "META_RULES", "META_CODES", "all_rules", "get_rule"]
