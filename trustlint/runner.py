"""Orchestrates the stages for one draft or many: source -> nlp -> engine -> scoring -> Report."""
from __future__ import annotations

from typing import Iterable

from . import engine, nlp, parallel, scoring
from .cache import ResultCache
from .config import Config, ConfigResolver
from .context import ContextError
from .report import FileError, FileReport, Report
from .source import STDIN, Draft, SourceError, iter_paths, read_path
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
    except (SourceError, ContextError) as exc:
        return FileError(path, str(exc))
    except RecursionError:
        return FileError(path, "input too deeply nested to lint")
    except MemoryError:
        return FileError(path, "out of memory while linting this file (lower max-file-size)")
    except Exception as exc:  # a bug must not hide the other files' results
        detail = " ".join(str(exc).split())[:200]
        return FileError(path, f"internal error while linting ({type(exc).__name__}: {detail}); "
                               "please report it with this file")


def lint_paths(paths: Iterable[str], config: Config | ConfigResolver | None = None,
               readability: bool = False, jobs: int | None = 1, cache: bool | ResultCache = False) -> Report:
    """Lint files and directories; unreadable inputs become errors and the rest still run.

    With a ConfigResolver each file gets the config nearest to it (and its per-file-ignores).
    `jobs` > 1 (or 0/None: all cores) lints large runs in a process pool; the report is the
    same as with jobs=1, in the same order. Small runs stay in this process. `cache` (True or
    a trustlint.cache.ResultCache) reuses the results of unchanged files: when every file
    hits, spaCy is not even imported.
    """
    config = config or Config()
    listed = list(iter_paths(list(paths)))
    todo = [(path, config.for_path(path)) for path, problem in listed if not problem]
    results: dict[int, FileReport | FileError] = {}
    keys: dict[int, tuple[str, tuple[int, int]]] = {}
    store = (cache if isinstance(cache, ResultCache) else ResultCache()) if cache else None
    if store is not None:
        for i, (path, cfg) in enumerate(todo):
            if path == STDIN:
                continue
            key = store.key(path, cfg, readability)
            if key is None:
                continue
            hit = store.get(cfg, key[0])
            if hit is not None:
                results[i] = hit
            else:
                keys[i] = key
    misses = [i for i in range(len(todo)) if i not in results]
    if misses:
        for model, lexicons in dict.fromkeys((todo[i][1].model, todo[i][1].lexicons) for i in misses):
            nlp.compiled(model, lexicons)  # lexicon and model errors surface here, once
        for i, result in zip(misses, parallel.map_paths([todo[i] for i in misses], readability, jobs)):
            results[i] = result
            if store is not None and i in keys and isinstance(result, FileReport):
                store.put(todo[i][1], keys[i][0], todo[i][0], keys[i][1], result)
    linted = (results[i] for i in range(len(todo)))
    files: list[FileReport] = []
    errors: list[FileError] = []
    for path, problem in listed:
        result = FileError(path, problem) if problem else next(linted)
        (errors if isinstance(result, FileError) else files).append(result)
    return Report(tuple(files), tuple(errors))


def lint_text(text: str, config: Config | None = None, path: str = "<text>", readability: bool = False,
              fmt: str = "text") -> Report:
    """Lint a string (the library entry point); `fmt` is text, markdown, html, mjml, eml or
    template. Empty or invalid input is reported in errors."""
    from .formats import parse_draft

    config = config or Config()
    try:
        return Report((lint_draft(parse_draft(text, path, fmt), config.for_path(path), readability),))
    except (SourceError, ContextError) as exc:
        return Report(errors=(FileError(path, str(exc)),))
