"""The check mode: lint the paths (buffered, or streamed file by file), apply or write a
baseline, or lint every recipient's rendering (trustlint.app.recipients); write the report;
return the exit code (the policy is trustlint.app.exits). The CLI only parses options into
CheckOptions and prints what `echo` is given.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Protocol

from ..config import Config, ConfigError, ConfigResolver
from ..escape import terminal as esc
from ..findings import Severity
from ..nlp.lexicon import LexiconError
from ..reporters import FORMATS, READABILITY_FORMATS, render
from ..reporters.statistics import render as stats
from ..safeio import atomic_write
from ..source.reading import iter_paths
from . import baseline as baselines
from .catalog import RuleCatalog
from .exits import exit_code
from .runner import iter_results, lint_paths
from .stream import STREAM_FORMATS, stream_to


class UsageError(Exception):
    """Reported as one line, `trustlint: error: <message>`, with exit code 2."""


class Echo(Protocol):
    def __call__(self, message: str, nl: bool = True, err: bool = False) -> None: ...


@dataclass(frozen=True)
class CheckOptions:
    paths: list[str]
    format: str = "terminal"
    output: Path | None = None
    config: Path | None = None
    fail_on: str | None = None
    fail_under: float | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: Path | None = None
    write_baseline: Path | None = None
    statistics: bool = False
    exit_zero: bool = False
    color: bool | None = None
    recipients: Path | None = None
    jobs: int = 0
    no_cache: bool = False

    def overrides(self, cfg: Config) -> Config:
        """The command-line settings over a file's config."""
        if self.fail_on:
            cfg = replace(cfg, fail_on=Severity.parse(self.fail_on))
        if self.fail_under is not None:
            if not 0 <= self.fail_under <= 30:
                raise ValueError("--fail-under must be a number from 0 to 30 (the trust score T)")
            cfg = replace(cfg, fail_under=self.fail_under)
        if self.select:
            cfg = replace(cfg, select=self.select)
        return replace(cfg, ignore=cfg.ignore + self.ignore) if self.ignore else cfg

    def use_color(self) -> bool:
        return self.color if self.color is not None else (self.output is None and sys.stdout.isatty())

    @property
    def for_humans(self) -> bool:
        """The terminal report on stdout: statistics follow it there, errors are in it."""
        return self.format == "terminal" and self.output is None


def check(opts: CheckOptions, echo: Echo) -> int:
    """Run `trustlint check`; messages go through `echo`. Raises UsageError."""
    if opts.format not in FORMATS:
        raise UsageError(f"unknown format '{opts.format}' (choose from {', '.join(FORMATS)})")
    resolver = ConfigResolver(opts.config, opts.overrides)
    try:
        resolver.check_all(p for p, problem in iter_paths(list(opts.paths)) if not problem)
    except (ConfigError, LexiconError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    if opts.recipients is not None:
        return _recipients(opts, resolver, echo)
    if opts.format in STREAM_FORMATS and opts.baseline is None and opts.write_baseline is None:
        return _streamed(opts, resolver, echo)
    return _buffered(opts, resolver, echo)


def _recipients(opts: CheckOptions, resolver: ConfigResolver, echo: Echo) -> int:
    # Lazy on purpose (tests/test_imports.py LAZY): the recipients machinery (CSV, variants,
    # rendering) loads only with --recipients.
    from .recipients import RecipientsError, run as run_recipients

    try:
        cfg = resolver.for_path(opts.paths[0])
        text, worst, notes = run_recipients(opts.paths, str(opts.recipients), cfg, opts.format, opts.use_color(),
                                            baseline=opts.baseline, write_baseline=opts.write_baseline,
                                            lexicons=resolver.lexicons())
    except (RecipientsError, LexiconError, RuntimeError, baselines.BaselineError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{exc.filename or opts.write_baseline}: cannot write: {exc.strerror or exc}") from None
    _emit(text, opts.output)
    for note in notes:
        echo(note, err=True)
    return exit_code(False, worst is not None and worst >= cfg.fail_on, opts.exit_zero)


def _buffered(opts: CheckOptions, resolver: ConfigResolver, echo: Echo) -> int:
    try:
        report = lint_paths(opts.paths, resolver, readability=opts.format in READABILITY_FORMATS, jobs=opts.jobs,
                            cache=not opts.no_cache)
        if opts.write_baseline is not None:
            n = baselines.write(report, opts.write_baseline)
            echo(f"trustlint: recorded {n} finding(s) in {opts.write_baseline}", err=True)
        hidden = 0
        if opts.baseline is not None:
            report, hidden = baselines.apply(report, opts.baseline)
    except (LexiconError, RuntimeError, baselines.BaselineError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{exc.filename or opts.write_baseline}: cannot write: {exc.strerror or exc}") from None
    _emit(render(opts.format, report, color=opts.use_color()), opts.output)
    if opts.statistics:
        echo(stats(report), nl=False, err=not opts.for_humans)
    if hidden:
        echo(f"trustlint: {hidden} finding(s) hidden by baseline {opts.baseline}", err=True)
    for skip in report.skipped:
        echo(f"trustlint: skipped {esc(skip.path)}: {esc(skip.message)}", err=True)
    _tail(opts, echo, report.errors, ((fr.path, fr.failures()) for fr in report.files))
    return exit_code(bool(report.errors), report.failed() and opts.write_baseline is None, opts.exit_zero)


def _streamed(opts: CheckOptions, resolver: ConfigResolver, echo: Echo) -> int:
    """The streaming formats (trustlint.app.stream): the report is written file by file, so
    memory stays flat; the same output and exit codes as the buffered path."""
    def skipped(path: str, why: str) -> None:
        echo(f"trustlint: skipped {esc(path)}: {esc(why)}", err=True)

    try:
        results = iter_results(opts.paths, resolver, readability=False, jobs=opts.jobs, cache=not opts.no_cache,
                               on_skip=skipped)
        tally = stream_to(opts.format, results, opts.output, sys.stdout.write, color=opts.use_color(),
                          rules=RuleCatalog(resolver.lexicons()))
    except (LexiconError, RuntimeError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{opts.output or exc.filename}: cannot write report: {exc.strerror or exc}") from None
    if opts.statistics:
        echo(stats(tally), nl=False, err=not opts.for_humans)
    _tail(opts, echo, tally.errors, tally.failures)
    return exit_code(bool(tally.errors), tally.failed(), opts.exit_zero)


def _tail(opts: CheckOptions, echo: Echo, errors: Iterable[Any], failures: Iterable[tuple[str, list[str]]]) -> None:
    """After the report: read errors (when the report is not the terminal one, which lists
    them), and the drafts whose trust score is below fail-under."""
    for err in errors:
        if not opts.for_humans:
            echo(f"trustlint: error: {esc(err.path)}: {esc(err.message)}", err=True)
    for path, reasons in failures:
        for reason in reasons:
            if "trust score" in reason:
                echo(f"trustlint: {esc(path)}: {reason}", err=True)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        atomic_write(output, text)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write report: {exc.strerror or exc}") from None
