"""Every rule's documented examples run as tests, plus the cases in tests/cases/*.yml (their
format: tests/rulecases.py and docs/rules.md)."""
from __future__ import annotations

import pytest

from trustlint.config import Config
from trustlint.rules import all_rules
from trustlint.app.runner import lint_text

from . import rulecases
from .conftest import codes

# The learned layer (TL7xx) is opt-in: its examples run with it on.
LEARNED_ON = Config(learned=True)


def _doc_examples():
    for rule in all_rules():
        for i, text in enumerate(rule.doc.fires):
            yield pytest.param(rule.code, text, True, id=f"{rule.code}-doc-fires-{i}")
        for i, text in enumerate(rule.doc.passes):
            yield pytest.param(rule.code, text, False, id=f"{rule.code}-doc-passes-{i}")


@pytest.mark.parametrize("code,text,fires", list(_doc_examples()))
def test_doc_example(code: str, text: str, fires: bool) -> None:
    found = codes(text, LEARNED_ON if code.startswith("TL7") else None)
    if fires:
        assert code in found, f"{code} should fire on: {text!r} (got {found})"
    else:
        assert code not in found, f"{code} should not fire on: {text!r} (got {found})"


@pytest.mark.parametrize("case", rulecases.all_cases(), ids=lambda c: c.id)
def test_case(case: rulecases.Case) -> None:
    report = lint_text(case.text, case.config)
    assert not report.errors, report.errors
    mine = [f for f in report.findings if f.code == case.code]
    setting = f" ({case.describe()})" if case.describe() else ""
    if case.kind == "passes":
        assert not mine, (f"{case.code} should not fire{setting} on {case.text!r}, but fires at "
                          f"{[case.text[f.start:f.end] for f in mine]}")
        return
    assert mine, (f"{case.code} should fire{setting} on {case.text!r} "
                  f"(got {[f.code for f in report.findings]})")
    if not case.pinned:
        return
    got = [(f.field, f.start, f.end, case.text[f.start:f.end]) for f in mine]
    hit = any(case.matches(f) for f in mine)
    if case.known_bug:
        assert not hit, f"known bug fixed ({case.known_bug}): remove known_bug from {case.id}"
        pytest.xfail(f"known bug: {case.known_bug}; findings at {got}")
    assert hit, f"{case.code} fires on {case.text!r} but not at {case.describe()}: findings at {got}"


@pytest.mark.parametrize("name,item,error", [
    ("TL101.yml", {"code": "TL101", "fires": [{"text": "The #1 CRM.", "where": "x"}]}, "unknown key(s) where"),
    ("TL101.yml", {"code": "TL101", "fires": ["x"], "notes": "y"}, "unknown key(s) notes"),
    ("TL101.yml", {"code": "TL101", "fires": [{"text": "The #1 CRM.", "at": "#2"}]}, "'at' must be"),
    ("TL101.yml", {"code": "TL101", "fires": [{"text": "The #1 CRM.", "span": [4, 99]}]}, "'span' must be"),
    ("TL101.yml", {"code": "TL101", "passes": [{"text": "Our #1 CRM.", "at": "#1"}]}, "cannot pin"),
    ("TL101.yml", {"code": "TL101", "fires": [{"text": "The #1 CRM.", "options": {"x": 1}}]}, "unknown option 'x'"),
    ("TL401.yml", {"code": "TL401", "fires": [{"text": "We.", "options": {"threshold": "2"}}]}, "must be a float"),
    ("TL302.yml", {"code": "TL302", "fires": [{"text": "As we discussed.", "context": {"warm": True}}]},
     "unknown context key"),
    ("TL101.yml", {"code": "TL999", "fires": ["x"]}, "registered rule code"),
    ("TL102.yml", {"code": "TL101", "fires": ["x"]}, "file name must be"),
    ("TL101.yml", {"code": "TL101", "fires": [{"text": "The #1 CRM.", "known_bug": "y"}]}, "known_bug"),
])
def test_malformed_case_files_are_rejected(tmp_path, name, item, error) -> None:
    import yaml

    path = tmp_path / name
    path.write_text(yaml.safe_dump(item), encoding="utf-8")
    with pytest.raises(rulecases.CaseError, match=error.replace("(", r"\(").replace(")", r"\)")):
        rulecases.load(path)


def test_every_fires_case_is_pinned() -> None:
    """A case says where its rule fires, not only that it fires."""
    unpinned = [c.id for c in rulecases.all_cases() if c.kind == "fires" and c.at is None and c.span is None]
    assert not unpinned, f"pin these with at: or span: (tests/rulecases.py): {unpinned}"


def test_a_pin_elsewhere_fails() -> None:
    """A pinned case whose excerpt is not where the rule fires would fail the test."""
    case = rulecases.Case("TL101", "fires", "The #1 CRM. Shop our best sellers.", "x", at="best sellers")
    found = [f for f in lint_text(case.text).findings if f.code == "TL101"]
    assert found and not any(case.matches(f) for f in found)
    assert any(rulecases.Case("TL101", "fires", case.text, "x", at="The #1").matches(f) for f in found)
