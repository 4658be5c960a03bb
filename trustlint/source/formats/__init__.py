"""Draft formats: each module turns one kind of file into linted fields mapped to the source.

`parse_draft` is called by `trustlint.source.reading.read_path` with the format its suffix names
(`trustlint.source.reading.DRAFT_SUFFIXES`). Plain text and Markdown keep front matter and a header block; HTML, MJML and
template files also may have them (then the rest is the document).

Each format's parser (email, HTML, MJML, Markdown) is imported when the first draft of that
format is parsed, so a run where every file is a cache hit loads none of them.
"""
from __future__ import annotations

import re
from typing import Any

from ..draft import Draft, Field, parse_text
from ..templates import find_tokens
from ..textmap import TextMap

# Lone UTF-16 surrogates cannot come from a decoded file, but a library caller's str may hold
# them; the email and HTML parsers would fail on them. One code point for one keeps offsets.
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONE_CR = re.compile(r"\r(?!\n)")


def clean_text(text: str) -> str:
    """Lone surrogates become U+FFFD, and a lone CR (classic Mac line ends) a line feed, so
    such a file has lines (and a subject) instead of one line; one character for one keeps
    every offset."""
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    return _SURROGATE.sub("\ufffd", text)


def parse_draft(text: str, path: str, fmt: str = "text", context: dict[str, Any] | None = None,
                warnings: tuple[str, ...] = ()) -> Draft:
    """Read decoded file text in the given format into a Draft."""
    text = clean_text(text)
    if fmt == "eml":
        from . import eml  # lazy: see the module docstring (tests/test_imports.py LAZY)

        return eml.parse(text, path, dict(context or {}), warnings)
    draft = parse_text(text, path, fmt=fmt, context=context, warnings=warnings)
    body = draft.field("body")
    if body is None:
        return draft
    if fmt == "markdown":
        from . import markdown  # lazy, as eml

        return _replace(draft, {"body": _compose(markdown.extract(body.text), body)})
    if fmt in ("html", "mjml") or fmt == "template":
        from . import html, mjml  # lazy, as eml

        if fmt == "template" and not html.looks_like_html(body.text):
            return draft
        ex = mjml.extract_mjml(body.text) if fmt == "mjml" or "<mjml" in body.text[:2000] else html.extract(body.text)
        new = {"body": _compose(ex.body, body)}
        if ex.preheader and draft.field("preheader") is None:
            new["preheader"] = _compose(ex.preheader, body)
        if ex.title and draft.field("subject") is None and not _only_token(ex.title[0]):
            new["subject"] = _compose(ex.title, body)
        return _replace(draft, new)
    return draft


def _only_token(text: str) -> bool:
    """A <title> that is just a merge tag (e.g. *|MC:SUBJECT|*) says nothing about the subject."""
    rest, pos = [], 0
    for _, m in find_tokens(text):
        rest.append(text[pos:m.start()])
        pos = m.end()
    rest.append(text[pos:])
    return pos > 0 and not "".join(rest).strip()


def _compose(extracted: tuple[str, TextMap], field: Field) -> tuple[str, TextMap]:
    text, tmap = extracted
    return text, tmap.compose(field.map)


def _replace(draft: Draft, new: dict[str, tuple[str, TextMap]]) -> Draft:
    from dataclasses import replace

    fields = {f.name: f for f in draft.fields}
    for name, (text, tmap) in new.items():
        fields[name] = Field(name, text, tmap)
    ordered = tuple(fields[k] for k in ("subject", "preheader", "body") if k in fields)
    return replace(draft, fields=ordered)
