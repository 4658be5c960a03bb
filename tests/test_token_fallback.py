"""TL502's message and suggestion fit the token: a name in a greeting, a name elsewhere, a date,
any other field, each in the syntax of the token's platform."""
from __future__ import annotations

import pytest

from trustlint.app.runner import lint_text


def _tl502(text: str) -> list[tuple[str, str, str]]:
    (fr,) = lint_text(text).files
    return [(text[f.start:f.end], f.message, f.suggestion) for f in fr.findings if f.code == "TL502"]


def test_a_name_in_a_greeting_gets_the_greeting_wording() -> None:
    ((where, message, suggestion),) = _tl502("Hi {{ first_name }},\n\nYour invoice is ready.")
    assert where == "{{ first_name }}"
    assert message == "Merge token {{ first_name }} has no fallback: contacts without 'first_name' get a broken greeting"
    assert suggestion == "Give it a default: \"{{ first_name | default: 'there' }}\"."


def test_a_name_opening_its_line_is_a_greeting_too() -> None:
    ((_, message, _),) = _tl502("{{ first_name }}, your order has shipped.")
    assert message.endswith("get a broken greeting")


def test_a_name_outside_a_greeting_is_a_gap_not_a_greeting() -> None:
    ((_, message, suggestion),) = _tl502("Hi there,\n\nThanks for the call; {{ first_name }} and I will follow up.")
    assert message == ("Merge token {{ first_name }} has no fallback: contacts without 'first_name' see a gap "
                       "where their name goes")
    assert "word the sentence so it reads well without the name" in suggestion


def test_a_date_gets_a_conditional_block_and_no_invented_default() -> None:
    ((where, message, suggestion),) = _tl502("Hi there,\n\nYour refill ships on {{ refill_date }}.")
    assert where == "{{ refill_date }}"
    assert message == "Merge token {{ refill_date }} has no fallback: contacts without 'refill_date' see a blank where it goes"
    assert "greeting" not in message and "first_name" not in suggestion and "there" not in suggestion
    assert suggestion == ("Show this sentence only to contacts who have 'refill_date' ('{% if refill_date %}...{% endif %}' "
                          "or '{{#if refill_date}}...{{/if}}'); an invented default date would mislead.")


def test_another_field_gets_a_default_for_itself_and_a_conditional() -> None:
    ((_, message, suggestion),) = _tl502("Hi there,\n\nThe team at {{ company }} will love this.")
    assert message == "Merge token {{ company }} has no fallback: contacts without 'company' see a blank where it goes"
    assert suggestion == ("Give it a default that reads well in this sentence (\"{{ company | default: 'your company' }}\"), "
                          "or show the sentence only when it has a value ('{% if company %}...{% endif %}' or "
                          "'{{#if company}}...{{/if}}').")


@pytest.mark.parametrize("text, hint", [
    ("Hi there,\n\nSee you in *|MMERGE3|* soon.", "'*|IF:MMERGE3|*...*|END:IF|*'"),
    ("Hi there,\n\nIn %%City%% next week.", "'%%=IIF(Empty(City), \"your area\", City)=%%'"),
    ("Hi there,\n\nYour [[PLAN]] renews.", "'[[PLAN OR \"your order\"]]'"),
])
def test_the_hint_is_in_the_tokens_platform_syntax(text: str, hint: str) -> None:
    ((_, message, suggestion),) = _tl502(text)
    assert "greeting" not in message and hint in suggestion


def test_a_guarded_field_does_not_fire() -> None:
    assert _tl502("Hi there,\n\n{% if refill_date %}Your refill ships on {{ refill_date }}.{% endif %}") == []
