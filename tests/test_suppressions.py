"""Inline suppressions: every comment form, line and block scopes, masking, unused (TL001)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustlint.config import Config
from trustlint.rules import META_RULES
from trustlint.app.runner import lint_text

SALUTE = "Dear valued customer,"  # TL506 on its own line


def findings(text: str, config: Config | None = None) -> list[tuple[str, int]]:
    report = lint_text(text, config or Config())
    assert not report.errors, report.errors
    return [(f.code, f.location.line) for f in report.findings]


@pytest.mark.parametrize("text", [
    f"<!-- trustlint: disable=TL506 -->\n{SALUTE}\n\nYour statement is ready.",
    f"{SALUTE} <!-- trustlint: disable=TL506 -->\n\nYour statement is ready.",
    f"<!-- trustlint: disable-next-line=TL506 -->\n\n{SALUTE}\n\nYour statement is ready.",
    f"{SALUTE} <!--trustlint:disable-line=TL506-->\n\nYour statement is ready.",
    f"{{# trustlint: disable-next-line=TL506 #}}\n{SALUTE}\n\nYour statement is ready.",
    f"{{%- comment -%}} trustlint: disable=TL506 {{%- endcomment -%}}\n{SALUTE}\n\nYour statement is ready.",
    f"{{{{!-- trustlint: disable=TL506 --}}}}\n{SALUTE}\n\nYour statement is ready.",
    f"trustlint: disable-next-line=TL506\n{SALUTE}\n\nYour statement is ready.",
    f"<!-- trustlint: disable=TL5 -->\n{SALUTE}\n\nYour statement is ready.",  # a prefix
    f"<!-- trustlint: disable -->\n{SALUTE}\n\nYour statement is ready.",  # every code
    f"<!-- trustlint: disable=TL504, TL506 -->\n{SALUTE} See [Link].\n\nYour statement is ready.",
])
def test_each_comment_form_suppresses_and_is_used(text: str) -> None:
    assert findings(text) == []  # suppressed, and the directive counts as used (no TL001)


def test_block_disable_enable() -> None:
    text = ("Hi [First Name],\n<!-- trustlint: disable=TL504 -->\nSave XX% today.\n\nAsk [Company].\n"
            "<!-- trustlint: enable=TL504 -->\nBook at <<Link>>.\n")
    assert findings(text) == [("TL504", 1), ("TL504", 7)]


def test_bare_enable_closes_every_block_and_disable_without_enable_covers_one_line() -> None:
    text = ("{# trustlint: disable #}\nDear valued customer, see [Link].\n{# trustlint: enable #}\n"
            "<!-- trustlint: disable=TL504 -->\nSave XX% today.\nSave XX% again.\n")
    assert findings(text) == [("TL504", 6)]


def test_wrong_code_does_not_suppress_and_is_reported_unused() -> None:
    text = f"<!-- trustlint: disable=TL504 -->\n{SALUTE}\n\nYour statement is ready."
    got = findings(text)
    assert ("TL506", 2) in got and ("TL001", 1) in got


def test_unused_suppression_message_and_config() -> None:
    text = "Your order shipped today. <!-- trustlint: disable-line=TL506 -->\n"
    report = lint_text(text)
    (f,) = report.findings
    assert (f.code, f.name, f.severity.label) == ("TL001", "unused-suppression", "warning")
    assert f.excerpt == "<!-- trustlint: disable-line=TL506 -->" and "TL506" in f.message
    assert findings(text, Config(ignore=("TL001",))) == []
    # a code that cannot fire for this file (not selected) is not reported as unused
    assert findings(text, Config(select=("TL504", "TL001"))) == []
    # meta findings never change the trust score
    assert report.files[0].score == lint_text("Your order shipped today.\n").files[0].score


def test_directives_never_leak_into_the_linted_text() -> None:
    plain = f"{SALUTE}\n\nYour statement is ready.\n"
    with_comments = ("<!-- trustlint: disable-next-line=TL504 -->\n" + plain.replace(
        "ready.", "ready. {# trustlint: disable-line=TL506 #}") + "trustlint: enable\n")
    a, b = lint_text(plain).files[0], lint_text(with_comments).files[0]
    assert b.stats == a.stats  # same words and sentences: the directives were masked
    codes = [(f.code, f.location.line, f.excerpt) for f in b.findings]
    assert ("TL506", 2, "Dear valued customer") in codes  # lines still refer to the file


def test_comment_words_are_never_findings() -> None:
    # the directive's own text would be a TL504 placeholder if it leaked into the body
    text = "Hi Dana,\n<!-- trustlint: disable=[First Name] -->\nYour statement is ready.\n"
    report = lint_text(text)
    assert [f.code for f in report.findings] == []
    assert any("not a trustlint directive" in w and w.startswith("line 2") for w in report.files[0].warnings)


def test_ordinary_comments_are_left_alone() -> None:
    text = "<!-- preview: your statement -->\nHi Dana, your statement is ready.\n"
    fr = lint_text(text).files[0]
    assert fr.warnings == ()
    assert fr.stats.words == lint_text("Hi Dana, your statement is ready.\n").files[0].stats.words + 3


def test_directive_in_a_subject_line() -> None:
    body = "\n\nHi Dana, our new catalogue is out.\n"
    assert "TL601" in [c for c, _ in findings("Subject: RE: hello" + body)]
    assert findings("Subject: RE: hello <!-- trustlint: disable=TL601 -->" + body) == []
    report = lint_text("Subject: RE: hello <!-- trustlint: disable=TL601 -->" + body)
    start, end = report.files[0].fields["subject"]
    assert report.files[0].source[start:end] == "RE: hello"  # the comment is not part of the subject


@pytest.mark.parametrize("rule", META_RULES, ids=lambda r: r.code)
def test_meta_rule_examples_and_docs(rule) -> None:
    assert rule.code == "TL001" and rule.doc.why and rule.doc.source
    assert len(rule.doc.fires) >= 2 and rule.doc.passes
    for text in rule.doc.fires:
        assert rule.code in [c for c, _ in findings(text)], text
    for text in rule.doc.passes:
        assert findings(text) == [], text


PIECES = ["<!-- trustlint: disable=TL504 -->", "<!-- trustlint: enable -->", "{# trustlint: disable #}",
          "trustlint: disable-next-line=TL506", "<!-- trustlint: disable-line=TL5,TL6 -->", "<!-- trustlint:",
          "-->", "{% comment %}trustlint: enable=TL504{% endcomment %}", "Dear valued customer,",
          "[First Name]", "Save XX% now.", "Subject: RE: hi", "\n", "\n\n", " ", "ok", "---\n"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_any_mix_of_directives_never_crashes(parts) -> None:
    text = "".join(parts)
    report = lint_text(text)
    for fr in report.files:
        for f in fr.findings:
            assert 0 <= f.start <= f.end <= len(text)
            assert f.location.line >= 1
