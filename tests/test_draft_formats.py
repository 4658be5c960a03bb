"""Formats: every finding maps back to the exact line and column of the ORIGINAL file."""
from __future__ import annotations

from pathlib import Path

import pytest

from trustlint.app.runner import lint_paths
from trustlint.source.reading import read_path

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def _findings(name: str) -> list[tuple[str, str, int, int, str]]:
    report = lint_paths([str(FIXTURES / name)])
    assert not report.errors, report.errors
    (fr,) = report.files
    return [(f.code, f.field, f.location.line, f.location.column, fr.source[f.start:f.end])
            for f in fr.findings]


# (code, field, line, column, source text at the span): golden, checked against the file
GOLDEN = {
    "golden.html": [
        ("TL601", "subject", 4, 8, "RE: "),  # the rule's span includes the space
        ("TL504", "preheader", 9, 87, "Lorem ipsum"),
        ("TL506", "body", 11, 4, "Dear valued customer"),
        ("TL504", "body", 12, 39, "lorem ipsum"),  # after &eacute; &amp; &mdash; on the same line
        ("TL504", "body", 13, 31, "XX%"),  # alt text
        ("TL504", "body", 16, 52, "lorem ipsum"),  # link text (the href is not linted)
    ],
    "golden.md": [
        ("TL504", "body", 7, 12, "lorem ipsum"),  # link text inside emphasis
        ("TL506", "body", 19, 1, "Dear valued customer"),  # not the one in the fenced block
        ("TL504", "body", 21, 52, "XX%"),
    ],
    "golden.mjml": [
        ("TL504", "preheader", 4, 17, "Lorem ipsum"),
        ("TL504", "body", 11, 44, "XX%"),
        ("TL501", "body", 13, 17, "{{ first_name | default: 'there' }}"),
        ("TL504", "body", 14, 34, "lorem ipsum"),
        ("TL504", "body", 16, 55, "lorem ipsum"),
    ],
    "golden-qp.eml": [
        ("TL601", "subject", 3, 10, "=?utf-8?q?RE=3A_Caf=C3=A9_offer?="),  # encoded word: whole value
        ("TL504", "body", 15, 20, "lorem ipsum"),  # after a soft line break and =C3=A9
        ("TL506", "body", 16, 1, "Dear valued customer"),
    ],
    "golden.j2": [
        ("TL501", "body", 3, 31, "{{ user.first_name }}"),
        ("TL504", "body", 4, 15, "lorem ipsum"),
    ],
    "golden.liquid": [
        ("TL501", "body", 1, 4, '{{ first_name | default: "there" }}'),
        ("TL504", "body", 4, 1, "Insert name here"),
        ("TL504", "body", 4, 22, "lorem ipsum"),
    ],
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_line_and_column(name: str) -> None:
    assert _findings(name) == GOLDEN[name]


def test_base64_part_maps_to_part_start_and_says_so() -> None:
    report = lint_paths([str(FIXTURES / "golden-b64.eml")])
    (fr,) = report.files
    assert [(f.code, f.location.line, f.location.column) for f in fr.findings] == [("TL504", 7, 1)]
    assert any("base64" in w and "line 7" in w for w in fr.warnings)


def test_html_fields_and_dropped_content() -> None:
    draft = read_path(FIXTURES / "golden.html")
    assert draft.field("subject").text == "RE: your account"
    assert draft.field("preheader").text == "Lorem ipsum preview"  # &zwnj;&nbsp; padding dropped
    body = draft.field("body").text
    assert "Café & bar news — lorem ipsum dolor sit amet." in body
    for gone in ("color: #333", "var s", "hidden copy", "hidden paragraph", "https://"):
        assert gone not in body
    assert "Dear valued customer,\n\n" in body  # block elements separate sentences


def test_markdown_drops_code_urls_and_comments() -> None:
    body = read_path(FIXTURES / "golden.md").field("body").text
    assert body.count("lorem ipsum") == 1
    assert "https://" not in body and "`" not in body and "<!--" not in body
    assert "Use free shipping at *|CHECKOUT_URL|*" in body  # emphasis gone, merge tag intact


def test_eml_prefers_plain_text_and_decodes_subject() -> None:
    draft = read_path(FIXTURES / "golden-qp.eml")
    assert draft.field("subject").text == "RE: Café offer"
    assert "html part" not in draft.field("body").text
    assert "café menu" in draft.field("body").text
    assert draft.headers["from"].startswith("Acme") or "acme" in draft.headers["from"].lower()


def test_eml_html_only_is_read_as_html(tmp_path: Path) -> None:
    p = tmp_path / "h.eml"
    p.write_text("Subject: Hello\nContent-Type: text/html; charset=utf-8\n\n"
                 "<html><body><div style=\"display:none\">Preview here</div><p>Dear valued customer,</p></body></html>\n")
    draft = read_path(p)
    assert draft.field("preheader").text == "Preview here"
    assert draft.field("body").text.startswith("Dear valued customer,")
    (f,) = [f for f in lint_paths([str(p)]).files[0].findings if f.code == "TL506"]
    assert (f.location.line, f.location.column) == (4, 60)


def test_directory_walk_picks_up_every_format(tmp_path: Path) -> None:
    from trustlint.source.reading import iter_paths

    for name in ("a.html", "b.eml", "c.mjml", "d.j2", "e.liquid", "f.hbs", "g.md", "h.txt", "i.png"):
        (tmp_path / name).write_text("x")
    found = {Path(p).name for p, _ in iter_paths([str(tmp_path)])}
    assert found == {"a.html", "b.eml", "c.mjml", "d.j2", "e.liquid", "f.hbs", "g.md", "h.txt"}
