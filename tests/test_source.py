"""Reading drafts: header block, front matter, sidecar context, and line/column mapping."""
from __future__ import annotations

from pathlib import Path

import pytest

from trustlint.source.reading import iter_paths, read_path
from trustlint.source.draft import SourceError, parse_text
from trustlint.source.templates import mask_field
from trustlint.source.textmap import TextBuilder, TextMap


def test_header_block_becomes_fields_with_original_offsets() -> None:
    text = "Subject: Big news\nPreheader: Read on\nFrom: a@b.c\n\nHello there.\n"
    d = parse_text(text)
    subject, pre, body = d.field("subject"), d.field("preheader"), d.field("body")
    assert subject.text == "Big news" and pre.text == "Read on"
    assert d.headers == {"from": "a@b.c"}
    assert body.text == "Hello there.\n"
    s, e = body.map.to_source(0, 5)
    assert text[s:e] == "Hello"
    assert d.location(s, e).line == 5
    s, e = subject.map.to_source(4, 8)
    assert text[s:e] == "news" and d.location(s, e).column == 14


def test_no_header_block_when_first_line_is_prose() -> None:
    d = parse_text("To: the whole team\nWe shipped.\n")
    assert [f.name for f in d.fields] == ["body"]
    assert d.field("body").text.startswith("To: the whole team")


def test_front_matter_context_and_subject() -> None:
    text = "---\nbulk: false\nsubject: Hello from YAML\n---\nSubject: ignored? no, header wins\n\nBody.\n"
    d = parse_text(text)
    assert d.context == {"bulk": False}
    assert d.field("subject").text == "ignored? no, header wins"
    text2 = "---\nsubject: Hello from YAML\n---\nBody.\n"
    d2 = parse_text(text2)
    s, e = d2.field("subject").map.to_source(0, 5)
    assert text2[s:e] == "Hello"


@pytest.mark.parametrize("text,message", [
    ("", "file is empty"),
    ("  \n\n", "file is empty"),
    ("---\nbulk: [unclosed\n---\nBody\n", "invalid front matter"),
    ("---\nbulk: true\nno end\n", "never ends"),
    ("---\n- a list\n---\nBody\n", "must be a YAML mapping"),
])
def test_bad_drafts_raise_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(SourceError) as exc:
        parse_text(text)
    assert message in str(exc.value) and "\n" not in str(exc.value)


def test_sidecar_context(tmp_path: Path) -> None:
    draft = tmp_path / "offer.md"
    draft.write_text("Body text.\n")
    (tmp_path / "offer.context.yml").write_text("relationship_verified: true\n")
    assert read_path(draft).context == {"relationship_verified": True}
    draft.write_text("---\nrelationship_verified: false\n---\nBody.\n")
    assert read_path(draft).context == {"relationship_verified": False}  # front matter wins


def test_size_limit_and_binary(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    with pytest.raises(SourceError, match="limit"):
        read_path(big, max_bytes=100)
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"abc\x00def")
    with pytest.raises(SourceError, match="binary"):
        read_path(binary)


def test_iter_paths_sorted_recursive_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for p in ("z.md", "a.txt", "b/c.txt", ".hidden/d.txt", "e.png", "a.context.yml"):
        (tmp_path / p).write_text("x")
    found = [Path(p).relative_to(tmp_path).as_posix() for p, _ in iter_paths([str(tmp_path)])]
    assert found == ["a.txt", "b/c.txt", "z.md"]
    assert list(iter_paths([str(tmp_path / "missing.txt")]))[0][1] == "no such file or directory"


def test_textmap_compose_and_replacements() -> None:
    b = TextBuilder()
    b.copy("Hi ", 0)
    b.replace("Alex", 3, 17)  # "{{first_name}}" masked
    b.copy(", thanks", 17)
    text, m = b.build()
    assert text == "Hi Alex, thanks"
    assert m.to_source(0, 2) == (0, 2)
    assert m.to_source(3, 7) == (3, 17)
    assert m.to_source(9, 15) == (19, 25)
    outer = TextMap.identity(25, 100)  # the source the builder copied from, at offset 100
    composed = m.compose(outer)
    assert composed.to_source(9, 15) == (119, 125)
    assert composed.to_source(3, 7) == (103, 117)


def test_masking_maps_tokens_back_to_the_file() -> None:
    text = "Subject: Hi *|FNAME|*\n\nHello {{ first_name | default: 'there' }}, your %%Plan%% renews.\n"
    d = parse_text(text)
    body, tokens = mask_field(d.field("body"))
    assert body.text.startswith("Hello Alex, your Item renews.")
    assert [(t.platform, t.name, t.fallback) for t in tokens] == [
        ("liquid", "first_name", "there"), ("salesforce", "Plan", None)]
    i = body.text.index("renews")
    s, e = body.map.to_source(i, i + 6)
    assert text[s:e] == "renews"
    s, e = body.map.to_source(tokens[0].start, tokens[0].end)
    assert text[s:e] == "{{ first_name | default: 'there' }}"
    subject, stoks = mask_field(d.field("subject"))
    assert stoks[0].is_name and subject.text == "Hi Alex"
