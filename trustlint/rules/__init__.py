"""The rule registry: an explicit list, plus rules declared by lexicons.

A test fails when a rule module is not registered here or a rule lacks documentation and
examples (tests/test_rule_contract.py).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..lexicon import load_lexicons
from .deception import FakeReplySubject
from .familiarity import FalseFamiliarity
from .intimacy import IntimacyOverclaim
from .lexicon_rule import LexiconRule
from .personalization import BareNamePersonalization, BrokenOrMixedTokens, EmptyRender, TokenWithoutFallback
from .self_orientation import SellerFocus

PYTHON_RULES = (
    IntimacyOverclaim,
    FalseFamiliarity,
    SellerFocus,
    BareNamePersonalization,
    TokenWithoutFallback,
    BrokenOrMixedTokens,
    EmptyRender,
    FakeReplySubject,
)


@lru_cache(maxsize=8)
def all_rules(extra_lexicons: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """Every rule, sorted by code. Codes must be unique."""
    rules: list[Any] = [cls() for cls in PYTHON_RULES]
    rules += [LexiconRule(lex) for lex in load_lexicons(extra_lexicons) if lex.rule is not None]
    seen: dict[str, Any] = {}
    for rule in rules:
        if rule.code in seen:
            raise ValueError(f"rule code {rule.code} is defined twice ({seen[rule.code].name}, {rule.name})")
        seen[rule.code] = rule
    return tuple(sorted(rules, key=lambda r: r.code))


def get_rule(code: str, extra_lexicons: tuple[str, ...] = ()) -> Any | None:
    code = code.strip().upper()
    return next((r for r in all_rules(extra_lexicons) if r.code == code or r.name == code.lower()), None)
