"""HTML email -> linted text: visible text, alt text and link text, mapped to the source.

Uses the standard library's `html.parser` (no new dependency; it is tolerant of broken markup
and reports the line and column of every tag, which is what exact mapping needs). Style,
script, head and hidden elements (display:none, visibility:hidden, the `hidden` attribute,
mso-hide:all) are dropped, except the preheader (the hidden preview-text div/span near the top
of the body), which becomes its own field. `<title>` is kept for the subject. Entities are
decoded piece by piece so every character still maps to its place in the file. Block elements
end a sentence, so "Shop now" in one cell never runs into the next cell's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from ..textmap import TextBuilder, TextMap

SKIP_TAGS = {"style", "script", "head", "noscript", "template", "svg", "object", "iframe", "xml"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
             "source", "track", "wbr", "o:p"}
BLOCK_TAGS = {"address", "article", "aside", "blockquote", "body", "br", "center", "dd", "div", "dl",
              "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
              "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
              "td", "tfoot", "th", "thead", "tr", "ul", "button"}
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|max-height\s*:\s*0(?:px)?\s*(?:;|$|!)", re.I)
_PREHEADER_NAME = re.compile(r"pre-?header|preview|preheader|hidden-?text|inbox-?text", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
# Invisible padding used after preheaders (&zwnj;&nbsp;, U+034F, soft hyphens...) counts as space.
_SPACE = re.compile(r"[\s\u00a0\u034f\u200b-\u200d\u2007\u2060\u00ad\ufeff]+")
_ATTR = r"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""
SENTENCE_END = ".!?:;"


@dataclass
class _Out:
    """One output text (body, preheader, title) with whitespace collapsing."""

    builder: TextBuilder = field(default_factory=TextBuilder)
    space: bool = True  # last emitted char was a space (or nothing yet)
    ended: bool = True  # nothing emitted since the last block separator

    def text(self, raw: str, offset: int) -> None:
        """Append source text `raw` found at `offset`, decoding entities, collapsing spaces."""
        pos = 0
        for m in _ENTITY.finditer(raw):
            self._plain(raw[pos:m.start()], offset + pos)
            decoded = unescape(m.group(0))
            if decoded == m.group(0):
                self._plain(decoded, offset + m.start())
            elif _SPACE.fullmatch(decoded):
                self._space(offset + m.start(), offset + m.end())
            else:
                self.builder.replace(decoded, offset + m.start(), offset + m.end())
                self.space = self.ended = False
            pos = m.end()
        self._plain(raw[pos:], offset + pos)

    def _plain(self, raw: str, offset: int) -> None:
        pos = 0
        for m in _SPACE.finditer(raw):
            if m.start() > pos:
                self.builder.copy(raw[pos:m.start()], offset + pos)
                self.space = self.ended = False
            self._space(offset + m.start(), offset + m.end())
            pos = m.end()
        if pos < len(raw):
            self.builder.copy(raw[pos:], offset + pos)
            self.space = self.ended = False

    def _space(self, start: int, end: int) -> None:
        if not self.space:
            self.builder.replace(" ", start, end)
            self.space = True

    def separate(self, where: int, stop: bool = True) -> None:
        """End the current block: a sentence stop if the text has none, then a blank line.

        A line break (stop=False) only starts a new line.
        """
        if self.ended:
            return
        last = "".join(self.builder.parts[-3:]).rstrip()
        if not stop:
            if not self.space:
                self.builder.replace("\n", where, where)
                self.space = True
            return
        # no stop after a stop, a comma, a quote, or a template tag (its branches end themselves)
        sep = "\n\n" if last and last[-1] in SENTENCE_END + ",\"')]}|%\u201d\u2019" else ".\n\n"
        self.builder.replace(sep, where, where)
        self.space = self.ended = True

    def build(self) -> tuple[str, TextMap]:
        text, tmap = self.builder.build()
        stripped = text.rstrip()
        if len(stripped) == len(text):
            return text, tmap
        b = TextBuilder()
        for piece in tmap.pieces:
            if piece.text_start >= len(stripped):
                break
            chunk = text[piece.text_start:min(piece.text_end, len(stripped))]
            if piece.copied:
                b.copy(chunk, piece.src_start)
            else:
                b.replace(chunk, piece.src_start, piece.src_end)
        return b.build()


@dataclass(frozen=True)
class Mode:
    """What to extract: plain HTML email, or MJML (text only inside content components)."""

    content_tags: frozenset[str] = frozenset()  # if set, only text inside these is body text
    preheader_tags: frozenset[str] = frozenset()
    title_tags: frozenset[str] = frozenset({"title"})
    skip_tags: frozenset[str] = frozenset(SKIP_TAGS)
    alt_tags: frozenset[str] = frozenset({"img", "area", "input"})
    block_tags: frozenset[str] = frozenset(BLOCK_TAGS)


HTML_MODE = Mode()


@dataclass(frozen=True)
class Extracted:
    body: tuple[str, TextMap]
    preheader: tuple[str, TextMap] | None
    title: tuple[str, TextMap] | None


class _Extractor(HTMLParser):
    def __init__(self, source: str, mode: Mode) -> None:
        super().__init__(convert_charrefs=False)
        self.src = source
        self.mode = mode
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[tuple[str, str]] = []  # (tag, role) role: "", skip, hidden, pre, title, content
        self.body, self.pre, self.title = _Out(), _Out(), _Out()
        self.seen_text = False
        self.pre_found = False

    # position helpers
    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col if line - 1 < len(self.line_starts) else len(self.src)

    def _roles(self) -> set[str]:
        return {role for _, role in self.stack}

    def _sink(self) -> _Out | None:
        roles = self._roles()
        if "title" in roles:
            return self.title
        if "pre" in roles:
            return self.pre
        if "skip" in roles or "hidden" in roles:
            return None
        if self.mode.content_tags and "content" not in roles:
            return None
        return self.body

    def _role(self, tag: str, attrs: dict[str, str]) -> str:
        m = self.mode
        if tag in m.title_tags and not self.title.builder.parts and not {"svg", "body"} & {t for t, _ in self.stack}:
            return "title"
        if tag in m.preheader_tags:
            return "pre"
        if tag in m.skip_tags:
            return "skip"
        if tag in m.content_tags:
            return "content"
        style = attrs.get("style") or ""
        if "hidden" in attrs or _HIDDEN_STYLE.search(style):
            names = " ".join(attrs.get(k) or "" for k in ("class", "id", "data-role"))
            roles = self._roles()
            if not self.pre_found and "skip" not in roles and "hidden" not in roles and (
                    _PREHEADER_NAME.search(names) or not self.seen_text):
                self.pre_found = True
                return "pre"
            return "hidden"
        return ""

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        self._start(tag, attr_list, void=tag in VOID_TAGS)

    def handle_startendtag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        self._start(tag, attr_list, void=True)

    def _start(self, tag: str, attr_list: list[tuple[str, str | None]], void: bool) -> None:
        offset = self._offset()
        attrs = {k.lower(): (v or "") for k, v in attr_list}
        sink = self._sink()
        if sink is self.body and tag in self.mode.block_tags:
            sink.separate(offset, stop=tag != "br")
        if tag in self.mode.alt_tags and attrs.get("alt", "").strip():
            if sink is None and self.mode.content_tags and not {"skip", "hidden", "pre", "title"} & self._roles():
                sink = self.body  # MJML: <mj-image alt> is read outside content components
            if sink is not None:
                self._attr_text(sink, "alt", offset)
        if not void:
            self.stack.append((tag, self._role(tag, attrs)))

    def _attr_text(self, sink: _Out, name: str, offset: int) -> None:
        raw = self.get_starttag_text() or ""
        m = re.search(_ATTR.format(name=name), raw, re.I)
        if not m:
            return
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        if not sink.space:
            sink.builder.replace(" ", offset + m.start(group), offset + m.start(group))
            sink.space = True
        sink.text(m.group(group), offset + m.start(group))
        if sink is self.body:
            sink.separate(offset + m.end(group))

    def handle_endtag(self, tag: str) -> None:
        offset = self._offset()
        if not any(t == tag for t, _ in self.stack):
            if tag in self.mode.block_tags and self._sink() is self.body:
                self.body.separate(offset)
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag in self.mode.block_tags and self._sink() is self.body:
            self.body.separate(offset)

    def handle_data(self, data: str) -> None:
        sink = self._sink()
        if sink is None:
            return
        offset = self._offset()
        if sink is self.body and data.strip():
            self.seen_text = True
        sink.text(data, offset)

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()

    def _ref(self) -> None:
        sink = self._sink()
        if sink is None:
            return
        offset = self._offset()
        m = _ENTITY.match(self.src, offset)
        if m:
            if sink is self.body and unescape(m.group(0)).strip():
                self.seen_text = True
            sink.text(m.group(0), offset)


def extract(text: str, mode: Mode = HTML_MODE) -> Extracted:
    """Extract the linted text of an HTML (or MJML) document; maps point into `text`."""
    parser = _Extractor(text, mode)
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError, IndexError):  # pragma: no cover - html.parser is lenient
        pass
    title = parser.title.build()
    pre = parser.pre.build()
    return Extracted(parser.body.build(), pre if pre[0].strip() else None,
                     title if title[0].strip() else None)


_LOOKS_HTML = re.compile(r"<(?:!doctype\s+html|html|body|table|div|p|br|td|span|a\s|img|h[1-6]|mj-)\b", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_HTML.search(text))
