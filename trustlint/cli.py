"""The command line: options -> lint -> reporter -> exit code. Imports no spaCy at top level.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error or an
input that could not be read (reported, while the other files are still linted).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

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
    typer.echo(f"trustlint: error: {message}", err=True)
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
    format: str = typer.Option("terminal", "--format", "-f", help="terminal or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Lowest severity that fails: error, warning, info."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Rule codes or prefixes to run (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Rule codes or prefixes to skip (comma-separated)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: nearest .trustlint.toml or pyproject.toml)."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Force colour on or off (default: when a terminal)."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes for large runs (0: all cores; 1: none). Same output either way."),
) -> None:
    """Lint drafts and report findings and trust scores."""
    from dataclasses import replace

    from .config import ConfigError, load_config
    from .findings import Severity
    from .reporters import FORMATS

    if format not in FORMATS:
        raise _fail(f"unknown format '{format}' (choose from {', '.join(FORMATS)})")
    try:
        cfg = load_config(config)
        if fail_on:
            cfg = replace(cfg, fail_on=Severity.parse(fail_on))
        if select:
            cfg = replace(cfg, select=_split(select))
        if ignore:
            cfg = replace(cfg, ignore=cfg.ignore + _split(ignore))
    except (ConfigError, ValueError) as exc:
        raise _fail(str(exc)) from None

    from .lexicon import LexiconError
    from .reporters import render
    from .runner import lint_paths

    try:
        report = lint_paths(paths, cfg, jobs=jobs)
    except (LexiconError, RuntimeError) as exc:
        raise _fail(str(exc)) from None
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    text = render(format, report, color=use_color)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise _fail(f"{output}: cannot write report: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    for err in report.errors:
        if format != "terminal" or output is not None:
            typer.echo(f"trustlint: error: {err.path}: {err.message}", err=True)
    if report.errors:
        raise typer.Exit(EXIT_USAGE)
    worst = report.max_severity()
    raise typer.Exit(EXIT_FINDINGS if worst is not None and worst >= cfg.fail_on else EXIT_OK)


@app.command()
def rules(
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """List every rule: code, name, severity, component and summary."""
    from .rules import all_rules

    all_ = all_rules()
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

    rule = get_rule(code)
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


def _example(text: str) -> str:
    return "  - " + text.replace("\n", "\n    ")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
