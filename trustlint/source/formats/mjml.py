"""MJML -> linted text: only what a reader sees (mj-text, mj-button and similar content).

MJML is XML-like markup, read with the same position-keeping parser as HTML email. Text
outside content components (mj-style, mj-attributes, layout tags) is not linted;
`<mj-preview>` becomes the preheader and `<mj-title>` the subject; `<mj-image alt>` is text.
"""
from __future__ import annotations

from .html import BLOCK_TAGS, SKIP_TAGS, Extracted, Mode, extract

CONTENT = frozenset({"mj-text", "mj-button", "mj-raw", "mj-navbar-link", "mj-accordion-title",
                     "mj-accordion-text", "mj-social-element", "mj-table", "mj-hero-text"})
MJML_MODE = Mode(
    content_tags=CONTENT,
    preheader_tags=frozenset({"mj-preview"}),
    title_tags=frozenset({"mj-title"}),
    skip_tags=frozenset(SKIP_TAGS | {"mj-style", "mj-attributes", "mj-font", "mj-breakpoint",
                                     "mj-html-attributes", "mj-head"} - {"head"}),
    alt_tags=frozenset({"mj-image", "img"}),
    block_tags=frozenset(BLOCK_TAGS | CONTENT | {"mj-section", "mj-column", "mj-wrapper", "mj-hero"}),
)


def extract_mjml(text: str) -> Extracted:
    return extract(text, MJML_MODE)
