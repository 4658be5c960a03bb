"""Renders a draft for one recipient: merge tags substituted, fallbacks honoured, conditionals
evaluated, with a map from the rendered text back to the template's source.

No template engine runs and no template code executes: tokens are found by the patterns in
lexicons/merge_tokens.yml, and `if`/`unless`/`elsif`/`else` blocks of Liquid, Jinja, HubL,
Handlebars, Mailchimp and ActiveCampaign are evaluated by `evaluate`, which understands field
presence and (in)equality with literals, `and`/`or`/`not`, nothing else. Loops, AMPscript and
other logic render their tokens as the template lint's mask words.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Callable

from ..nlp.lexicon import read_lexicon_file
from .draft import Draft, Field
from .templates import (
    FIELD_MASK,
    NAME_MASK,
    MergeToken,
    mask_word,
    norm_name,
    raw_tokens,
)
from .textmap import TextBuilder

RENDERED = "rendered"  # Draft.format of a variant rendered for one recipient (TL507 reads it)
_PLAIN_NAME = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*", re.U)
_LIQUID = re.compile(r"^\{%-?\s*(if|unless|elsif|elif|else|endif|endunless|for|endfor)\b(.*?)-?%\}$", re.S | re.I)
_HBS = re.compile(r"^\{\{~?\s*(#|/|else\b)\s*(\w*)\s*(.*?)~?\}\}$", re.S)
_MC = re.compile(r"^\*\|(IF|IFNOT|ELSEIF|ELSE|END):?(.*?)\|\*$", re.S)
_AC = re.compile(r"^%(IF|ELSEIF|ELSE|/IF)\s*(.*?)%$", re.S)
_ODD = re.compile(r"[\[\]{}<>|%*#_]|^(?:x+|n/?a|null|none|nil|test\w*|tbd|tk|undefined|unknown|-+|\?+)$", re.I)
_NUMBER = re.compile(r"[$€£]?\d[\d.,]*%?")
_ORDINARY = re.compile(r"[^\W_][\w'’.,&@+/() -]{0,80}", re.U)
_BLANK = {"blank", "empty", "nil", "null", "none", "''", '""', ""}
_PREFIX = re.compile(r"^(?:\$\{|\$)?(?:contact|person|customer|lead|subscriber|params|user|recipient)\.", re.I)


# ---------------------------------------------------------------- data

@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    data = read_lexicon_file("merge_tokens")
    aliases = {}
    for group in data.get("field_aliases", []):
        for name in group:
            aliases[name] = group[0]
    return aliases, frozenset(data.get("generic_values", []))


def column_key(name: str) -> str:
    """Column or token name -> the key both are looked up by."""
    base = _PREFIX.sub("", name.strip().strip("${}").strip())
    norm = norm_name(base)
    return _tables()[0].get(norm, norm)


# ---------------------------------------------------------------- a compiled field

@dataclass(frozen=True)
class _Seg:
    op: str  # text, value, mask, if, elif, else, end, loop, endloop, drop
    start: int
    end: int
    tok: MergeToken | None = None
    cond: str = ""
    negate: bool = False


def _control(tok: MergeToken) -> tuple[str, str, bool] | None:
    """(op, condition, negate) for a conditional block; None for anything else."""
    raw = tok.raw.strip()
    if m := _LIQUID.match(raw):
        word, cond = m.group(1).lower(), m.group(2).strip()
        return {"if": ("if", cond, False), "unless": ("if", cond, True), "elsif": ("elif", cond, False),
                "elif": ("elif", cond, False), "else": ("else", "", False), "endif": ("end", "", False),
                "endunless": ("end", "", False), "for": ("loop", cond, False), "endfor": ("endloop", "", False)}[word]
    if m := _HBS.match(raw):
        sigil, word, rest = m.group(1), m.group(2), m.group(3).strip()
        if sigil.startswith("else"):
            return ("elif", word[2:].strip() + " " + rest, False) if word.lower() == "if" else ("else", "", False)
        helper = word.lower()
        if sigil == "/":
            return ("end", "", False) if helper in ("if", "unless", "ifeq", "equals", "ifnoteq", "notequals") \
                else ("endloop", "", False)
        if helper in ("if", "unless"):
            return "if", rest, helper == "unless"
        if helper in ("ifeq", "equals", "ifnoteq", "notequals"):
            try:
                args = shlex.split(rest)
            except ValueError:
                args = rest.split()
            cond = f"{args[0]} == '{args[1]}'" if len(args) >= 2 else rest
            return "if", cond, helper in ("ifnoteq", "notequals")
        return "loop", rest, False
    if m := _MC.match(raw):
        word = m.group(1).upper()
        return {"IF": ("if", m.group(2), False), "IFNOT": ("if", m.group(2), True),
                "ELSEIF": ("elif", m.group(2), False), "ELSE": ("else", "", False), "END": ("end", "", False)}[word]
    if m := _AC.match(raw):
        word = m.group(1).upper()
        return {"IF": ("if", m.group(2), False), "ELSEIF": ("elif", m.group(2), False),
                "ELSE": ("else", "", False), "/IF": ("end", "", False)}[word]
    return None


def compile_field(f: Field) -> list[_Seg]:
    segs, pos = [], 0
    for tok in raw_tokens(f.text):
        if tok.start > pos:
            segs.append(_Seg("text", pos, tok.start))
        if tok.kind == "field" and tok.name and not tok.raw.startswith("%%="):
            segs.append(_Seg("value", tok.start, tok.end, tok))
        elif tok.kind in ("field", "system"):
            segs.append(_Seg("mask", tok.start, tok.end, tok))  # platform-filled or not evaluable
        elif tok.kind == "block" and (ctl := _control(tok)):
            segs.append(_Seg(ctl[0], tok.start, tok.end, tok, ctl[1], ctl[2]))
        else:
            segs.append(_Seg("drop", tok.start, tok.end, tok))
        pos = tok.end
    if pos < len(f.text):
        segs.append(_Seg("text", pos, len(f.text)))
    return segs


# ---------------------------------------------------------------- conditions

def _operand(text: str, lookup: Callable[[str], str | None]) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if text.lower() in _BLANK:
        return ""
    return lookup(text) or ""


def evaluate(cond: str, lookup: Callable[[str], str | None]) -> bool:
    """Presence and equality only: `x`, `not x`, `x == 'v'`, `x != blank`, and/or of those."""
    cond = cond.strip().strip("()")
    for alt in re.split(r"\s+or\s+|\s*\|\|\s*", cond, flags=re.I):
        if all(_atom(a, lookup) for a in re.split(r"\s+and\s+|\s*&&\s*", alt, flags=re.I)):
            return True
    return False


def _atom(atom: str, lookup: Callable[[str], str | None]) -> bool:
    atom = atom.strip().strip("()")
    negate = False
    if m := re.match(r"(?i)^(?:not\s+|!(?!=))", atom):
        negate, atom = True, atom[m.end():]
    m = re.match(r"""^(?P<lhs>'[^']*'|"[^"]*"|[^\s=!<>]+)\s*(?:(?P<op>==|!=|<>|=)\s*(?P<rhs>.*))?$""", atom.strip())
    if not m:
        return not negate  # unknown syntax: take the branch, as a preview would show it
    lhs = _operand(m.group("lhs"), lookup)
    if m.group("op") is None:
        result = bool(lhs.strip())
    else:
        rhs = _operand(m.group("rhs") or "", lookup)
        equal = lhs.strip().lower() == rhs.strip().lower()
        result = equal if m.group("op") in ("==", "=") else not equal
    return result != negate


# ---------------------------------------------------------------- rendering

Piece = tuple[str, str, int, int, bool]  # (rendered text, linted text, start, end, copied)


def _value(tok: MergeToken, row: dict[str, str], columns: set[str], keep: frozenset[str]) -> tuple[str, str]:
    """(rendered, linted) text of a field token for one row."""
    key = column_key(tok.name)
    if key not in columns:
        return tok.raw, tok.raw  # no such column: the platform sends the tag raw (TL507)
    value = " ".join(row.get(key, "").split())
    if not value and tok.fallback is not None:
        value = tok.fallback
    return value, _linted(tok, value, keep)


def _linted(tok: MergeToken, value: str, keep: frozenset[str]) -> str:
    """The text a value is linted as. Ordinary data is linted as the template lint's mask word
    (so recipients who differ only by name, company or a number share one variant); empty,
    odd or generic values, and values naming the row's products or audience (TL505), as written.
    """
    low = value.lower()
    if not value or low in _tables()[1] or low in keep or _ODD.search(value):
        return value
    if tok.is_name:
        return NAME_MASK if value[0].isupper() and _PLAIN_NAME.fullmatch(value) and len(value) <= 40 else value
    if _NUMBER.fullmatch(value):
        return "12"
    return FIELD_MASK if _ORDINARY.fullmatch(value) else value


def render_field(f: Field, segs: list[_Seg], row: dict[str, str], columns: set[str],
                 keep: frozenset[str] = frozenset()) -> list[Piece]:
    """Render one field for one row: pieces in field-text offsets."""
    def lookup(name: str) -> str | None:
        key = column_key(name)
        return row.get(key) if key in columns else None

    pieces: list[Piece] = []
    frames: list[list[bool]] = []  # [active, a branch was taken]
    loops = 0
    for seg in segs:
        active = all(fr[0] for fr in frames)
        if seg.op == "if":
            value = active and evaluate(seg.cond, lookup) != seg.negate
            frames.append([value, value])
        elif seg.op in ("elif", "else") and frames:
            parent = all(fr[0] for fr in frames[:-1])
            value = parent and not frames[-1][1] and (seg.op == "else" or evaluate(seg.cond, lookup))
            frames[-1] = [value, frames[-1][1] or value]
        elif seg.op == "end":
            if frames:
                frames.pop()
        elif seg.op in ("loop", "endloop"):
            loops = max(0, loops + (1 if seg.op == "loop" else -1))
        elif not active or seg.op in ("drop", "elif", "else"):
            continue
        elif seg.op == "text":
            text = f.text[seg.start:seg.end]
            pieces.append((text, text, seg.start, seg.end, True))
        elif seg.op == "mask" or loops:
            word = mask_word(seg.tok) if seg.tok else FIELD_MASK
            pieces.append((word, word, seg.start, seg.end, False))
        else:
            shown, linted = _value(seg.tok, row, columns, keep)
            pieces.append((shown, linted, seg.start, seg.end, False))
    return pieces


def variant_draft(draft: Draft, rendered: dict[str, list[Piece]], context: dict[str, Any]) -> Draft:
    """The Draft of one rendered variant (linted text), mapped to the template's source."""
    fields = []
    for f in draft.fields:
        b = TextBuilder()
        for _, linted, start, end, copied in rendered[f.name]:
            if copied:
                b.copy(linted, start)
            elif linted:
                b.replace(linted, start, end)
            else:
                b.drop(start, end)
        text, tmap = b.build()
        fields.append(Field(f.name, text, tmap.compose(f.map)))
    return replace(draft, fields=tuple(fields), context=context, format=RENDERED)
