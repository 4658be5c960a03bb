"""Runs a worker function (the runner's lint_one_path) over many files, in this process or in
a pool of worker processes. The caller passes the function; nothing here knows how to lint.

Workers are forked after the parent has built the spaCy pipeline and the matchers, so each
starts warm (the caller's `warm` only checks the cache); where fork is unavailable, or unsafe
because this process runs other threads (see start_method), they come from a fork server or are
spawned, and `warm` builds the pipeline once per worker. With --jobs N this process runs
every Nth chunk itself beside N - 1 workers. Results come back in input order, so the
report is identical to a serial run. Runs of fewer than MIN_PARALLEL
files, stdin, and jobs=1 never pay for a pool.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from typing import Any, Callable, Iterator, TypeVar

from ..config import Config
from ..source.reading import STDIN

R = TypeVar("R")

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


def start_method() -> str:
    """fork (warm workers) when this process runs no other thread; else forkserver or spawn.
    A fork copies every lock another thread holds at that moment (a logging, import or
    allocator lock) into a child with no thread to release it: the worker then waits forever.
    The CLI is single-threaded; a library caller with threads (a server, a Dask worker, a test
    run that started servers) gets workers from a clean process instead, each built cold."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _die_with_parent() -> None:
    """In a worker: ignore Ctrl-C (the parent stops the pool, so no worker prints a traceback),
    and on Linux get SIGTERM when the parent dies, even by SIGKILL, so no worker is orphaned.
    SIGTERM keeps (or gets back) its default action: it is how Pool.terminate() ends a worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
            if os.getppid() == 1:  # the parent died before prctl took effect
                os._exit(1)
        except (OSError, AttributeError):
            pass


class _TerminateOnSigterm:
    """While the pool runs, SIGTERM to the parent raises SystemExit, so leaving the `with`
    block terminates the workers (the default action would end the parent alone)."""

    def __enter__(self) -> None:
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, self._raise)

    @staticmethod
    def _raise(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


class WorkerStartError(RuntimeError):
    """A worker could not build what the parent had built (a lexicon or model that failed to
    load in the worker only: changed on disk since, or a memory error). The run stops with one
    line (a RuntimeError, as the CLI reports it) instead of the pool restarting the worker for ever."""


def _init(work: Callable[[str, Config], Any], warm: Callable[[list[Config]], None] | None,
          configs: list[Config]) -> None:
    _die_with_parent()
    _worker["work"], _worker["configs"], _worker["error"] = work, configs, None
    if warm is not None:
        # An initializer that raises ends the worker and Pool starts another, which raises
        # again: the run would spin for ever. Keep the error; the worker's first task reports it.
        try:
            warm(configs)
        except Exception as exc:
            _worker["error"] = f"a worker process could not start: {exc}"


def _run(task: tuple[str, int]) -> Any:
    path, index = task
    return _worker["work"](path, _worker["configs"][index])


def _run_chunk(tasks: list[tuple[str, int]]) -> list[Any]:
    if _worker.get("error"):
        raise WorkerStartError(_worker["error"])
    return [_run(t) for t in tasks]


def map_paths(work: Callable[[str, Config], R], items: list[tuple[str, Config]], jobs: int | None = 1,
              warm: Callable[[list[Config]], None] | None = None) -> Iterator[R]:
    """work(path, config) for each (path, config), in order. `work` and `warm` must be
    module-level functions (or partials of them) so a spawned worker can unpickle them;
    `warm(configs)` runs once in each worker before its first task.

    With jobs = N > 1 this process is one of the N: it runs every Nth chunk of files itself
    and N - 1 forked workers run the others, so no process sits idle holding a whole
    pipeline (a warm process is ~110 MB). At most a few chunks per worker are handed out
    ahead of the one being reported, so results waiting to be reported stay bounded."""
    jobs = min(resolve_jobs(jobs), len(items))
    if jobs <= 1 or len(items) < MIN_PARALLEL or any(path == STDIN for path, _ in items):
        for path, config in items:
            yield work(path, config)
        return
    configs: list[Config] = []
    index: dict[int, int] = {}  # configs are not hashable (they hold dicts): dedupe by identity
    tasks = []
    for path, config in items:
        if id(config) not in index:
            index[id(config)] = len(configs)
            configs.append(config)
        tasks.append((path, index[id(config)]))
    size = max(1, min(32, len(tasks) // (jobs * 8)))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    mine = [i % jobs == 0 for i in range(len(chunks))]  # this process runs chunks 0, N, 2N, ...
    window = 4 * (jobs - 1)  # worker chunks handed out and not yet reported
    ctx = multiprocessing.get_context(start_method())
    # The pool first, then the SIGTERM handler: a worker must keep SIGTERM's default action, which
    # Pool.terminate() relies on. A worker that inherited the parent's handler could miss it and
    # wait forever on the task queue's lock, which terminate() holds (seen: a --jobs run hung
    # in Pool.terminate joining such a worker).
    with ctx.Pool(jobs - 1, initializer=_init, initargs=(work, warm, configs)) as pool, _TerminateOnSigterm():
        try:
            handed: dict[int, Any] = {}
            ahead = 0  # next chunk to consider handing out
            for i, chunk in enumerate(chunks):
                while ahead < len(chunks) and len(handed) < window:
                    if not mine[ahead]:
                        handed[ahead] = pool.apply_async(_run_chunk, (chunks[ahead],))
                    ahead += 1
                if mine[i]:
                    for path, k in chunk:
                        yield work(path, configs[k])
                else:
                    yield from handed.pop(i).get()
        except BaseException:  # Ctrl-C, SIGTERM, or the caller stopped early: end the workers now
            pool.terminate()
            raise
