"""The command line: a thin typer layer. Each command parses its options and calls the module
that owns it (check, baseline and recipients: trustlint.app.check; exit codes:
trustlint.app.exits). A command's machinery is imported when that command runs, so --help,
rules and explain stay fast and never import spaCy.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .app.exits import EXIT_USAGE
from .escape import terminal
from .reporters import FORMATS

app = typer.Typer(
    name="trustlint",
    help="Lint marketing and sales copy for patterns that erode trust, and score it on the Trust Equation.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich-formatted help imports rich.markdown and friends (~0.15 s) on every --help.
    rich_markup_mode=None,
)



def _fail(message: str) -> typer.Exit:
    typer.echo(f"trustlint: error: {terminal(message)}", err=True)
    return typer.Exit(EXIT_USAGE)


def _split(values: Optional[List[str]]) -> tuple[str, ...]:
    return tuple(v.strip() for raw in values or [] for v in raw.split(",") if v.strip())


def _version(value: bool) -> None:
    if value:
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
    from .app.check import CheckOptions, UsageError
    from .app.check import check as run_check

    opts = CheckOptions(list(paths), format, output, config, fail_on, fail_under, _split(select), _split(ignore),
                        baseline, write_baseline, statistics, exit_zero, color, recipients, jobs, no_cache)
    try:
        code = run_check(opts, typer.echo)
    except UsageError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(code)


@app.command()
def clean(
    config: Optional[Path] = typer.Option(None, "--config", help="Config file whose cache-dir to clean."),
) -> None:
    """Remove the result and lexicon caches (the config's cache-dir, else the user cache folder)."""
    from .cachestore import cache_dir
    from .cachestore import clean as remove
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
    format: str = typer.Option("table", "--format", "-f", help="table, json or markdown (the full reference, as docs/rules.md)."),
) -> None:
    """List every rule (with the custom rules of the config found here): code, name, severity, summary."""
    from .rules import META_RULES, all_rules

    all_ = all_rules(_cwd_lexicons()) + META_RULES
    if format == "markdown":
        from .reporters.rule_docs import reference

        typer.echo(reference(all_), nl=False)
        return
    if format == "json":
        import json

        typer.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.label,
                                "component": r.component.value, "summary": r.summary} for r in all_], indent=2))
        return
    if format != "table":
        raise _fail(f"unknown format '{format}' (choose from table, json, markdown)")
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
        from .desk.serve import ServeError
        from .desk.serve import serve as run
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
