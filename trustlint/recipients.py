"""Per-recipient rendering: `trustlint check DRAFT --recipients contacts.csv`.

Each CSV row is substituted into the draft's merge tokens (fallbacks honoured; if/else blocks
evaluated by a tiny evaluator of field presence and equality: no template engine runs, no
template code executes), and every rendered variant is linted. A token whose column is not in
the file is left raw, as most platforms send it; TL507 then reports it. The row's
`owned_products` and `audience` columns become that variant's campaign context (TL505).

The file is streamed with the csv module (never loaded whole) and results are aggregated per
rule: how many recipients are affected, with example rows. Identical variants are linted once
(a bounded LRU cache keyed by a digest of the linted text and context). Ordinary values (a
capitalised name, a company, a number) are linted as the template lint's mask word, so rows
that differ only in such data share a variant; empty, odd (brackets, "N/A", "test", lower-case
names) or generic ("friend") values, and values naming the row's own products or audience,
are linted as written, because those are what change a finding. Examples show real rows.
"""
from __future__ import annotations

import csv
import hashlib
import re
import shlex
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator

from .config import Config
from .findings import Severity
from .lexicon import read_lexicon_file
from .rules.personalization import RENDERED
from .source import Draft, Field, SourceError, read_path
from .templates import FIELD_MASK, NAME_MASK, MergeToken, mask_word, norm_name, raw_tokens
from .textmap import TextBuilder

#: rules about template syntax: reported once by the template lint, not per rendered variant
TEMPLATE_RULES = frozenset({"TL501", "TL502", "TL503"})
CACHE_SIZE = 4096
EXAMPLES = 3
LOCATIONS = 5
CONTEXT_COLUMNS = {"ownedproducts": "owned_products", "audience": "audience"}
ID_COLUMNS = ("email", "emailaddress", "id", "contactid", "customerid", "subscriberid", "leadid")
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


class RecipientsError(Exception):
    """A recipients file that cannot be used (the message is one line)."""


# ---------------------------------------------------------------- data

def _tables() -> tuple[dict[str, str], frozenset[str]]:
    global _TABLES
    if _TABLES is None:
        data = read_lexicon_file("merge_tokens")
        aliases = {}
        for group in data.get("field_aliases", []):
            for name in group:
                aliases[name] = group[0]
        _TABLES = (aliases, frozenset(data.get("generic_values", [])))
    return _TABLES


_TABLES: tuple[dict[str, str], frozenset[str]] | None = None


def _key(name: str) -> str:
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
    key = _key(tok.name)
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
        key = _key(name)
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


# ---------------------------------------------------------------- aggregation

@dataclass
class RuleResult:
    code: str
    name: str
    severity: Severity
    recipients: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)
    locations: dict[tuple[int, int, str], int] = field(default_factory=dict)  # (line, col, message) -> rows


@dataclass
class RecipientsReport:
    draft: str
    recipients_file: str
    rows: int = 0
    variants: int = 0  # distinct variants linted
    rules: dict[str, RuleResult] = field(default_factory=dict)
    template: Any = None  # FileReport of the template itself (token rules, copy rules)
    missing_columns: list[str] = field(default_factory=list)
    platforms: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)

    def max_severity(self) -> Severity | None:
        return max((r.severity for r in self.rules.values()), default=None)


# code, name, severity, line, col, message, field, source offset
_Compact = tuple[tuple[str, str, int, int, int, str, str, int], ...]


def _context_for(base: dict[str, Any], row: dict[str, str]) -> dict[str, Any]:
    ctx = dict(base)
    for key, name in CONTEXT_COLUMNS.items():
        if key in row:
            ctx[name] = [v.strip() for v in re.split(r"[;|,]", row[key]) if v.strip()]
    return ctx


def _open_rows(path: Path, counter: list[int]) -> Iterator[str]:
    """Lines of the CSV, counting bytes read for the progress bar (the file is streamed)."""
    with path.open("rb") as fh:
        first = True
        for raw in fh:
            counter[0] += len(raw)
            line = raw.decode("utf-8", errors="replace")
            if first:
                line, first = line.lstrip("\ufeff"), False
            yield line


def lint_recipients(draft_path: str, csv_path: str, config: Config,
                    progress: bool | None = None) -> RecipientsReport:
    """Render the draft for every row of the CSV, lint each distinct variant, aggregate per rule."""
    from .context import ContextError
    from .runner import lint_draft
    from .templates import detect_platforms

    try:
        draft = read_path(draft_path, config.max_file_size)
    except SourceError as exc:
        raise RecipientsError(f"{draft_path}: {exc}") from None
    path = Path(csv_path)
    if not path.is_file():
        raise RecipientsError(f"{csv_path}: no such file")
    try:
        report_template = lint_draft(draft, config)
    except ContextError as exc:
        raise RecipientsError(str(exc)) from None
    compiled = {f.name: compile_field(f) for f in draft.fields}
    tokens = [s.tok for segs in compiled.values() for s in segs if s.tok is not None]
    report = RecipientsReport(draft.path, csv_path, platforms=detect_platforms(tokens),
                              warnings=list(draft.warnings), template=report_template)
    counter = [0]
    reader = csv.reader(_open_rows(path, counter))
    header = next(reader, None)
    if not header:
        raise RecipientsError(f"{csv_path}: empty file (a header row naming the columns is needed)")
    keys = [_key(h) for h in header]
    columns = set(keys)
    id_index = next((keys.index(k) for k in ID_COLUMNS if k in keys), None)
    report.missing_columns = sorted({t.raw for t in tokens if t.kind == "field" and t.name
                                     and _key(t.name) not in columns and not t.raw.startswith("%%=")})
    cache: OrderedDict[bytes, _Compact] = OrderedDict()
    total = path.stat().st_size
    with _progress(progress, total) as advance:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            row = {k: v for k, v in zip(keys, values)}
            context = _context_for(draft.context, row)
            keep = frozenset(v.lower() for k in ("owned_products", "audience") for v in context.get(k, ()))
            rendered = {f.name: render_field(f, compiled[f.name], row, columns, keep) for f in draft.fields}
            digest = hashlib.blake2b(digest_size=16)
            for name in rendered:
                digest.update(name.encode() + b"\0" + "".join(p[1] for p in rendered[name]).encode() + b"\0")
            digest.update(repr(sorted(context.items())).encode())
            key = digest.digest()
            found = cache.get(key)
            if found is None:
                try:
                    result = lint_draft(variant_draft(draft, rendered, context), config)
                except ContextError as exc:
                    raise RecipientsError(f"{csv_path}: row {number}: {exc}") from None
                found = tuple((f.code, f.name, int(f.severity), f.location.line, f.location.column,
                               f.message, f.field, f.start) for f in result.findings
                              if f.code not in TEMPLATE_RULES)
                report.variants += 1
                cache[key] = found
                if len(cache) > CACHE_SIZE:
                    cache.popitem(last=False)
            else:
                cache.move_to_end(key)
            report.rows += 1
            ident = values[id_index] if id_index is not None and id_index < len(values) else ""
            _add(report, draft, found, number, ident, rendered)
            if report.rows % 256 == 0:
                advance(counter[0])
        advance(counter[0])
    return report


def _add(report: RecipientsReport, draft: Draft, found: _Compact, number: int, ident: str,
         rendered: dict[str, list[Piece]]) -> None:
    seen: set[str] = set()
    for code, name, sev, line, col, message, fname, start in found:
        rule = report.rules.get(code)
        if rule is None:
            rule = report.rules[code] = RuleResult(code, name, Severity(sev))
        if code not in seen:
            seen.add(code)
            rule.recipients += 1
            if len(rule.examples) < EXAMPLES:
                rule.examples.append({"row": number, "id": ident, "line": line, "column": col,
                                      "message": message, "rendered": _snippet(draft, rendered, fname, start)})
        loc = (line, col, message)
        if loc in rule.locations or len(rule.locations) < LOCATIONS:
            rule.locations[loc] = rule.locations.get(loc, 0) + 1


def _snippet(draft: Draft, rendered: dict[str, list[Piece]], name: str, src: int) -> str:
    """What this recipient reads around the finding (rendered text, one line)."""
    f, pieces = draft.field(name), rendered.get(name, [])
    if f is None:
        return ""
    pos, at = 0, 0
    for shown, _, start, end, copied in pieces:
        a, b = f.map.to_source(start, end)
        if a <= src < max(b, a + 1):
            at = pos + (min(src - a, len(shown)) if copied else 0)
            break
        pos += len(shown)
    text = "".join(p[0] for p in pieces)
    lo = max(0, at - 30)
    window = " ".join(text[lo:at + 50].split())
    return ("…" if lo else "") + window + ("…" if at + 50 < len(text) else "")


class _progress:
    """A rich progress bar on stderr (only when stderr is a terminal, unless forced)."""

    def __init__(self, enabled: bool | None, total: int) -> None:
        self.enabled, self.total, self.bar = enabled, total, None

    def __enter__(self) -> Callable[[int], None]:
        from rich.console import Console

        console = Console(stderr=True)
        if self.enabled is False or (self.enabled is None and not console.is_terminal):
            return lambda done: None
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("rendering recipients"), BarColumn(), DownloadColumn(),
                            TimeRemainingColumn(), console=console, transient=False)
        self.bar.start()
        task = self.bar.add_task("render", total=self.total)
        return lambda done: self.bar.update(task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def run(paths: list[str], recipients: str, config: Config, fmt: str, color: bool) -> tuple[str, int | None]:
    """CLI entry: (rendered report, worst severity as int or None). Raises RecipientsError."""
    from .reporters.recipients import render as render_report

    if len(paths) != 1 or paths[0] == "-":
        raise RecipientsError("--recipients takes exactly one draft file")
    report = lint_recipients(paths[0], recipients, config)
    severities = [r.severity for r in report.rules.values()] + [f.severity for f in report.template.findings]
    return render_report(report, fmt, color), max(severities, default=None)
