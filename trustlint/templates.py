"""Finds merge tokens of email platforms, masks them before NLP and keeps their spans.

Template code is never executed: tokens are recognised by the patterns in
lexicons/merge_tokens.yml and replaced by a neutral word ("Alex" for a name field, "Item" for
any other field, nothing for blocks and comments), so template syntax never becomes a finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import read_lexicon_file
from .source import Field
from .textmap import TextBuilder

NAME_MASK = "Alex"
FIELD_MASK = "Item"
_DEFAULT = re.compile(
    r"""\|\s*default\s*:?\s*(?:(['"])(?P<q>.*?)\1|(?P<bare>[^\s|}'"]+))"""
    r"""|default\s*=\s*(?:(['"])(?P<q2>.*?)\4|(?P<bare2>[^\s}"']+))"""
    r"""|personalization_token\(\s*['"][^'"]*['"]\s*,\s*['"](?P<pt>[^'"]*)['"]""",
    re.I,
)
_IDENT = re.compile(r"[A-Za-z_][\w.]*(?:\s+[A-Za-z_]\w*)?")


@dataclass(frozen=True)
class MergeToken:
    platform: str  # platform id, e.g. "mailchimp", "liquid"
    kind: str  # field, block or comment
    raw: str
    name: str  # normalised field name ("first_name"), "" for blocks
    fallback: str | None  # the inline default, if any
    start: int  # offsets in the masked field text
    end: int

    @property
    def is_name(self) -> bool:
        return self.kind == "field" and _norm(self.name) in _tables()[1]

    @property
    def is_system(self) -> bool:
        """Footer and housekeeping tokens (unsubscribe link, list address): not personal."""
        return self.kind == "field" and _norm(self.name) in _tables()[3]


@dataclass(frozen=True)
class _Pattern:
    platform: str
    kind: str
    regex: re.Pattern[str]


@lru_cache(maxsize=1)
def _tables() -> tuple[tuple[_Pattern, ...], frozenset[str], dict[str, dict], frozenset[str]]:
    data = read_lexicon_file("merge_tokens")
    patterns, labels = [], {}
    for platform in data["platforms"]:
        labels[platform["id"]] = platform
        for tok in platform["tokens"]:
            patterns.append(_Pattern(platform["id"], tok["kind"], re.compile(tok["regex"])))
    return tuple(patterns), frozenset(data["name_fields"]), labels, frozenset(data["system_fields"])


def platform_label(platform_id: str) -> str:
    return _tables()[2].get(platform_id, {}).get("label", platform_id)


def fallback_hint(platform_id: str) -> str:
    """How to give a token a fallback on this platform (shown in TL502's suggestion)."""
    return _tables()[2].get(platform_id, {}).get("fallback_hint", "give the token a default value")


def _norm(name: str) -> str:
    name = name.lower().split(".")[-1] if "." in name else name.lower()
    return re.sub(r"[^a-z0-9]", "", name)


def find_tokens(text: str) -> list[tuple[_Pattern, re.Match[str]]]:
    """All token matches, left to right, without overlaps (the earliest, then longest, wins)."""
    found = []
    for pat in _tables()[0]:
        found.extend((pat, m) for m in pat.regex.finditer(text) if m.end() > m.start())
    found.sort(key=lambda pm: (pm[1].start(), -(pm[1].end() - pm[1].start())))
    out, last_end = [], 0
    for pat, m in found:
        if m.start() >= last_end:
            out.append((pat, m))
            last_end = m.end()
    return out


def _describe(pat: _Pattern, m: re.Match[str]) -> tuple[str, str | None]:
    groups = m.groupdict()
    if groups.get("body") is not None:
        body = groups["body"].strip()
        d = _DEFAULT.search(body)
        fallback = None
        if d:
            fallback = next((d.group(g) for g in ("q", "bare", "q2", "bare2", "pt") if d.group(g) is not None), None)
        pt = re.search(r"personalization_token\(\s*['\"]([^'\"]*)", body)
        target = pt.group(1) if pt else re.sub(r"^\$\{|\}$", "", body.replace("${", "").split("|")[0]).strip()
        target = re.sub(r"^(insert|lead|contact|subscriber|person|customer|recipient|user)[\s.]+", "", target, flags=re.I)
        if ":default=" in target:
            target, fallback = target.split(":default=", 1)
        ident = _IDENT.match(target.strip())
        name = ident.group(0) if ident else target.strip()
        return name.strip(), fallback
    return (groups.get("name") or "").strip(), groups.get("fallback")


def mask_field(field: Field) -> tuple[Field, tuple[MergeToken, ...]]:
    """Replace merge tokens by neutral words; return the masked field and its tokens."""
    matches = find_tokens(field.text)
    if not matches:
        return field, ()
    builder, tokens, pos = TextBuilder(), [], 0
    for pat, m in matches:
        builder.copy(field.text[pos:m.start()], pos)
        name, fallback = _describe(pat, m) if pat.kind == "field" else ("", None)
        token = MergeToken(pat.platform, pat.kind, m.group(0), name, fallback, builder.length, builder.length)
        if pat.kind == "field":
            mask = NAME_MASK if token.is_name else FIELD_MASK
            builder.replace(mask, m.start(), m.end())
        token = MergeToken(token.platform, token.kind, token.raw, name, fallback, token.start, builder.length)
        tokens.append(token)
        pos = m.end()
    builder.copy(field.text[pos:], pos)
    text, inner = builder.build()
    return Field(field.name, text, inner.compose(field.map)), tuple(tokens)
