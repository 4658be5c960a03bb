"""Every rule's documented examples run as tests, plus the extra cases in tests/cases/*.yml."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trustlint.config import Config
from trustlint.rules import all_rules

from .conftest import codes

# The learned layer (TL7xx) is opt-in: its examples run with it on.
LEARNED_ON = Config(learned=True)

CASES = Path(__file__).parent / "cases"


def _doc_examples():
    for rule in all_rules():
        for i, text in enumerate(rule.doc.fires):
            yield pytest.param(rule.code, text, True, id=f"{rule.code}-doc-fires-{i}")
        for i, text in enumerate(rule.doc.passes):
            yield pytest.param(rule.code, text, False, id=f"{rule.code}-doc-passes-{i}")


def _case_examples():
    for path in sorted(CASES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        code = data["code"]
        for i, text in enumerate(data.get("fires", [])):
            yield pytest.param(code, text, True, id=f"{path.stem}-fires-{i}")
        for i, text in enumerate(data.get("passes", [])):
            yield pytest.param(code, text, False, id=f"{path.stem}-passes-{i}")


@pytest.mark.parametrize("code,text,fires", list(_doc_examples()) + list(_case_examples()))
def test_example(code: str, text: str, fires: bool) -> None:
    found = codes(text, LEARNED_ON if code.startswith("TL7") else None)
    if fires:
        assert code in found, f"{code} should fire on: {text!r} (got {found})"
    else:
        assert code not in found, f"{code} should not fire on: {text!r} (got {found})"
