"""Finds merge tokens of email platforms, masks them before NLP and keeps their spans.

Template code is never executed: tokens are recognised by the patterns in
lexicons/merge_tokens.yml and replaced by a neutral word ("Alex" for a name field, "Item" for
any other field, nothing for blocks and comments), so template syntax never becomes a finding.
"""
from __future__ import annotations

import heapq
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from ..nlp.lexicon import read_lexicon_file
from .draft import Field
from .textmap import TextBuilder
from .tokenlist import TokenList

NAME_MASK = "Alex"
FIELD_MASK = "Item"
_DEFAULT = re.compile(
    r"""\|\s*default\s*:?\s*\(?\s*(?:(['"])(?P<q>.*?)\1|(?P<bare>[^\s|})'"]+))"""
    r"""|default\s*=\s*(?:(['"])(?P<q2>.*?)\4|(?P<bare2>[^\s}"']+))"""
    r"""|personalization_token\(\s*['"][^'"]*['"]\s*,\s*['"](?P<pt>[^'"]*)['"]"""
    r"""|defaultIfEmpty\s+[\w.]+\s+(['"])(?P<die>.*?)\8"""
    r"""|\bor\s+(['"])(?P<jor>.*?)\10""",
    re.I,
)
_IDENT = re.compile(r"[A-Za-z_][\w.]*(?:\s+[A-Za-z_]\w*)?")


@dataclass(frozen=True, slots=True)
class MergeToken:
    platform: str  # platform id, e.g. "mailchimp", "braze", "liquid" (generic {{ }})
    kind: str  # field, system (a field the platform always fills), block or comment
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
        return self.kind == "system" or (self.kind == "field" and is_system(self.name))

    @property
    def footer_role(self) -> str | None:
        """'unsubscribe' or 'address' when the token renders that part of a CAN-SPAM footer."""
        key = re.sub(r"[^a-z0-9]", "", (self.name or self.raw).lower())
        for role, parts in _data().footer.items():
            if any(part in key for part in parts):
                return role
        return None


@dataclass(frozen=True)
class _Pattern:
    platform: str
    kind: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class _Balance:
    id: str
    open: re.Pattern[str]
    close: re.Pattern[str]
    alias: dict[str, str]
    repeat: bool


@dataclass(frozen=True)
class _Data:
    patterns: tuple[_Pattern, ...]
    names: frozenset[str]
    labels: dict[str, dict]  # platform or dialect id -> its YAML entry (label, family, fallback_hint)
    systems: frozenset[str]
    system_prefixes: frozenset[str]
    system_suffixes: tuple[str, ...]
    dialects: tuple[tuple[str, re.Pattern[str]], ...]
    balance: tuple[_Balance, ...]
    leftovers: re.Pattern[str]
    footer: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def _data() -> _Data:
    data = read_lexicon_file("merge_tokens")
    patterns, labels = [], {}
    for platform in data["platforms"]:
        labels[platform["id"]] = platform
        for tok in platform["tokens"]:
            patterns.append(_Pattern(platform["id"], tok["kind"], re.compile(tok["regex"])))
    dialects = []
    for d in data.get("dialects", []):
        labels[d["id"]] = dict(d, family="curly")
        dialects.append((d["id"], re.compile(d["regex"])))
    balance = tuple(_Balance(b["id"], re.compile(b["open"], re.I), re.compile(b["close"], re.I),
                             {k.lower(): v.lower() for k, v in (b.get("alias") or {}).items()},
                             bool(b.get("repeat"))) for b in data.get("balance", []))
    return _Data(tuple(patterns), frozenset(data["name_fields"]), labels,
                 frozenset(data.get("system_fields", [])), frozenset(data.get("system_prefixes", [])),
                 tuple(data.get("system_suffixes", [])),
                 tuple(dialects), balance, re.compile(data.get("leftovers", r"(?!x)x")),
                 {role: tuple(parts) for role, parts in (data.get("footer_fields") or {}).items()})


def _tables() -> tuple[tuple[_Pattern, ...], frozenset[str], dict[str, dict], frozenset[str]]:
    d = _data()
    return d.patterns, d.names, d.labels, d.systems


def platform_label(platform_id: str) -> str:
    return _data().labels.get(platform_id, {}).get("label", platform_id)


def platform_family(platform_id: str) -> str:
    return _data().labels.get(platform_id, {}).get("family", platform_id)


def fallback_hint(platform_id: str) -> str:
    """How to give a token a fallback on this platform (shown in TL502's suggestion)."""
    return _data().labels.get(platform_id, {}).get("fallback_hint", "give the token a default value")


def _platform_hint(platform_id: str, key: str) -> str | None:
    labels = _data().labels
    entry = labels.get(platform_id, {})
    value = entry.get(key)
    if value is None and entry.get("family") == "curly":  # a dialect: the generic {{ }} wording
        value = labels.get("liquid", {}).get(key)
    return value


def field_hint(platform_id: str, field: str, default: str) -> str | None:
    """How to give the field `field` the default `default` on this platform (TL502), or None."""
    hint = _platform_hint(platform_id, "field_hint")
    return hint.replace("{field}", field).replace("{default}", default) if hint else None


def conditional_hint(platform_id: str, field: str) -> str | None:
    """A block shown only when `field` has a value, in this platform's syntax (TL502), or None."""
    hint = _platform_hint(platform_id, "conditional_hint")
    return hint.replace("{field}", field) if hint else None


def detect_platforms(tokens: Iterable[MergeToken]) -> tuple[str, ...]:
    """Platforms a draft's tokens come from. Generic {{ }} tokens count for a named dialect
    (Braze, HubSpot, Klaviyo...) when the draft also uses that dialect's distinctive syntax."""
    found = {t.platform for t in tokens}
    if "liquid" in found and any(platform_family(p) == "curly" and p != "liquid" for p in found):
        found.discard("liquid")
    return tuple(sorted(found))


def effective_platform(tok: MergeToken, platforms: tuple[str, ...]) -> str:
    """The platform a token belongs to in a draft: a generic {{ }} token takes its draft's dialect."""
    if tok.platform == "liquid":
        dialects = [p for p in platforms if platform_family(p) == "curly" and p != "liquid"]
        if len(dialects) == 1:
            return dialects[0]
    return tok.platform


def _dialect(raw: str) -> str:
    for dialect, regex in _data().dialects:
        if regex.search(raw):
            return dialect
    return "liquid"


def is_system(name: str) -> bool:
    """A field the platform always fills (unsubscribe link, postal address, subject...)."""
    d = _data()
    lower = name.lower().strip()
    if "." in lower and lower.split(".")[0] in d.system_prefixes:
        return True
    norm = re.sub(r"[^a-z0-9]", "", lower)
    return norm in d.systems or norm.endswith(d.system_suffixes)


def norm_name(name: str) -> str:
    """A field name reduced for comparison: "contact.First_Name" -> "firstname"."""
    return _norm(name)


def _norm(name: str) -> str:
    name = name.lower().split(".")[-1] if "." in name else name.lower()
    return re.sub(r"[^a-z0-9]", "", name)


def _matches(i: int, regex: re.Pattern[str], text: str) -> Iterator[tuple[int, int, int, re.Match[str]]]:
    for m in regex.finditer(text):
        if m.end() > m.start():
            yield m.start(), m.start() - m.end(), i, m


def find_tokens(text: str) -> Iterator[tuple[_Pattern, re.Match[str]]]:
    """All token matches, left to right, without overlaps (the earliest, then longest, then the
    first pattern's, wins). Each pattern's matches come in text order, so they are merged as
    they are found: no list of every match of every pattern (~200 bytes each) is kept."""
    patterns = _tables()[0]
    last_end = 0
    for start, _, i, m in heapq.merge(*(_matches(i, p.regex, text) for i, p in enumerate(patterns))):
        if start >= last_end:
            yield patterns[i], m
            last_end = m.end()


def _describe(pat: _Pattern, m: re.Match[str]) -> tuple[str, str | None]:
    groups = m.groupdict()
    if groups.get("body") is not None:
        body = groups["body"].strip()
        d = _DEFAULT.search(body)
        fallback = None
        if d:
            fallback = next((d.group(g) for g in ("q", "bare", "q2", "bare2", "pt", "die", "jor")
                             if d.group(g) is not None), None)
        pt = re.search(r"(?:personalization_token\(|lookup\s*:)\s*['\"]([^'\"]*)", body)
        target = pt.group(1) if pt else re.sub(r"^\$\{|\}$", "", body.replace("${", "").split("|")[0]).strip()
        target = re.sub(r"^(insert|defaultIfEmpty|lead|contact|subscriber|person|customer|recipient|user)[\s.]+", "", target, flags=re.I)
        if ":default=" in target:
            target, fallback = target.split(":default=", 1)
        ident = _IDENT.match(target.strip())
        name = ident.group(0) if ident else target.strip()
        return name.strip(), fallback
    return (groups.get("name") or "").strip(), groups.get("fallback")


def raw_tokens(text: str) -> TokenList:
    """Every token in `text`, with its offsets in `text` (unmasked)."""
    out = TokenList(MergeToken)
    # a token's description depends only on its pattern and its text: a draft repeats the
    # same few tokens, so each distinct one is described (and stored) once
    known: dict[tuple[int, str], int] = {}
    for pat, m in find_tokens(text):
        raw = m.group(0)
        key = (id(pat), raw)
        k = known.get(key)
        if k is None:
            name, fallback = _describe(pat, m) if pat.kind == "field" else ("", None)
            kind = "system" if pat.kind == "field" and name and is_system(name) else pat.kind
            platform = _dialect(raw) if pat.platform == "liquid" else pat.platform
            k = known[key] = out.intern((platform, kind, raw, name, fallback))
        out.add(k, m.start(), m.end())
    return out


def mask_word(tok: MergeToken) -> str:
    """The neutral word a field token is linted as ("" for blocks and comments)."""
    if tok.kind not in ("field", "system"):
        return ""
    return NAME_MASK if tok.is_name else FIELD_MASK


def mask_field(field: Field) -> tuple[Field, TokenList]:
    """Replace merge tokens by neutral words; return the masked field and its tokens."""
    found = raw_tokens(field.text)
    if not found:
        return field, found
    text = field.text
    builder, pos = TextBuilder(), 0
    masks = [mask_word(MergeToken(*desc, 0, 0)) for desc in found.descs]
    starts, ends = array("q"), array("q")
    for k, s, e in zip(found.kinds, found.starts, found.ends):
        builder.copy(text[pos:s], pos)
        starts.append(builder.length)
        mask = masks[k]
        if mask:
            builder.replace(mask, s, e)
        else:
            builder.drop(s, e)  # a block renders to nothing; a hit on it maps back
        ends.append(builder.length)
        pos = e
    builder.copy(text[pos:], pos)
    masked, inner = builder.build()
    return Field(field.name, masked, inner.compose(field.map)), found.relocated(starts, ends)


def _balance_events(raw: str) -> list[tuple[bool, tuple[str, str]]]:
    """(is an opener, (balance id, tag)) of each block tag in one block token's text, in order."""
    for spec in _data().balance:
        events = []
        for kind, regex in (("open", spec.open), ("close", spec.close)):
            found = regex.finditer(raw) if spec.repeat else filter(None, [regex.search(raw)])
            events += [(m.start(), kind, m.group("tag").lower()) for m in found]
        if events:
            return [(kind == "open", (spec.id, spec.alias.get(tag, tag))) for _, kind, tag in sorted(events)]
    return []


_NEVER_OPENED, _NOT_CLOSED_BEFORE, _NEVER_CLOSED = 0, 1, 2


def _stable_order(keys: array) -> Iterable[int]:
    """The indices of `keys` in a stable sort of them (the problems by token start): most
    often they already are in order; else a numpy argsort (8 bytes an index, not a list of
    Python ints)."""
    if all(a <= b for a, b in zip(keys, keys[1:])):
        return range(len(keys))
    import numpy as np

    return np.argsort(np.frombuffer(keys, dtype=np.int64), kind="stable")


def unbalanced(tokens: Iterable[MergeToken]) -> Iterable[tuple[MergeToken, str]]:
    """Blocks opened and never closed, and closers with no opener, in one field's tokens: each
    (token, problem), in the order of the tokens' starts.

    Linear in the tokens and compact: each distinct block's tags are read once, the stack of
    open blocks and the problems are arrays of token indices (a 5 MB draft of unclosed blocks
    has 400,000 of each), and a problem's record and message are made when it is reached."""
    toks = tokens if isinstance(tokens, TokenList) else TokenList.of(MergeToken, tokens)
    events = [_balance_events(raw) if kind == "block" else [] for _, kind, raw, _, _ in toks.descs]
    keys: dict[tuple[str, str], int] = {}  # (balance id, tag) -> a small int
    coded = [[(is_open, keys.setdefault(key, len(keys))) for is_open, key in evs] for evs in events]
    stack_key, stack_tok = array("q"), array("q")  # open blocks: their key and token index
    # openers on the stack per key: a closer with no opener is known in O(1), and the backward
    # search below only walks over entries it then removes (linear overall)
    open_count = [0] * len(keys)
    p_tok, p_code, p_other = array("q"), array("b"), array("q")  # problems, in the order found
    for i, k in enumerate(toks.kinds):
        for is_open, key in coded[k]:
            if is_open:
                stack_key.append(key)
                stack_tok.append(i)
                open_count[key] += 1
                continue
            if not open_count[key]:
                p_tok.append(i)
                p_code.append(_NEVER_OPENED)
                p_other.append(-1)
                continue
            idx = len(stack_key) - 1
            while stack_key[idx] != key:
                idx -= 1
            for j in range(idx, len(stack_key)):
                if j > idx:
                    p_tok.append(stack_tok[j])
                    p_code.append(_NOT_CLOSED_BEFORE)
                    p_other.append(i)
                open_count[stack_key[j]] -= 1
            del stack_key[idx:]
            del stack_tok[idx:]
    for j in stack_tok:
        p_tok.append(j)
        p_code.append(_NEVER_CLOSED)
        p_other.append(-1)
    del stack_key, stack_tok
    return _Problems(toks, p_tok, p_code, p_other)


class _Problems:
    """unbalanced()'s problems: re-iterable, each (token, message) made when reached."""

    __slots__ = ("_toks", "_tok", "_code", "_other")

    def __init__(self, toks: TokenList, tok: array, code: array, other: array) -> None:
        self._toks, self._tok, self._code, self._other = toks, tok, code, other

    def __len__(self) -> int:
        return len(self._tok)

    def __iter__(self) -> Iterator[tuple[MergeToken, str]]:
        toks, p_tok, p_code, p_other = self._toks, self._tok, self._code, self._other
        for n in _stable_order(array("q", (toks.starts[j] for j in p_tok))):
            tok, code = toks[p_tok[n]], p_code[n]
            if code == _NEVER_OPENED:
                yield tok, f"'{tok.raw}' closes a block that was never opened"
            elif code == _NOT_CLOSED_BEFORE:
                yield tok, f"'{tok.raw}' is not closed before '{toks[p_other[n]].raw}'"
            else:
                yield tok, f"'{tok.raw}' is never closed"


def leftover_delimiters(text: str) -> Iterator[re.Match[str]]:
    """Template delimiters still in masked text: the remains of a broken token (one at a time:
    5 MB of broken tokens has over a million, ~100 bytes a match)."""
    return _data().leftovers.finditer(text)
