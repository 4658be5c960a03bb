"""Orchestrates the stages for one draft or many: source -> nlp -> engine -> scoring -> Report."""
from __future__ import annotations

from typing import Iterable

from . import engine, nlp, scoring
from .config import Config, ConfigResolver
from .context import ContextError
from .report import FileError, FileReport, Report
from .source import Draft, SourceError, iter_paths, parse_text, read_path
from .templates import detect_platforms


def lint_draft(draft: Draft, config: Config, readability: bool = False) -> FileReport:
    """Lint one already-read draft. Raises ContextError on invalid campaign context."""
    context = config.context.merged(draft.context, draft.path)
    doc = nlp.parse(draft, config.model, config.lexicons)
    findings, signals = engine.lint(doc, config, context)
    score = scoring.score([f for f in findings if not engine.is_meta(f.code)], signals, doc.stats)
    spans = {name: pf.field.map.to_source(0, len(pf.text)) for name, pf in doc.fields.items()}
    platforms = detect_platforms(t for _, t in doc.tokens)
    return FileReport(draft.path, tuple(findings), tuple(signals), score, doc.stats.as_dict(),
                      draft.source, spans, platforms, draft.warnings,
                      doc.readability if readability else {}, config.fail_on, config.fail_under)


def lint_one_path(path: str, config: Config, readability: bool = False) -> FileReport | FileError:
    try:
        draft = read_path(path, config.max_file_size)
        return lint_draft(draft, config, readability)
    except (SourceError, ContextError) as exc:
        return FileError(path, str(exc))
    except RecursionError:
        return FileError(path, "input too deeply nested to lint")


def lint_paths(paths: Iterable[str], config: Config | ConfigResolver | None = None,
               readability: bool = False) -> Report:
    """Lint files and directories; unreadable inputs become errors and the rest still run.

    With a ConfigResolver each file gets the config nearest to it (and its per-file-ignores).
    """
    config = config or Config()
    files: list[FileReport] = []
    errors: list[FileError] = []
    for path, problem in iter_paths(list(paths)):
        if problem:
            result: FileReport | FileError = FileError(path, problem)
        else:
            cfg = config.for_path(path)
            result = lint_one_path(path, cfg, readability)
        (errors if isinstance(result, FileError) else files).append(result)
    return Report(tuple(files), tuple(errors))


def lint_text(text: str, config: Config | None = None, path: str = "<text>", readability: bool = False) -> Report:
    """Lint a string (the library entry point). Empty or invalid input is reported in errors."""
    config = config or Config()
    try:
        return Report((lint_draft(parse_text(text, path), config.for_path(path), readability),))
    except (SourceError, ContextError) as exc:
        return Report(errors=(FileError(path, str(exc)),))
