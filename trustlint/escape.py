"""One escaping helper per output channel. File names and draft text are hostile input: a name
may hold a newline and `::stop-commands::`, an ESC sequence, or rich markup like `[/b]`.

- `terminal(text)`: one line for people (stderr lines, the terminal report, SARIF message
  text): control characters, line breaks and bidirectional overrides become visible escapes
  (`\\n`, `\\x1b`, `\\u202e`), so nothing can start a new line (a GitHub workflow command on the
  runner's log), move the cursor, recolour the terminal or reverse the text; `::` and `##[`
  get a zero-width space inside, so a wrapped line cannot start a command either. Printable
  text, emoji and non-Latin scripts are left alone.
- `markup(text)`: `terminal` and then rich markup escaped, for strings rich will parse.
- `github_data` / `github_property`: GitHub Actions workflow-command encoding (the toolkit's
  escapeData / escapeProperty: `%`, CR, LF; and `:` `,` in properties; other controls shown).
- `markdown(text)`: inert inline GitHub Markdown: no HTML, links, autolinks (bare URLs,
  `#123`, `org/repo#1`), emphasis, code, table breaks or @mentions; one line.
"""
from __future__ import annotations

import re

# C0 and C1 controls, DEL, line/paragraph separators, and the bidi embedding/override/isolate
# controls (Trojan Source).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(m: re.Match[str]) -> str:
    ch = m.group(0)
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


_COMMAND = re.compile(r":(?=:)|#(?=#\[)")


def terminal(text: object) -> str:
    """`text` as one line with every control character shown as an escape, and `::` / `##[`
    split by a zero-width space, so even a wrapped line cannot begin a workflow command."""
    return _COMMAND.sub(_split_command, _UNSAFE.sub(_visible, str(text)))


def _split_command(m: re.Match[str]) -> str:
    return m.group(0) + "\u200b"


def markup(text: object) -> str:
    """`terminal(text)` safe inside a rich markup string (`[/b]` is shown, not parsed)."""
    from rich.markup import escape as rich_escape

    return rich_escape(terminal(text))


def github_data(text: object) -> str:
    """The message part of a workflow command (after the second `::`); other control characters
    (ESC sequences the log viewer would obey) are shown as escapes."""
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _UNSAFE.sub(_visible, text)


def github_property(text: object) -> str:
    """A property value of a workflow command (`file=`, `title=`)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


_MD = re.compile(r"([\\`*_\[\]|~])")
_MENTION = re.compile(r"@(?=\w)")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto)(:)|\b(www)(\.)|\b(GH)(-)(?=\d)|(#)(?=\w)")
_ZWSP = "\u200b"


def _break_autolink(m: re.Match[str]) -> str:
    groups = [g for g in m.groups() if g is not None]
    if len(groups) == 2:  # scheme + ':', 'www' + '.', 'GH' + '-'
        return groups[0] + _ZWSP + groups[1]
    return groups[0] + _ZWSP


def markdown(text: object) -> str:
    """Inert inline Markdown for GitHub comments (see the module docstring)."""
    text = terminal(" ".join(str(text).split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MENTION.sub("@" + _ZWSP, text)  # no @mentions pinged from draft text
    text = _AUTOLINK.sub(_break_autolink, text)  # no links to URLs, issues or other repositories
    return _MD.sub(r"\\\1", text)
