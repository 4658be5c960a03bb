"""The registry contract: every rule is registered, documented, and has examples."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import trustlint.rules as rules_pkg
from trustlint.findings import Component, Severity
from trustlint.rules import PYTHON_RULES, all_rules
from trustlint.rules.base import Rule

CATALOG_CODE = re.compile(r"TL[1-7]\d\d")


def test_every_rule_class_is_registered() -> None:
    defined = set()
    for mod in pkgutil.walk_packages(rules_pkg.__path__, "trustlint.rules."):
        module = importlib.import_module(mod.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (issubclass(obj, Rule) and obj is not Rule and obj.__module__ == module.__name__
                    and isinstance(getattr(obj, "code", None), str)):  # not a base such as LearnedRule
                defined.add(obj)
    missing = defined - set(PYTHON_RULES)
    assert not missing, f"rule classes not in PYTHON_RULES: {sorted(c.__name__ for c in missing)}"


def test_codes_and_names_unique() -> None:
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_is_documented(rule) -> None:
    assert CATALOG_CODE.fullmatch(rule.code), rule.code
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
    assert isinstance(rule.severity, Severity)
    assert isinstance(rule.component, Component)
    doc = rule.doc
    assert doc.summary and len(doc.summary) < 160
    assert len(doc.why) > 40, "why is missing or too short"
    assert doc.source, "source citation is missing"
    assert len(doc.fires) >= 2, "needs at least two firing examples"
    assert len(doc.passes) >= 1, "needs at least one passing example"
    assert rule.message and rule.suggestion
