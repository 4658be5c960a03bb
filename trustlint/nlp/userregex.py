"""Regexes from a campaign repository's own lexicons (custom rules), in linear time.

Python's `re` backtracks: `(a+)+$` on thirty a's and a "!" runs for hours, and a match cannot
be interrupted from Python (the engine never checks for signals). So a user's `regex:` entries
are compiled by RE2 (the `google-re2` wheel), whose matching time is linear in the text, with
no time budget needed. RE2 has no lookarounds or backreferences (a pattern using them is a
lexicon error naming the entry), and its `\\w`, `\\b`, `\\d` are ASCII-only. The built-in
lexicons, written and tested here, keep Python's `re`.

If `google-re2` is not installed, user regexes fall back to `re` (and the guarantee is gone).
"""
from __future__ import annotations

import re
from typing import Any, Iterator

try:
    import re2 as _re2
except ImportError:  # pragma: no cover - google-re2 is a dependency
    _re2 = None

LINEAR = _re2 is not None


class UserRegexError(ValueError):
    """A pattern RE2 cannot compile; the message is one line."""


class LinearRegex:
    """The part of `re.Pattern` trustlint uses (pattern, flags, finditer, search, match), run by RE2."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        options = _re2.Options()
        options.log_errors = False  # RE2 would print parse errors to stderr
        options.case_sensitive = not flags & re.IGNORECASE
        options.dot_nl = bool(flags & re.DOTALL)
        try:
            self._regex = _re2.compile(("(?m)" if flags & re.MULTILINE else "") + pattern, options)
        except _re2.error as exc:
            detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
            raise UserRegexError(f"{detail} (custom rules use RE2, a linear-time engine: no lookarounds or "
                                 "backreferences)") from None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        return self._regex.finditer(text, pos, len(text) if endpos is None else endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._regex.search(text, pos, len(text) if endpos is None else endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._regex.match(text, pos, len(text) if endpos is None else endpos)

    def __repr__(self) -> str:
        return f"LinearRegex({self.pattern!r})"


def compile_user(pattern: str, flags: int = 0) -> Any:
    """A user's regex: RE2 when available (raises UserRegexError), else `re` (raises re.error)."""
    if _re2 is None:
        return re.compile(pattern, flags)
    re.compile(pattern, flags)  # the same syntax errors as before, in re's words
    return LinearRegex(pattern, flags)
