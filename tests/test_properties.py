"""Property-based tests (hypothesis): the reader, token masking, the engine and every reporter
take arbitrary text without raising, and every offset, line and column they produce is valid.

Inputs mix arbitrary Unicode with the fragments real drafts and broken drafts are made of
(front matter, header lines, merge tokens of every platform, half-closed tags, CRLF, zero-width
and bidi controls, emoji). Example counts are modest so CI stays quick.
"""
from __future__ import annotations

import os
from unittest import mock

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustlint.config import Config
from trustlint.reporters import FORMATS, render
from trustlint.report import Report
from trustlint.app.runner import lint_draft
from trustlint.source.draft import SourceError, parse_text
from trustlint.source.templates import mask_field

FRAGMENTS = [
    "---\n", "---", "...\n", "subject: ", "Subject: ", "Preheader: ", "From: a@b.c\n", "bulk: false\n",
    "first_contact: true\n", "\n", "\r\n", "\n\n", " ", "\t", ": ", "- ", "[", "]", "{", "}", "'", '"',
    "{{ first_name }}", "{{first_name | default: 'there'}}", "{{", "}}", "{%", "%}", "{% if x %}", "{% endif %}",
    "{#", "#}", "{{!-- c --}}", "*|FNAME|*", "*|IF:FNAME|*", "*|END:IF|*", "*|", "|*", "%%FirstName%%",
    "%%[ set @a = 1 ]%%", "%%=v(@a)=%%", "%%", "[[FIRSTNAME OR \"there\"]]", "%FIRSTNAME%", "[First Name]",
    "<<Company>>", "{COMPANY}", "Hi there,", "Dear valued customer,", "As we discussed on our call,",
    "Great to meet you at the conference!", "We are the leading provider.", "I know exactly what you need.",
    "RE: ", "Fwd: ", "Act now!", "lorem ipsum", "XX% off", "you", "our", "we", "Sam",
    "\u200b", "\u200d", "\ufeff", "\u202e", "\u202c", "\x00", "\x1b[31m", "\x7f", "😀", "👨‍👩‍👧", "שלום", "مرحبا",
    "é", "ß", "İ", "ﬁ", "\u0301", "\u2028", "\x0c", "\x85",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _line_lengths(source: str) -> list[int]:
    return [len(line) for line in source.split("\n")]


def _check_location(source: str, start: int, end: int, loc) -> None:
    lengths = _line_lengths(source)
    assert 0 <= start <= end <= len(source)
    assert 1 <= loc.line <= loc.end_line <= len(lengths)
    assert 1 <= loc.column <= lengths[loc.line - 1] + 1
    assert 1 <= loc.end_column <= lengths[loc.end_line - 1] + 1
    assert (loc.end_line, loc.end_column) >= (loc.line, loc.column)


@SETTINGS
@given(texts)
def test_reader_fields_map_inside_the_source(text: str) -> None:
    try:
        draft = parse_text(text, "prop.md")
    except SourceError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert draft.source == text and draft.field("body") is not None
    for f in draft.fields:
        s, e = f.map.to_source(0, len(f.text))
        assert 0 <= s <= e <= len(text)
        for piece in f.map.pieces:
            if piece.copied:
                assert f.text[piece.text_start:piece.text_end] == text[piece.src_start:piece.src_end]
    for offset in sorted({0, len(text), len(text) // 2}):
        _check_location(text, offset, offset, draft.location(offset, offset))


@SETTINGS
@given(texts)
def test_masking_keeps_text_and_spans_consistent(text: str) -> None:
    try:
        draft = parse_text(text, "prop.txt")
    except SourceError:
        return
    for f in draft.fields:
        masked, tokens = mask_field(f)
        assert masked.name == f.name
        for piece in masked.map.pieces:
            assert 0 <= piece.text_start <= piece.text_end <= len(masked.text)
            assert 0 <= piece.src_start <= piece.src_end <= len(text)
            if piece.copied:
                assert masked.text[piece.text_start:piece.text_end] == text[piece.src_start:piece.src_end]
        last = 0
        for tok in tokens:
            assert last <= tok.start <= tok.end <= len(masked.text)
            assert tok.raw and tok.raw in f.text
            last = tok.end
            s, e = masked.map.to_source(tok.start, tok.end)
            assert 0 <= s <= e <= len(text)


@SETTINGS
@given(texts)
def test_engine_findings_are_inside_the_text(text: str) -> None:
    try:
        draft = parse_text(text, "prop.txt")
    except SourceError:
        return
    try:
        fr = lint_draft(draft, Config())
    except Exception as exc:  # only invalid campaign context in front matter may refuse a draft
        from trustlint.context import ContextError

        assert isinstance(exc, ContextError), repr(exc)
        return
    for f in fr.findings:
        _check_location(text, f.start, f.end, f.location)
        assert f.code.startswith("TL") and f.message
    for s in fr.signals:
        _check_location(text, s.start, s.end, s.location)
    assert fr.score.trust >= 0
    assert [f.sort_key for f in fr.findings] == sorted(f.sort_key for f in fr.findings)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=3))
def test_every_reporter_renders_any_report(drafts: list[str]) -> None:
    # the HTML report stamps the time: fixed as reproducible builds do, so two renders a
    # minute boundary apart still compare equal
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": "1764633600"}):
        _render_every_format(drafts)


def _render_every_format(drafts: list[str]) -> None:
    files, errors = [], []
    from trustlint.report import FileError

    for i, text in enumerate(drafts):
        try:
            files.append(lint_draft(parse_text(text, f"d{i}.txt"), Config()))
        except Exception as exc:  # SourceError / ContextError become file errors, as in a run
            errors.append(FileError(f"d{i}.txt", str(exc)))
    report = Report(tuple(files), tuple(errors))
    for name in FORMATS:
        out = render(name, report)
        assert isinstance(out, str)
        assert render(name, report) == out  # deterministic
        if name == "json":
            data = json.loads(out)
            assert len(data["files"]) == len(files) and len(data["errors"]) == len(errors)
        elif name == "sarif":
            json.loads(out)
        elif name == "json-lines":
            for line in out.splitlines():
                json.loads(line)
        elif name == "junit":
            from xml.etree import ElementTree

            ElementTree.fromstring(out)
