"""Inline suppressions: `trustlint: disable=CODE` directives in comments of a draft.

Where a directive may stand:
- an HTML/Markdown comment      <!-- trustlint: disable=TL604 -->
- a Jinja/Nunjucks comment       {# trustlint: disable=TL604 #}
- a Liquid/Django comment block  {% comment %} trustlint: disable=TL604 {% endcomment %}
- a Handlebars comment           {{!-- trustlint: disable=TL604 --}}
- a line of its own (text drafts)  trustlint: disable-next-line=TL604

What a directive covers (lines are the draft file's lines; a finding counts by its first line):
- `disable-line=CODES`: its own line; `disable-next-line=CODES`: the next line with text;
- `disable=CODES` ... `enable=CODES` (or a bare `enable`): every line from one to the other;
- `disable=CODES` with no matching `enable`: its own line, or the next line with text when
  the directive stands alone on its line.
CODES are comma-separated codes or prefixes (TL6); none means every code.

source.py masks directives out of the linted text, so they never become findings or words.
A directive that suppresses nothing is reported as TL001 unused-suppression.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ACTIONS = ("disable-next-line", "disable-line", "disable", "enable")
_PAYLOAD = r"trustlint\s*:\s*([^\n]*?)"
_CONTAINERS = (
    rf"<!--\s*{_PAYLOAD}\s*-->",
    rf"\{{#-?\s*{_PAYLOAD}\s*-?#\}}",
    rf"\{{%-?\s*comment\s*-?%\}}\s*{_PAYLOAD}\s*\{{%-?\s*endcomment\s*-?%\}}",
    rf"\{{\{{!(?:--)?\s*{_PAYLOAD}\s*(?:--)?\}}\}}",
    rf"^[ \t]*(?:#|//)?[ \t]*{_PAYLOAD}[ \t]*\r?$",  # a plain line (text drafts)
)
COMMENT = re.compile("|".join(f"(?:{c})" for c in _CONTAINERS), re.I | re.M)
_DIRECTIVE = re.compile(
    r"(?P<action>disable-next-line|disable-line|disable|enable)"
    r"(?:\s*[=\s]\s*(?P<codes>[A-Za-z][\w-]*(?:\s*,\s*[A-Za-z][\w-]*)*))?\s*,?\s*$", re.I)


@dataclass(frozen=True)
class Directive:
    action: str  # one of ACTIONS
    codes: tuple[str, ...]  # upper-case codes or prefixes; () = every code
    start: int  # source span of the whole comment
    end: int
    line: int  # 1-based line of the comment's start
    end_line: int
    alone: bool  # nothing but whitespace shares its line(s)

    def matches(self, code: str) -> bool:
        return not self.codes or any(code.upper().startswith(c) for c in self.codes)


@dataclass(frozen=True)
class Scope:
    """One code (or all: '') of one directive, and the lines it covers."""

    directive: Directive
    code: str
    first: int
    last: int

    def covers(self, code: str, line: int) -> bool:
        return self.first <= line <= self.last and (not self.code or code.upper().startswith(self.code))


def find(text: str, offset: int = 0) -> tuple[list[Directive], list[tuple[int, int, str]]]:
    """Directives in `text` (offsets shifted by `offset`) and (start, end, problem) for comments
    that mention trustlint but are not valid directives (they are masked all the same)."""
    directives, problems = [], []
    counted, line = 0, 1  # line of offset `counted`: counted on from the last directive, not from 0
    scanned, line_start, next_nl = 0, 0, -1
    for m in COMMENT.finditer(text):
        payload = next((g for g in m.groups() if g is not None), "")
        start, end = m.start(), m.end()
        # the line around the comment, found from where the last search left off (searching
        # from 0 or to the line end each time was quadratic on one long line of comments)
        if start > scanned:
            nl = text.rfind("\n", scanned, start)
            if nl >= 0:
                line_start = nl + 1
            scanned = start
        if next_nl < end:
            next_nl = text.find("\n", end)
            next_nl = len(text) if next_nl < 0 else next_nl
        line_end = next_nl
        alone = not text[line_start:start].strip() and not text[end:line_end].strip()
        d = _DIRECTIVE.fullmatch(payload.strip())
        if d is None:
            problems.append((offset + start, offset + end,
                             f"not a trustlint directive: '{payload.strip()[:60]}' (use disable=CODE, "
                             "enable=CODE, disable-line=CODE or disable-next-line=CODE)"))
            continue
        codes = tuple(c.strip().upper() for c in (d.group("codes") or "").split(",") if c.strip())
        line += text.count("\n", counted, start)
        counted = start
        directives.append(Directive(d.group("action").lower(), codes, offset + start, offset + end,
                                    line, line + text.count("\n", start, end), alone))
    return directives, problems


def scopes(directives: list[Directive], source: str) -> list[Scope]:
    """The lines each directive covers, pairing `disable` with the next matching `enable`."""
    lines = source.split("\n")
    nxt: list[int] = []  # nxt[n]: the first line >= n with text and no directive of its own, or 0

    def next_text_line(after: int) -> int:
        if not nxt:  # built once, from the end (a per-call scan was quadratic in the directives)
            taken = {ln for d in directives if d.alone for ln in range(d.line, d.end_line + 1)}
            nxt.extend([0] * (len(lines) + 2))
            for n in range(len(lines), 0, -1):
                nxt[n] = n if lines[n - 1].strip() and n not in taken else nxt[n + 1]
        return nxt[after + 1] if after + 1 <= len(lines) and nxt[after + 1] else after + 1

    def line_scope(d: Directive) -> tuple[int, int]:
        if d.action == "disable-next-line" or (d.action == "disable" and d.alone):
            n = next_text_line(d.end_line)
            return n, n
        return d.line, d.end_line

    out: list[Scope] = []
    open_: dict[str, Directive] = {}  # code ('' = all) -> the disable waiting for its enable
    for d in sorted(directives, key=lambda d: d.start):
        if d.action == "enable":
            closing = list(open_) if not d.codes else [c for c in d.codes if c in open_]
            for code in closing:
                opener = open_.pop(code)
                out.append(Scope(opener, code, opener.line, d.line))
        elif d.action == "disable":
            for code in d.codes or ("",):
                if code in open_:  # a second disable before an enable: the first covers its line
                    first, last = line_scope(open_[code])
                    out.append(Scope(open_[code], code, first, last))
                open_[code] = d
        else:
            first, last = line_scope(d)
            out.extend(Scope(d, code, first, last) for code in d.codes or ("",))
    for code, d in open_.items():
        first, last = line_scope(d)
        out.append(Scope(d, code, first, last))
    return out
