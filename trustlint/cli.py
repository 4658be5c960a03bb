"""The command line: options -> lint -> reporter -> exit code. Imports no spaCy at top level.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error or an
input that could not be read (reported, while the other files are still linted).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .reporters import FORMATS, READABILITY_FORMATS

app = typer.Typer(
    name="trustlint",
    help="Lint marketing and sales copy for patterns that erode trust, and score it on the Trust Equation.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich-formatted help imports rich.markdown and friends (~0.15 s) on every --help.
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> typer.Exit:
    from .escape import terminal

    typer.echo(f"trustlint: error: {terminal(message)}", err=True)
    return typer.Exit(EXIT_USAGE)


def _split(values: Optional[List[str]]) -> tuple[str, ...]:
    return tuple(v.strip() for raw in values or [] for v in raw.split(",") if v.strip())


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"trustlint {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """trustlint: T = (Credibility + Reliability + Intimacy) / Self-orientation."""


@app.command()
def check(
    paths: List[str] = typer.Argument(..., help="Files or directories to lint; '-' reads stdin."),
    format: str = typer.Option("terminal", "--format", "-f", help=f"Report format: {', '.join(FORMATS)}."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Lowest severity that fails: error, warning, info."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", help="Fail when a draft's trust score is below this."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Rule codes or prefixes to run (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Rule codes or prefixes to skip (comma-separated)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Config file for every draft (default: the nearest "
                                          ".trustlint.toml or pyproject.toml above each draft)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Report only findings not in this baseline file."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", help="Record the current findings here and exit 0."),
    statistics: bool = typer.Option(False, "--statistics", help="Also print the number of findings per code."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when findings fail (2 still means an error)."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Force colour on or off (default: when a terminal)."),
    recipients: Optional[Path] = typer.Option(None, "--recipients", help="CSV of recipients: render the draft for each row and lint every variant."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes for large runs (0: all cores; 1: none). Same output either way."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the result cache (see 'trustlint clean')."),
) -> None:
    """Lint drafts and report findings and trust scores."""
    from dataclasses import replace

    from .config import Config, ConfigError, ConfigResolver
    from .findings import Severity
    from .nlp.lexicon import LexiconError
    from .source.reading import iter_paths

    if format not in FORMATS:
        raise _fail(f"unknown format '{format}' (choose from {', '.join(FORMATS)})")

    def overrides(cfg: Config) -> Config:
        if fail_on:
            cfg = replace(cfg, fail_on=Severity.parse(fail_on))
        if fail_under is not None:
            if not 0 <= fail_under <= 30:
                raise ValueError("--fail-under must be a number from 0 to 30 (the trust score T)")
            cfg = replace(cfg, fail_under=fail_under)
        if select:
            cfg = replace(cfg, select=_split(select))
        return replace(cfg, ignore=cfg.ignore + _split(ignore)) if ignore else cfg

    resolver = ConfigResolver(config, overrides)
    try:
        resolver.check_all(p for p, problem in iter_paths(list(paths)) if not problem)
    except (ConfigError, LexiconError, ValueError) as exc:
        raise _fail(str(exc)) from None

    if recipients is not None:
        from .app.recipients import RecipientsError, run

        from .app.baseline import BaselineError

        try:
            cfg = resolver.for_path(paths[0])
            text, worst, notes = run(paths, str(recipients), cfg, format,
                                     color if color is not None else (output is None and sys.stdout.isatty()),
                                     baseline=baseline, write_baseline=write_baseline, lexicons=resolver.lexicons())
        except (RecipientsError, LexiconError, RuntimeError, BaselineError) as exc:
            raise _fail(str(exc)) from None
        except OSError as exc:
            raise _fail(f"{exc.filename or write_baseline}: cannot write: {exc.strerror or exc}") from None
        _emit(text, output)
        for note in notes:
            typer.echo(note, err=True)
        failed = worst is not None and worst >= cfg.fail_on
        raise typer.Exit(EXIT_FINDINGS if failed and not exit_zero else EXIT_OK)

    from .app import baseline as baselines
    from .reporters import render
    from .app.runner import lint_paths
    from .app.stream import STREAM_FORMATS

    if format in STREAM_FORMATS and baseline is None and write_baseline is None:
        _check_streamed(paths, resolver, format, output, jobs, no_cache, color, statistics, exit_zero)

    try:
        report = lint_paths(paths, resolver, readability=format in READABILITY_FORMATS, jobs=jobs,
                            cache=not no_cache)
        if write_baseline is not None:
            n = baselines.write(report, write_baseline)
            typer.echo(f"trustlint: recorded {n} finding(s) in {write_baseline}", err=True)
        hidden = 0
        if baseline is not None:
            report, hidden = baselines.apply(report, baseline)
    except (LexiconError, RuntimeError, baselines.BaselineError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.filename or write_baseline}: cannot write: {exc.strerror or exc}") from None
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    text = render(format, report, color=use_color, lexicons=resolver.lexicons())
    _emit(text, output)
    for_humans = format == "terminal" and output is None
    if statistics:
        from .reporters.statistics import render as stats

        typer.echo(stats(report), nl=False, err=not for_humans)
    if hidden:
        typer.echo(f"trustlint: {hidden} finding(s) hidden by baseline {baseline}", err=True)
    from .escape import terminal as esc

    for skip in report.skipped:
        typer.echo(f"trustlint: skipped {esc(skip.path)}: {esc(skip.message)}", err=True)
    for err in report.errors:
        if not for_humans:
            typer.echo(f"trustlint: error: {esc(err.path)}: {esc(err.message)}", err=True)
    for fr in report.files:
        for reason in fr.failures():
            if "trust score" in reason:
                typer.echo(f"trustlint: {esc(fr.path)}: {reason}", err=True)
    if report.errors:
        raise typer.Exit(EXIT_USAGE)
    failed = report.failed() and write_baseline is None
    raise typer.Exit(EXIT_FINDINGS if failed and not exit_zero else EXIT_OK)


def _check_streamed(paths: List[str], resolver, format: str, output: Optional[Path], jobs: int,
                    no_cache: bool, color: Optional[bool], statistics: bool, exit_zero: bool) -> None:
    """`check` for the streaming formats (trustlint.app.stream): the report is written file by
    file, so memory stays flat; the same output and exit codes as the buffered path."""
    from .nlp.lexicon import LexiconError
    from .app.runner import iter_results
    from .app.stream import stream_to

    from .escape import terminal as esc

    use_color = color if color is not None else (output is None and sys.stdout.isatty())

    def skipped(path: str, why: str) -> None:
        typer.echo(f"trustlint: skipped {esc(path)}: {esc(why)}", err=True)

    try:
        results = iter_results(paths, resolver, readability=False, jobs=jobs, cache=not no_cache,
                               on_skip=skipped)
        tally = stream_to(format, results, output, sys.stdout.write, color=use_color, lexicons=resolver.lexicons())
    except (LexiconError, RuntimeError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{output or exc.filename}: cannot write report: {exc.strerror or exc}") from None
    for_humans = format == "terminal" and output is None
    if statistics:
        from .reporters.statistics import render as stats

        typer.echo(stats(tally), nl=False, err=not for_humans)
    for err in tally.errors:
        if not for_humans:
            typer.echo(f"trustlint: error: {esc(err.path)}: {esc(err.message)}", err=True)
    for path, reasons in tally.failures:
        for reason in reasons:
            if "trust score" in reason:
                typer.echo(f"trustlint: {esc(path)}: {reason}", err=True)
    if tally.errors:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_FINDINGS if tally.failed() and not exit_zero else EXIT_OK)


def _emit(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from .safeio import atomic_write

    try:
        atomic_write(output, text)
    except OSError as exc:
        raise _fail(f"{output}: cannot write report: {exc.strerror or exc}") from None


@app.command()
def clean(
    config: Optional[Path] = typer.Option(None, "--config", help="Config file whose cache-dir to clean."),
) -> None:
    """Remove the result and lexicon caches (the config's cache-dir, else the user cache folder)."""
    from .cachestore import cache_dir, clean as remove
    from .config import ConfigError, load_config
    from .nlp.lexicon import LexiconError

    try:
        cfg = load_config(config) if config else load_config()
    except (ConfigError, LexiconError, ValueError) as exc:
        raise _fail(str(exc)) from None
    root = cache_dir(cfg)
    typer.echo(f"trustlint: removed cache {root}" if remove(root) else f"trustlint: no cache at {root}", err=True)


@app.command("config")
def show_config(
    path: Optional[Path] = typer.Argument(None, help="A draft or folder (default: the working directory)."),
    format: str = typer.Option("toml", "--format", "-f", help="toml or json."),
    config: Optional[Path] = typer.Option(None, "--config", help="Config file to show instead of discovering one."),
) -> None:
    """Print the effective configuration for a path, and the file it came from."""
    from .config import ConfigError, ConfigResolver
    from .config.show import render
    from .nlp.lexicon import LexiconError

    if format not in ("toml", "json"):
        raise _fail(f"unknown format '{format}' (choose from toml, json)")
    target = path or Path.cwd()
    if not target.exists():
        raise _fail(f"{target}: no such file or directory")
    try:
        cfg = ConfigResolver(config).for_path(str(target))
    except (ConfigError, LexiconError, ValueError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(render(cfg, format), nl=False)


@app.command()
def rules(
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """List every rule (with the custom rules of the config found here): code, name, severity, summary."""
    from .rules import META_RULES, all_rules

    all_ = all_rules(_cwd_lexicons()) + META_RULES
    if format == "json":
        import json

        typer.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.label,
                                "component": r.component.value, "summary": r.summary} for r in all_], indent=2))
        return
    if format != "table":
        raise _fail(f"unknown format '{format}' (choose from table, json)")
    from rich.console import Console
    from rich.table import Table

    table = Table("code", "name", "sev", "component", "summary", box=None, pad_edge=False)
    table.columns[1].no_wrap = True
    for r in all_:
        table.add_row(r.code, r.name, r.severity.letter, r.component.value, r.summary)
    Console(highlight=False, width=max(120, Console().width)).print(table)


@app.command()
def explain(code: str = typer.Argument(..., help="A rule code (TL302) or name (false-familiarity).")) -> None:
    """Explain a rule: what it detects, why it erodes trust, examples, what to write instead."""
    from .rules import get_rule

    rule = get_rule(code, _cwd_lexicons())
    if rule is None:
        raise _fail(f"unknown rule '{code}' (see 'trustlint rules')")
    doc = rule.doc
    out = [f"{rule.code} {rule.name} ({rule.severity.label}, {rule.component.value})", "", doc.summary, "",
           f"Why: {doc.why}"]
    if doc.source:
        out.append(f"Source: {doc.source}")
    if rule.context_keys:
        out.append(f"Depends on campaign context: {', '.join(rule.context_keys)}")
    if rule.options:
        out.append("Options: " + ", ".join(f"{k} = {v!r}" for k, v in rule.options.items()))
    out += ["", "Fires on:"] + [_example(e) for e in doc.fires]
    out += ["", "Passes:"] + [_example(e) for e in doc.passes]
    out += ["", f"Instead: {rule.suggestion}"]
    typer.echo("\n".join(out))


@app.command()
def serve(
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port to listen on (0: any free port)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: this machine only)."),
    no_open: bool = typer.Option(False, "--no-open", help="Do not open a browser; just print the URL."),
    config: Optional[Path] = typer.Option(None, "--config", help="Config file for every draft (default: found as check finds it)."),
) -> None:
    """The copywriter's desk: a local page that lints a draft as you type (needs trustlint[desk])."""
    try:
        from .desk.serve import ServeError, serve as run
    except ImportError as exc:
        raise _fail(f"{exc.name or exc}: not installed; pip install 'trustlint[desk]'") from None
    try:
        run(host=host, port=port, open_browser=not no_open, config=str(config) if config else None)
    except ServeError as exc:
        raise _fail(str(exc)) from None


@app.command()
def lsp(
    config: Optional[Path] = typer.Option(None, "--config", help="Config file for every draft (default: found as check finds it)."),
) -> None:
    """A language server over stdio: diagnostics, hover and suppressions in your editor (needs trustlint[desk])."""
    try:
        from .desk.lsp import main as run
    except ImportError as exc:
        raise _fail(f"{exc.name or exc}: not installed; pip install 'trustlint[desk]'") from None
    run(config=str(config) if config else None)


def _cwd_lexicons() -> tuple[str, ...]:
    """Extra lexicon folders of the config found from the working directory (custom rules)."""
    from .config import ConfigError, load_config
    from .nlp.lexicon import LexiconError

    try:
        return load_config().lexicons
    except (ConfigError, LexiconError, ValueError) as exc:
        raise _fail(str(exc)) from None


def _example(text: str) -> str:
    return "  - " + text.replace("\n", "\n    ")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C: no traceback (workers are stopped by trustlint.app.parallel)
        sys.stderr.write("trustlint: interrupted\n")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
