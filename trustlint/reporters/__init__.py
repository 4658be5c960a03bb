"""Reporters: each module has render(report, options) -> str. Only reporters format.

Imported lazily by name so `trustlint --help` never pays for rich tables or jinja2.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

FORMATS = {
    "terminal": "trustlint.reporters.terminal",
    "json": "trustlint.reporters.json",
    "json-lines": "trustlint.reporters.json_lines",
    "sarif": "trustlint.reporters.sarif",
    "github": "trustlint.reporters.github",
    "junit": "trustlint.reporters.junit",
    "html": "trustlint.reporters.html",
    "markdown": "trustlint.reporters.markdown",
}

READABILITY_FORMATS = frozenset({"html"})  # reporters that show textstat figures (the runner computes them)


def get(name: str) -> Callable[..., str]:
    try:
        module = FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format '{name}' (choose from {', '.join(FORMATS)})") from None
    return import_module(module).render


def render(name: str, report: Any, **options: Any) -> str:
    return get(name)(report, **options)
