"""Linting archives too big for one machine on Dask (`pip install "trustlint[dask]"`).

trustlint has no scheduler of its own beyond `--jobs`: for a cluster, map `lint_location`
over a `dask.bag` of file paths or archive messages; each task calls `trustlint.lint_text`
on one draft, so workers need only trustlint installed. See docs/performance.md, "Mail archives on Dask".

    import dask.bag as db
    from distributed import Client
    from trustlint.app.on_dask import locations, lint_location

    client = Client("scheduler:8786")  # or distributed.LocalCluster()
    bag = db.from_sequence(locations(["sent.mbox", "campaigns/"]), npartitions=64)
    reports = bag.map(lint_location).compute()  # FileReport or FileError, in input order

The findings equal `trustlint check` on the same inputs with the same config (tested on a
LocalCluster); sidecar `.context.yml` files are not read (pass campaign context in config).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .. import lint_text
from ..config import Config
from ..report import FileError
from ..source import archives
from ..source.draft import SourceError
from ..source.reading import DRAFT_SUFFIXES, decode


def locations(paths: Iterable[str]) -> list[str]:
    """Every draft file and archive message under `paths`, in `trustlint check` order."""
    return [p if problem is None else f"{p}\0{problem}" for p, problem in archives.expand(list(paths))]


def read_location(location: str, max_bytes: int = 5 * 1024 * 1024) -> tuple[str, str, tuple[str, ...]]:
    """(text, format, decoding warnings) of a draft file or an archive message."""
    if archives.SEP in location and archives.is_member(location):
        draft = archives.read(location, max_bytes)
        return draft.source, "eml", tuple(draft.warnings)
    p = Path(location)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise SourceError(f"input is over the {max_bytes / 1048576:.1f} MB limit")
    text, warnings = decode(data, location)
    return text, DRAFT_SUFFIXES.get(p.suffix.lower(), "text"), warnings


def lint_location(location: str, config: Any = None) -> Any:
    """Lint one draft with trustlint.lint_text: a FileReport, or a FileError naming it."""
    if "\0" in location:
        path, problem = location.split("\0", 1)
        return FileError(path, problem)
    config = config or Config()
    try:
        text, fmt, _ = read_location(location, config.max_file_size)
    except SourceError as exc:
        return FileError(location, str(exc))
    report = lint_text(text, config, path=location, fmt=fmt)
    return report.files[0] if report.files else report.errors[0]
