"""Orchestrates the stages for one draft or many: source -> nlp -> engine -> scoring -> Report."""
from __future__ import annotations

from typing import Iterable

from . import engine, nlp, parallel, scoring
from .config import Config, ConfigResolver
from .context import ContextError
from .report import FileError, FileReport, Report
from .source import Draft, SourceError, iter_paths, read_path
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
    """Lint one file; whatever goes wrong becomes a FileError naming it (the run goes on)."""
    try:
        draft = read_path(path, config.max_file_size)
        return lint_draft(draft, config, readability)
    except Exception as exc:
        return file_error(path, exc)


def file_error(path: str, exc: BaseException) -> FileError:
    """The one error path: any exception raised while handling one file, as a one-line FileError."""
    if isinstance(exc, (SourceError, ContextError)):
        return FileError(path, " ".join(str(exc).split()))
    if isinstance(exc, RecursionError):
        return FileError(path, "input too deeply nested to lint")
    if isinstance(exc, MemoryError):
        return FileError(path, "out of memory while linting this file (lower max-file-size)")
    if isinstance(exc, OSError):
        from .walk import os_reason

        return FileError(path, f"cannot read: {os_reason(exc)}")
    detail = " ".join(str(exc).split())[:200]  # a bug must not hide the other files' results
    return FileError(path, f"internal error while linting ({type(exc).__name__}: {detail}); "
                           "please report it with this file")


def lint_paths(paths: Iterable[str], config: Config | ConfigResolver | None = None,
               readability: bool = False, jobs: int | None = 1) -> Report:
    """Lint files and directories; unreadable inputs become errors and the rest still run.

    With a ConfigResolver each file gets the config nearest to it (and its per-file-ignores).
    `jobs` > 1 (or 0/None: all cores) lints large runs in a process pool; the report is the
    same as with jobs=1, in the same order. Small runs stay in this process.
    """
    config = config or Config()
    skipped: list[FileError] = []
    listed = list(iter_paths(list(paths), on_skip=lambda path, why: skipped.append(FileError(path, why))))
    todo = [(path, config.for_path(path)) for path, problem in listed if not problem]
    for model, lexicons in dict.fromkeys((cfg.model, cfg.lexicons) for _, cfg in todo):
        nlp.compiled(model, lexicons)  # lexicon and model errors surface here, once
    linted = parallel.map_paths(todo, readability, jobs)
    files: list[FileReport] = []
    errors: list[FileError] = []
    for path, problem in listed:
        result = FileError(path, problem) if problem else next(linted)
        (errors if isinstance(result, FileError) else files).append(result)
    return Report(tuple(files), tuple(errors), tuple(skipped))


def lint_text(text: str, config: Config | None = None, path: str = "<text>", readability: bool = False,
              fmt: str = "text") -> Report:
    """Lint a string (the library entry point); `fmt` is text, markdown, html, mjml, eml or
    template. Empty or invalid input is reported in errors."""
    from .formats import parse_draft

    config = config or Config()
    try:
        return Report((lint_draft(parse_draft(text, path, fmt), config.for_path(path), readability),))
    except Exception as exc:
        return Report(errors=(file_error(path, exc),))
