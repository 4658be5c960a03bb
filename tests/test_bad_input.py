"""Malformed HTML, broken MIME, unbalanced tokens: reported or linted, never a crash, and every
offset still maps inside the original file."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustlint.source.formats import parse_draft
from trustlint.app.runner import lint_paths
from trustlint.source.draft import SourceError

BAD = {
    "unclosed.html": "<html><body><div style='display:none'>hidden<p>never closed <b>bold <table><td>Dear valued customer",
    "junk.html": "<<>><p <a href=\"x>text</p></div></div></span>&#xZZ; &bogus; &#99999999; <img alt=\"a &amp",
    "stray.html": "</p></td></table>Hi there &amp; welcome</body></html><!-- unterminated",
    "cdata.html": "<script>if (a < b) { document.write('</p>') }</script><style>p{}</style><p>Hello</p>",
    "nested.html": "<div>" * 3000 + "deep" + "</div>" * 3000,
    "empty-body.html": "<html><head><title>Only a title</title></head><body></body></html>",
    "nobound.eml": "Subject: x\nContent-Type: multipart/mixed\n\n--zz\nContent-Type: text/plain\n\nHi\n",
    "badb64.eml": "Subject: =?utf-8?b?!!!notbase64?=\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n@@@@ not base64 ****\n",
    "badcharset.eml": "Subject: hi\nContent-Type: text/plain; charset=x-unknown-9\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9 =ZZ =\n",
    "attachment-only.eml": "Subject: file\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment\n\nJVBERi0=\n--b--\n",
    "no-headers.eml": "just some text, no headers at all\n",
    "tokens.liquid": "Hi {{ first_name ,\n{% if a %}{% for x in y %}{{ x }}{% endif %}\n*|IF:FNAME|* %%[ IF @a THEN ]%% {{#each z}}",
    "tokens.html": "<p>{% if x %}<span>{{ a </span></p>{% endfor %}<p>*|END:IF|*</p>",
    "front.md": "---\nsubject: [unclosed\n---\nbody",
    "fence.md": "```\nnever closed fence\n\n`unclosed inline [link](http://x *emph",
    "cp1252.html": "<p>Caf\xe9 cr\xe8me</p>",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_never_crashes(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    data = BAD[name]
    p.write_bytes(data.encode("latin-1") if name.startswith("cp1252") else data.encode("utf-8"))
    report = lint_paths([str(p)])
    assert len(report.files) + len(report.errors) == 1
    for fr in report.files:
        for f in fr.findings:
            assert 0 <= f.start <= f.end <= len(fr.source)
    for err in report.errors:
        assert "\n" not in err.message


def test_unbalanced_tokens_are_findings_not_errors(tmp_path: Path) -> None:
    p = tmp_path / "t.liquid"
    p.write_text(BAD["tokens.liquid"])
    (fr,) = lint_paths([str(p)]).files
    assert sum(f.code == "TL503" for f in fr.findings) >= 3


_HTMLISH = st.text(alphabet=st.sampled_from(list("<>/=\"' &;#xabpdivtle-!{}%|*[]\n")) | st.characters(), max_size=300)


@settings(max_examples=150, deadline=None)
@given(text=_HTMLISH, fmt=st.sampled_from(["html", "mjml", "markdown", "eml", "template"]))
def test_any_text_maps_inside_the_file(text: str, fmt: str) -> None:
    try:
        draft = parse_draft(text, "<t>", fmt)
    except SourceError:
        return
    for f in draft.fields:
        for piece in f.map.pieces:
            assert 0 <= piece.src_start <= piece.src_end <= len(text)
        for i in range(0, len(f.text) + 1, 7):
            start, end = f.map.to_source(i, min(len(f.text), i + 5))
            assert 0 <= start <= end <= len(text)


@pytest.mark.parametrize("fmt", ["text", "eml", "html", "markdown"])
def test_lone_surrogates_from_library_callers_do_not_crash(fmt: str) -> None:
    from trustlint import lint_text

    report = lint_text("Subject: a\ud800b\n\nAs we discussed, \udfff here is the deck.\n", fmt=fmt)
    assert not report.errors
    assert "TL302" in {f.code for f in report.findings}


def test_lint_text_reads_html() -> None:
    from trustlint import lint_text

    html = ("<html><body><p>Dear valued customer,</p>"
            "<div style='display:none'>As we discussed</div></body></html>")
    codes = {f.code for f in lint_text(html, fmt="html").findings}
    assert "TL506" in codes and "TL302" not in codes  # hidden text after the copy is not linted
