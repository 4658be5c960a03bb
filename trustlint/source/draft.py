"""A draft as the stages see it: fields (subject, preheader, body) with offset maps into the
source, headers, campaign context and inline directives; parse_text splits decoded text into them.

A draft may start with YAML front matter (`---` ... `---`) holding campaign context, then a
header block (`Subject:`, `Preheader:`, `From:`, `To:` lines ended by a blank line). Lines and
columns always refer to the original file.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .. import yamlsafe as yaml
from ..context import ContextError, validate
from ..findings import Location
from . import suppressions
from .textmap import TextBuilder, TextMap

FIELD_HEADERS = ("subject", "preheader")
_HEADER = re.compile(r"(?im)^(subject|preheader|from|to|cc|reply-to|date)[ \t]*:[ \t]*(.*?)[ \t]*\r?$")
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


class SourceError(Exception):
    """A draft that cannot be read. The message is one line and the caller names the file."""


@dataclass(frozen=True)
class Field:
    name: str  # "subject", "preheader" or "body"
    text: str
    map: TextMap  # field-text offsets -> source offsets


@dataclass(frozen=True)
class Draft:
    path: str
    source: str  # the whole decoded file, as it is on disk
    fields: tuple[Field, ...]
    headers: dict[str, str] = field(default_factory=dict)  # From/To/... (not linted)
    context: dict[str, Any] = field(default_factory=dict)  # raw overrides: sidecar <- front matter
    format: str = "text"
    warnings: tuple[str, ...] = ()
    directives: tuple[suppressions.Directive, ...] = ()  # inline `trustlint: disable` comments
    #: the From header's display name as a field named "from" (exact offsets; None when the
    #: header is absent or gives only an address), and the From address (may be "")
    sender: Field | None = None
    sender_address: str = ""

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.source)]

    def location(self, start: int, end: int) -> Location:
        """1-based line and column of a source span; end_column is exclusive."""
        def point(offset: int) -> tuple[int, int]:
            idx = bisect_right(self._line_starts, offset) - 1
            return idx + 1, offset - self._line_starts[idx] + 1

        line, col = point(start)
        end_line, end_col = point(max(start, end))
        return Location(line, col, end_line, end_col)



def parse_text(text: str, path: str = "<text>", fmt: str = "text",
               context: dict[str, Any] | None = None, warnings: tuple[str, ...] = ()) -> Draft:
    """Split decoded text into fields. Front matter and a header block are optional."""
    if not text.strip():
        raise SourceError("file is empty")
    context = dict(context or {})
    fields: dict[str, Field] = {}
    pos = 0
    front, pos, front_fields = _front_matter(text)
    context.update(front)
    fields.update(front_fields)
    headers: dict[str, str] = {}
    sender: tuple[Field | None, str] = (None, "")
    header_end = _header_block(text, pos)
    if header_end is not None:
        for m in _HEADER.finditer(text, pos, header_end):
            if m.start() != pos and text[m.start() - 1] != "\n":
                continue
            key = m.group(1).lower()
            if key in FIELD_HEADERS:
                fields[key] = Field(key, m.group(2), TextMap.identity(len(m.group(2)), m.start(2)))
            else:
                headers[key] = m.group(2)
                if key == "from":
                    sender = split_from(m.group(2), m.start(2))
        pos = header_end
    directives, problems = suppressions.find(text)
    spans = [(d.start, d.end) for d in directives] + [p[:2] for p in problems]
    fields["body"] = _mask_comments("body", text, pos, len(text), spans)
    for key in FIELD_HEADERS:  # a directive at the end of a Subject: line
        f = fields.get(key)
        if f is not None and spans and len(f.map.pieces) == 1 and f.map.pieces[0].copied:
            start = f.map.pieces[0].src_start
            if text[start:start + len(f.text)] == f.text and any(start <= a < start + len(f.text) for a, _ in spans):
                fields[key] = _mask_comments(key, text, start, start + len(f.text), spans)
    ordered = tuple(fields[k] for k in ("subject", "preheader", "body") if k in fields)
    draft = Draft(path, text, ordered, headers, context, fmt, warnings, tuple(directives), *sender)
    notes = tuple(f"line {draft.location(start, end).line}: {msg}" for start, end, msg in problems)
    return replace(draft, warnings=warnings + notes) if notes else draft


_ANGLE = re.compile(r"^(?P<name>.*?)\s*<(?P<addr>[^<>]*)>\s*$")
_PAREN = re.compile(r"^(?P<addr>[^\s()<>]+@[^\s()<>]+)\s*\((?P<name>[^()]*)\)\s*$")


def split_from(value: str, start: int) -> tuple[Field | None, str]:
    """A From header value at source offset `start` -> (display-name field "from", address).

    'Dana Ortiz <dana@x.io>', '"Ortiz, Dana" <dana@x.io>', 'dana@x.io (Dana Ortiz)', a bare
    address (no name) or bare words (all name). The field's offsets point into the header.
    """
    m = _ANGLE.match(value) or _PAREN.match(value)
    if m:
        addr = m.group("addr").strip()
        lo, hi = m.span("name")
    elif "@" in value and not re.search(r"\s", value.strip()):
        return None, value.strip()
    else:
        addr, lo, hi = "", 0, len(value)
    while lo < hi and value[lo].isspace():
        lo += 1
    while hi > lo and value[hi - 1].isspace():
        hi -= 1
    if hi - lo >= 2 and value[lo] == value[hi - 1] and value[lo] in "\"'":
        lo, hi = lo + 1, hi - 1
    name = value[lo:hi]
    if not name.strip():
        return None, addr
    return Field("from", name, TextMap.identity(len(name), start + lo)), addr


def _mask_comments(name: str, text: str, pos: int, stop: int, spans: list[tuple[int, int]]) -> Field:
    """The field text[pos:stop] without suppression comments: a comment alone on its line goes
    with its line; one inside a line becomes a space when words stand on both sides of it."""
    builder, cur = TextBuilder(), pos
    for start, end in sorted(sp for sp in spans if pos <= sp[0] and sp[1] <= stop):
        if start < cur:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end, stop)
        line_end = stop if line_end < 0 else line_end
        if not text[line_start:start].strip() and not text[end:line_end].strip() and line_start >= cur:
            start, end = line_start, min(stop, line_end + 1)
        builder.copy(text[cur:start], cur)
        if start > pos and end < stop and not text[start - 1].isspace() and not text[end].isspace():
            builder.replace(" ", start, end)
        cur = end
    builder.copy(text[cur:stop], cur)
    body, tmap = builder.build()
    return Field(name, body.rstrip(" \t") if name != "body" else body,
                 tmap if body else TextMap.identity(0, pos))


def _front_matter(text: str) -> tuple[dict[str, Any], int, dict[str, Field]]:
    if not re.match(r"---[ \t]*\r?\n", text):
        return {}, 0, {}
    start = text.index("\n") + 1
    end = _FRONT_END.search(text, start)
    if end is None:
        raise SourceError("front matter starts with '---' but never ends")
    raw = text[start:end.start()]
    try:
        data = yaml.load_untrusted(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid front matter: {_one_line(exc)}") from None
    if not isinstance(data, dict):
        raise SourceError("front matter must be a YAML mapping")
    data = {str(k): v for k, v in data.items()}
    _check_context({k: v for k, v in data.items() if k not in FIELD_HEADERS}, "front matter")
    fields: dict[str, Field] = {}
    for key in FIELD_HEADERS:
        value = data.pop(key, None)
        if value is None:
            continue
        m = re.search(rf"(?im)^{key}[ \t]*:[ \t]*(['\"]?)(.*?)\1[ \t]*\r?$", raw)
        value = str(value)
        where = start + m.start(2) if m and m.group(2) == value else start
        fields[key] = Field(key, value, TextMap.identity(len(value), where))
    after = end.end()
    if text.startswith("\n", after):
        after += 1
    return data, after, fields


def _check_context(values: dict[str, Any], where: str) -> None:
    """Validate campaign context where it is written, so the error names that file and key."""
    try:
        validate(values, where)
    except ContextError as exc:
        raise SourceError(str(exc)) from None


def _header_block(text: str, pos: int) -> int | None:
    """End offset of a header block starting at `pos` (after its blank line), or None."""
    lines = text[pos:].split("\n")
    if not lines or not _HEADER.fullmatch(lines[0]):
        return None
    offset = pos
    for line in lines:
        if not line.strip():
            return offset + len(line) + 1
        if not _HEADER.fullmatch(line):
            return None
        offset += len(line) + 1
    return len(text)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())

