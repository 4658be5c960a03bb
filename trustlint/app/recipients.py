"""Per-recipient rendering: `trustlint check DRAFT --recipients contacts.csv`.

Each CSV row is substituted into the draft's merge tokens (fallbacks honoured; if/else blocks
evaluated by a tiny evaluator of field presence and equality: no template engine runs, no
template code executes), and every rendered variant is linted. A token whose column is not in
the file is left raw, as most platforms send it; TL507 then reports it (rendering itself is
trustlint.source.render). The row's
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
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ..config import Config
from ..findings import Severity
from ..source.render import Piece, column_key, compile_field, render_field, variant_draft
from ..source.reading import read_path
from ..source.draft import Draft, SourceError
from ..context import ContextError
from . import runner
from ..source.templates import detect_platforms
from ..findings import Finding
from ..report import Report
from ..rules import get_rule
from ..findings import Location
from ..findings import Component
from . import baseline as baselines
from ..reporters import render
from ..reporters.recipients import render as render_table
from ..reporters.recipients import as_json

#: rules about template syntax: reported once by the template lint, not per rendered variant
TEMPLATE_RULES = frozenset({"TL501", "TL502", "TL503"})
CACHE_SIZE = 4096
EXAMPLES = 3
LOCATIONS = 5
CONTEXT_COLUMNS = {"ownedproducts": "owned_products", "audience": "audience"}
ID_COLUMNS = ("email", "emailaddress", "id", "contactid", "customerid", "subscriberid", "leadid")


class RecipientsError(Exception):
    """A recipients file that cannot be used (the message is one line)."""


# ---------------------------------------------------------------- aggregation

@dataclass
class RuleResult:
    code: str
    name: str
    severity: Severity
    recipients: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)
    locations: dict[tuple[int, int, str], int] = field(default_factory=dict)  # (line, col, message) -> rows
    spans: dict[tuple[int, int, str], tuple[str, int]] = field(default_factory=dict)  # -> (field, source offset)


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


def _open_rows(path: Path, counter: list[int], warnings: list[str] | None = None) -> Iterator[str]:
    """Lines of the CSV, counting bytes read for the progress bar (the file is streamed).

    UTF-8 (BOM optional) and UTF-16/32 with a BOM are decoded; bytes that are not valid in the
    encoding become U+FFFD and the report says how many lines had them."""
    import codecs

    with path.open("rb") as fh:
        head = fh.read(4)
        encoding = "utf-8-sig"
        for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
            if head.startswith(bom):
                encoding = name
                if warnings is not None:
                    warnings.append(f"{path.name}: not UTF-8: decoded as {name.upper()} (byte-order mark)")
                break
        fh.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        bad = 0
        pending = ""
        for raw in iter(lambda: fh.read(1 << 16), b""):
            counter[0] += len(raw)
            text = pending + decoder.decode(raw)
            lines = text.splitlines(keepends=True)
            pending = lines.pop() if lines and not lines[-1].endswith(("\n", "\r")) else ""
            for line in lines:
                if "\ufffd" in line:
                    bad += 1
                yield line
        tail = pending + decoder.decode(b"", final=True)
        if tail:
            bad += "\ufffd" in tail
            yield tail
        if bad and warnings is not None:
            warnings.append(f"{path.name}: {bad} line(s) are not valid {encoding.split('-sig')[0].upper()}: "
                            "undecodable bytes shown as U+FFFD (re-save the file as UTF-8)")


def lint_recipients(draft_path: str, csv_path: str, config: Config,
                    progress: bool | None = None) -> RecipientsReport:
    """Render the draft for every row of the CSV, lint each distinct variant, aggregate per rule."""
    try:
        draft = read_path(draft_path, config.max_file_size)
    except SourceError as exc:
        raise RecipientsError(f"{draft_path}: {exc}") from None
    path = Path(csv_path)
    if not path.is_file():
        raise RecipientsError(f"{csv_path}: no such file")
    try:
        report_template = runner.lint_draft(draft, config)
    except ContextError as exc:
        raise RecipientsError(str(exc)) from None
    compiled = {f.name: compile_field(f) for f in draft.fields}
    tokens = [s.tok for segs in compiled.values() for s in segs if s.tok is not None]
    report = RecipientsReport(draft.path, csv_path, platforms=detect_platforms(tokens),
                              warnings=list(draft.warnings), template=report_template)
    counter = [0]
    csv_warnings: list[str] = []
    csv.field_size_limit(max(131072, config.max_file_size))  # one field may be as large as a draft
    reader = csv.reader(_open_rows(path, counter, csv_warnings))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise RecipientsError(f"{csv_path}: line 1: {exc}") from None
    if not header:
        raise RecipientsError(f"{csv_path}: empty file (a header row naming the columns is needed)")
    keys = [column_key(h) for h in header]
    columns = set(keys)
    id_index = next((keys.index(k) for k in ID_COLUMNS if k in keys), None)
    report.missing_columns = sorted({t.raw for t in tokens if t.kind == "field" and t.name
                                     and column_key(t.name) not in columns and not t.raw.startswith("%%=")})
    cache: OrderedDict[bytes, _Compact] = OrderedDict()
    total = path.stat().st_size
    short = long = 0
    rows = _rows(reader, csv_path)
    with _progress(progress, total) as advance:
        for number, values in rows:
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(keys):
                short += len(values) < len(keys)
                long += len(values) > len(keys)
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
                    result = runner.lint_draft(variant_draft(draft, rendered, context), config)
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
    if short:
        csv_warnings.append(f"{path.name}: {short} row(s) have fewer fields than the header (missing values are empty)")
    if long:
        csv_warnings.append(f"{path.name}: {long} row(s) have more fields than the header (extra values ignored)")
    if rows.unterminated:
        csv_warnings.append(f"{path.name}: a quoted field is never closed (from line {rows.unterminated}): "
                            "the rest of the file was read as one value")
    report.warnings.extend(csv_warnings)
    return report


class _rows:
    """(line number, values) of the CSV rows; a csv.Error becomes a RecipientsError naming the line."""

    def __init__(self, reader: Any, csv_path: str) -> None:
        self.reader, self.csv_path, self.unterminated = reader, csv_path, 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        last: tuple[int, list[str]] | None = None
        while True:
            start = self.reader.line_num + 1
            try:
                values = next(self.reader)
            except StopIteration:
                # an unclosed quote swallows the rest of the file, line ends included, into the
                # last row (a closed multi-line field does not end with the line break)
                if last is not None and any(v.endswith(("\n", "\r")) for v in last[1]):
                    self.unterminated = last[0]
                return
            except csv.Error as exc:
                raise RecipientsError(f"{self.csv_path}: line {start}: {exc}") from None
            last = (start, values)
            yield start, values


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
            rule.spans.setdefault(loc, (fname, start))


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


def as_report(rr: RecipientsReport, config: Config) -> Any:
    """The recipients run as an ordinary Report, so every --format, --baseline and
    --write-baseline works on it: one file (the draft) whose findings are the template's own
    plus one per rule and location found in the rendered variants, its message ending with how
    many recipients get it."""
    from dataclasses import replace


    fr = rr.template
    extra = []
    draft_location = _locator(fr)
    for r in sorted(rr.rules.values(), key=lambda r: r.code):
        rule = get_rule(r.code, config.lexicons)
        for (line, col, message), n in r.locations.items():
            fname, start = r.spans.get((line, col, message), ("body", 0))
            share = f"{n} of {rr.rows} recipient(s)"
            extra.append(Finding(
                code=r.code, name=r.name, severity=r.severity,
                component=rule.component if rule is not None else _component(fr, r.code),
                field=fname, start=start, end=start, location=draft_location(start, line, col),
                message=f"{message} ({share})", suggestion=rule.suggestion if rule is not None else "",
                excerpt=message[:120]))
    findings = tuple(sorted(fr.findings + tuple(extra), key=lambda f: f.sort_key))
    return Report((replace(fr, findings=findings, warnings=tuple(rr.warnings)),))


def _locator(fr: Any) -> Callable[[int, int, int], Any]:
    return lambda start, line, col: Location(line, col, line, col)


def _component(fr: Any, code: str) -> Any:
    return next((f.component for f in fr.findings if f.code == code), Component.RELIABILITY)


def run(paths: list[str], recipients: str, config: Config, fmt: str, color: bool,
        baseline: Path | None = None, write_baseline: Path | None = None,
        lexicons: tuple[str, ...] = ()) -> tuple[str, int | None, list[str]]:
    """CLI entry: (rendered report, worst severity as int or None, notes for stderr).

    Raises RecipientsError, or baseline.BaselineError for a missing or invalid baseline."""
    if len(paths) != 1 or paths[0] == "-":
        raise RecipientsError("--recipients takes exactly one draft file")
    rr = lint_recipients(paths[0], recipients, config)
    report = as_report(rr, config)
    notes: list[str] = []
    if write_baseline is not None:
        n = baselines.write(report, write_baseline)
        notes.append(f"trustlint: recorded {n} finding(s) in {write_baseline}")
    if baseline is not None:
        report, hidden = baselines.apply(report, baseline)
        if hidden:
            notes.append(f"trustlint: {hidden} finding(s) hidden by baseline {baseline}")
        kept = {(f.code, f.location.line, f.location.column) for f in report.findings}
        for code in list(rr.rules):
            r = rr.rules[code]
            r.locations = {loc: n for loc, n in r.locations.items() if (code, loc[0], loc[1]) in kept}
            if not r.locations:
                del rr.rules[code]
        rr.template = replace_findings(rr.template, tuple(f for f in rr.template.findings
                                                          if (f.code, f.location.line, f.location.column) in kept))
    worst = report.max_severity()
    if fmt == "terminal":
        text = render_table(rr, fmt, color)
    elif fmt == "json":
        text = as_json(report, rr)
    else:
        text = render(fmt, report, color=color, lexicons=lexicons)
    return text, (int(worst) if worst is not None else None) if write_baseline is None else None, notes


def replace_findings(fr: Any, findings: tuple[Any, ...]) -> Any:
    from dataclasses import replace

    return replace(fr, findings=findings)
