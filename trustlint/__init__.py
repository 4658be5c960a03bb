"""trustlint: a linter for marketing and sales copy, scored against the Trust Equation.

Library use::

    from trustlint import lint_text
    report = lint_text("Subject: RE: quick question\n\nAs we discussed, ...")
    for f in report.findings:
        print(f.code, f.location.line, f.message)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "lint_text", "lint_paths"]

if TYPE_CHECKING:
    from .config import Config, ConfigResolver
    from .report import Report


def lint_text(text: str, config: Config | None = None, path: str = "<text>", fmt: str = "text") -> Report:
    """Lint one draft given as text and return a Report (imports spaCy on first use).

    `fmt` is the draft's format: text, markdown, html, mjml, eml or template.
    """
    from .app.runner import lint_text as _lint_text

    return _lint_text(text, config, path, fmt=fmt)


def lint_paths(paths: list[str], config: Config | ConfigResolver | None = None, jobs: int | None = 1) -> Any:
    """Lint files and directories and return a Report. Pass `trustlint.config.ConfigResolver()`
    to give each file the config nearest to it, as the CLI does. jobs > 1 (0: all cores) lints
    large runs in a process pool, with the same report."""
    from .app.runner import lint_paths as _lint_paths

    return _lint_paths(paths, config, jobs=jobs)
