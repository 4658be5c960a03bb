"""Runs lint_one_path over many files, in this process or in a pool of worker processes.

Workers are forked after the parent has built the spaCy pipeline and the matchers, so each
starts warm (the initializer only checks the cache); where fork is unavailable they are
spawned and the initializer builds the pipeline once per worker. Results come back in input
order (imap), so the report is identical to a serial run. Runs of fewer than MIN_PARALLEL
files, stdin, and jobs=1 never pay for a pool.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Any, Iterator

from .config import Config
from .source import STDIN

MIN_PARALLEL = 48  # below this, starting workers costs more than it saves (~2.5 ms per draft)

_worker: dict[str, Any] = {}


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int | None) -> int:
    """jobs <= 0 or None means all usable cores."""
    return cpu_count() if not jobs or jobs <= 0 else jobs


def _init(config: Config, readability: bool) -> None:
    from . import nlp

    nlp.compiled(config.model, config.lexicons)
    _worker["config"], _worker["readability"] = config, readability


def _lint(path: str) -> Any:
    from .runner import lint_one_path

    return lint_one_path(path, _worker["config"], _worker["readability"])


def map_paths(paths: list[str], config: Config, readability: bool = False, jobs: int | None = 1) -> Iterator[Any]:
    """lint_one_path for each path, in order."""
    from .runner import lint_one_path

    jobs = min(resolve_jobs(jobs), len(paths))
    if jobs <= 1 or len(paths) < MIN_PARALLEL or STDIN in paths:
        for path in paths:
            yield lint_one_path(path, config, readability)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunksize = max(1, min(32, len(paths) // (jobs * 8)))
    with ctx.Pool(jobs, initializer=_init, initargs=(config, readability)) as pool:
        yield from pool.imap(_lint, paths, chunksize)
