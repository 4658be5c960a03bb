"""Helpers of the streaming reporters (see trustlint.app.stream): results split from errors,
nested JSON, and a spool for the parts of a report written after the files."""
from __future__ import annotations

import tempfile
from typing import Any, Callable, Iterable, Iterator

from ..report import FileError, FileReport
from . import jsontext


def split(results: Iterable[FileReport | FileError], errors: list[FileError]) -> Iterator[FileReport]:
    """The FileReports of `results`, in order; FileErrors are appended to `errors` (reporters
    list them after every file)."""
    for r in results:
        if isinstance(r, FileError):
            errors.append(r)
        else:
            yield r


def dump(value: Any, depth: int) -> str:
    """json.dumps(value, indent=2) as it appears nested `depth` levels deep (reporters.jsontext:
    the same text, without the standard library's pure-Python indenting encoder)."""
    return jsontext.dumps(value, depth)


class Spool:
    """Text written now and read back once, in a temporary file beyond 4 MB (flat memory)."""

    def __init__(self) -> None:
        self._fh = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024, mode="w+", encoding="utf-8")
        self.empty = True

    def write(self, text: str) -> None:
        self._fh.write(text)
        self.empty = False

    def copy_to(self, write: Callable[[str], None]) -> None:
        self._fh.seek(0)
        while True:
            chunk = self._fh.read(1 << 20)
            if not chunk:
                break
            write(chunk)
        self._fh.close()
