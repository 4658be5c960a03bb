"""Orchestrates the stages for one draft or many: source -> nlp -> engine -> scoring -> Report."""
from __future__ import annotations

from functools import partial
from typing import Callable, Iterable, Iterator

from ..config import Config, ConfigResolver
from ..context import ContextError
from ..report import FileError, FileReport, Report
from ..source import archives
from ..source.draft import Draft, SourceError
from ..source.formats import parse_draft
from ..source.reading import STDIN, read_path
from ..source.templates import detect_platforms
from ..source.walk import os_reason
from . import parallel
from .cache import ResultCache
from .catalog import RuleCatalog


def lint_draft(draft: Draft, config: Config, readability: bool = False) -> FileReport:
    """Lint one already-read draft. Raises ContextError on invalid campaign context."""
    # Lazy on purpose (tests/test_imports.py LAZY): the rules, nlp and scoring stages are
    # imported on the first lint, so a run where every file is a cache hit never loads them.
    from ..nlp import document as nlp
    from ..scoring import trust as scoring
    from . import engine

    context = config.context.merged(draft.context, draft.path)
    doc = nlp.parse(draft, config.model, config.lexicons)
    findings, signals = engine.lint(doc, config, context)
    score = scoring.score([f for f in findings if not engine.is_meta(f.code)], signals, doc.stats)
    spans = {name: pf.field.map.to_source(0, len(pf.text)) for name, pf in doc.fields.items()}
    platforms = detect_platforms(t for _, t in doc.distinct_tokens())
    return FileReport(draft.path, tuple(findings), tuple(signals), score, doc.stats,
                      draft.source, spans, platforms, draft.warnings,
                      doc.readability if readability else {}, config.fail_on, config.fail_under)


def warm(configs: list[Config]) -> None:
    """Build the pipeline and compiled lexicons of each config (once per process)."""
    from ..nlp import document as nlp  # lazy, as in lint_draft

    for model, lexicons in dict.fromkeys((c.model, c.lexicons) for c in configs):
        nlp.compiled(model, lexicons)


def lint_one_path(path: str, config: Config, readability: bool = False) -> FileReport | FileError:
    """Lint one file; whatever goes wrong becomes a FileError naming it (the run goes on)."""
    try:
        if archives.SEP in path and archives.is_member(path):
            draft = archives.read(path, config.max_file_size)
        else:
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
        return FileError(path, f"cannot read: {os_reason(exc)}")
    detail = " ".join(str(exc).split())[:200]  # a bug must not hide the other files' results
    return FileError(path, f"internal error while linting ({type(exc).__name__}: {detail}); "
                           "please report it with this file")


def lint_paths(paths: Iterable[str], config: Config | ConfigResolver | None = None,
               readability: bool = False, jobs: int | None = 1, cache: bool | ResultCache = False) -> Report:
    """Lint files and directories; unreadable inputs become errors and the rest still run.

    With a ConfigResolver each file gets the config nearest to it (and its per-file-ignores).
    `jobs` > 1 (or 0/None: all cores) lints large runs in a process pool; the report is the
    same as with jobs=1, in the same order. Small runs stay in this process. `cache` (True or
    a trustlint.app.cache.ResultCache) reuses the results of unchanged files: when every file
    hits, spaCy is not even imported.
    """
    skipped: list[FileError] = []
    files: list[FileReport] = []
    errors: list[FileError] = []
    for result in iter_results(paths, config, readability, jobs, cache,
                               on_skip=lambda path, why: skipped.append(FileError(path, why))):
        (errors if isinstance(result, FileError) else files).append(result)
    lexicons = config.lexicons() if isinstance(config, ConfigResolver) else (config or Config()).lexicons
    return Report(tuple(files), tuple(errors), tuple(skipped), RuleCatalog(lexicons))


def iter_results(paths: Iterable[str], config: Config | ConfigResolver | None = None,
                 readability: bool = False, jobs: int | None = 1,
                 cache: bool | ResultCache = False,
                 on_skip: Callable[[str, str], None] | None = None) -> Iterator[FileReport | FileError]:
    """lint_paths' results one at a time, in input order (FileReport or FileError), so a
    streaming reporter never holds them all (see trustlint.app.stream). What the walker leaves
    out on purpose goes to `on_skip(path, why)` before the first result."""
    config = config or Config()
    listed = list(archives.expand(list(paths), on_skip))  # iter_paths, with mbox/Maildir messages
    todo = [(path, config.for_path(path)) for path, problem in listed if not problem]
    store = (cache if isinstance(cache, ResultCache) else ResultCache()) if cache else None
    keys: list[tuple[str, tuple[int, int]] | None] = [None] * len(todo)
    cached = [False] * len(todo)
    if store is not None:
        for i, (path, cfg) in enumerate(todo):
            if path != STDIN:
                keys[i] = store.key(path, cfg, readability)
                cached[i] = keys[i] is not None and store.has(cfg, keys[i][0])
                store.misses += not cached[i]
    misses = [todo[i] for i in range(len(todo)) if not cached[i]]
    if misses:
        warm([cfg for _, cfg in misses])  # lexicon and model errors surface here, once
    linted = parallel.map_paths(partial(lint_one_path, readability=readability), misses, jobs, warm=warm)
    i = 0
    for path, problem in listed:
        if problem:
            yield FileError(path, problem)
            continue
        cfg, key = todo[i][1], keys[i]
        result = store.get(cfg, key[0]) if store is not None and key is not None and cached[i] else None
        if result is None:
            result = next(linted) if not cached[i] else lint_one_path(path, cfg, readability)
            if store is not None and key is not None and isinstance(result, FileReport):
                store.put(cfg, key[0], path, key[1], result)
        i += 1
        yield result


def lint_text(text: str, config: Config | None = None, path: str = "<text>", readability: bool = False,
              fmt: str = "text") -> Report:
    """Lint a string (the library entry point); `fmt` is text, markdown, html, mjml, eml or
    template. Empty or invalid input is reported in errors."""
    config = config or Config()
    try:
        return Report((lint_draft(parse_draft(text, path, fmt), config.for_path(path), readability),),
                      rules=RuleCatalog(config.lexicons))
    except Exception as exc:
        return Report(errors=(file_error(path, exc),), rules=RuleCatalog(config.lexicons))
