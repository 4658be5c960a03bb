"""The recipients mode: `trustlint check DRAFT --recipients contacts.csv`.

Each CSV row is substituted into the draft's merge tokens (fallbacks honoured; if/else blocks
evaluated by a tiny evaluator of field presence and equality: no template engine runs, no
template code executes), and every rendered variant is linted. A token whose column is not in
the file is left raw, as most platforms send it; TL507 then reports it (rendering itself is
trustlint.source.render). The row's `owned_products` and `audience` columns become that
variant's campaign context (TL505).

The jobs are split: the file is streamed by trustlint.app.csvrows (never loaded whole);
identical variants are linted once (trustlint.app.variants); results are aggregated per rule,
with example rows, by trustlint.app.recipients_report; the bar is trustlint.app.progress.
Ordinary values (a capitalised name, a company, a number) are linted as the template lint's
mask word, so rows that differ only in such data share a variant; empty, odd (brackets,
"N/A", "test", lower-case names) or generic ("friend") values, and values naming the row's
own products or audience, are linted as written, because those are what change a finding.
Examples show real rows.
"""
from __future__ import annotations

import csv
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..config import Config
from ..context import ContextError
from ..reporters import render
from ..reporters.recipients import as_json
from ..reporters.recipients import render as render_table
from ..source.draft import SourceError
from ..source.reading import read_path
from ..source.render import column_key, compile_field, render_field, variant_draft
from ..source.templates import detect_platforms
from . import baseline as baselines
from . import runner
from .catalog import RuleCatalog
from .csvrows import CsvError, Rows, open_rows
from .progress import Progress
from .recipients_report import RecipientsReport, add, as_report, replace_findings
from .variants import CACHE_SIZE, VariantCache, compact, variant_key

#: rules about template syntax: reported once by the template lint, not per rendered variant
TEMPLATE_RULES = frozenset({"TL501", "TL502", "TL503"})
CONTEXT_COLUMNS = {"ownedproducts": "owned_products", "audience": "audience"}
ID_COLUMNS = ("email", "emailaddress", "id", "contactid", "customerid", "subscriberid", "leadid")


class RecipientsError(Exception):
    """A recipients file that cannot be used (the message is one line)."""


def _context_for(base: dict[str, Any], row: dict[str, str]) -> dict[str, Any]:
    ctx = dict(base)
    for key, name in CONTEXT_COLUMNS.items():
        if key in row:
            ctx[name] = [v.strip() for v in re.split(r"[;|,]", row[key]) if v.strip()]
    return ctx


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
    reader = csv.reader(open_rows(path, counter, csv_warnings))
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
    cache = VariantCache(CACHE_SIZE)
    total = path.stat().st_size
    short = long = 0
    rows = Rows(reader, csv_path)
    with Progress(progress, total) as advance:
        for number, values in _checked(rows):
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(keys):
                short += len(values) < len(keys)
                long += len(values) > len(keys)
            row = {k: v for k, v in zip(keys, values)}
            context = _context_for(draft.context, row)
            keep = frozenset(v.lower() for k in ("owned_products", "audience") for v in context.get(k, ()))
            rendered = {f.name: render_field(f, compiled[f.name], row, columns, keep) for f in draft.fields}
            key = variant_key(rendered, context)
            found = cache.get(key)
            if found is None:
                try:
                    result = runner.lint_draft(variant_draft(draft, rendered, context), config)
                except ContextError as exc:
                    raise RecipientsError(f"{csv_path}: row {number}: {exc}") from None
                found = compact(result.findings, skip=TEMPLATE_RULES)
                report.variants += 1
                cache.put(key, found)
            report.rows += 1
            ident = values[id_index] if id_index is not None and id_index < len(values) else ""
            add(report, draft, found, number, ident, rendered)
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


def _checked(rows: Iterable[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    """The rows, with a CSV error as a RecipientsError."""
    try:
        yield from rows
    except CsvError as exc:
        raise RecipientsError(str(exc)) from None


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
        text = render(fmt, replace(report, rules=RuleCatalog(lexicons)), color=color)
    return text, (int(worst) if worst is not None else None) if write_baseline is None else None, notes
