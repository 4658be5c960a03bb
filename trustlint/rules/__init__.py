"""The rule registry: one file per Python rule, found by its place, plus rules declared by lexicons.

A Python rule is one module, rules/<family>/TLnnn_rule_name.py, holding one class on the Rule
protocol (rules/base.py) whose code is TLnnn; the family folder is the code's hundred (see
FAMILIES). A data rule is one YAML file in lexicons/ with a `rule:` section
(rules/lexicon_rule.py). From a code to its file is mechanical: tests/test_rule_registry.py
fails when a file's name, folder or class does not match its code, and
tests/test_rule_contract.py when a rule lacks documentation and examples.

Adding a rule (take the next free code in ../shared/design/rules.md; codes are never reused):

- data (a word list, maybe with guards or "unless support nearby"): copy a lexicon with a
  `rule:` section of the same kind (existence: lexicons/confirmshaming.yml; guards and joined
  matches: surveillance.yml; conditional: scarcity.yml, guarantees.yml, superlatives.yml), change
  code, name, texts, examples and entries; `trustlint explain TLnnn` shows it and
  tests/test_rule_examples.py runs its examples;
- Python: copy a rule file of the family, rename it TLnnn_rule_name.py, write the class
  (metadata, `lexicons`/`tags` it reads, docstring with Why/Source/Fires/Passes, check()).
  Sentence windows come from the parsed field (`pf.sentence`, `pf.window`: trustlint/nlp/sentences.py).
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache
from typing import Any

from ..nlp.lexicon import LexiconError, load_lexicons
from .base import Rule, RuleProtocol
from .lexicon_rule import LexiconRule
from .meta import META_CODES, META_RULES

#: the folder of each family of codes (the catalog's sections, ../shared/design/rules.md)
FAMILIES = {"1": "credibility", "2": "reliability", "3": "intimacy", "4": "self_orientation",
            "5": "personalization", "6": "deception", "7": "learned"}
RULE_FILE = re.compile(r"(?P<code>TL[1-7][0-9]{2})_(?P<name>[a-z0-9]+(?:_[a-z0-9]+)*)")


def rule_modules() -> list[tuple[str, str]]:
    """(family, module name) of every rule file, in code order."""
    out = []
    for family in FAMILIES.values():
        package = importlib.import_module(f"{__name__}.{family}")
        out += [(family, m.name) for m in pkgutil.iter_modules(package.__path__)]
    return sorted(out, key=lambda fm: fm[1])


def rule_classes(module: Any) -> list[type]:
    """The rule classes a module defines (not those it imports)."""
    return [obj for obj in vars(module).values()
            if isinstance(obj, type) and issubclass(obj, Rule) and obj.__module__ == module.__name__
            and isinstance(getattr(obj, "code", None), str)]


def _discover() -> tuple[type, ...]:
    classes: list[type] = []
    for family, name in rule_modules():
        classes += rule_classes(importlib.import_module(f"{__name__}.{family}.{name}"))
    return tuple(classes)


PYTHON_RULES = _discover()


@lru_cache(maxsize=8)
def all_rules(extra_lexicons: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """Every rule, sorted by code. Codes must be unique."""
    rules: list[Any] = [cls() for cls in PYTHON_RULES]
    lexicons = load_lexicons(extra_lexicons)
    known = {lex.name: lex for lex in lexicons}
    rules += [LexiconRule(lex, known) for lex in lexicons if lex.rule is not None]
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


__all__ = ["FAMILIES", "PYTHON_RULES", "META_RULES", "META_CODES", "RuleProtocol", "all_rules", "get_rule"]
