"""A recipients CSV, streamed: decoded line by line (never loaded whole, bytes counted for the
progress bar), then read as rows by the csv module with their line numbers."""
from __future__ import annotations

import codecs
import csv
from pathlib import Path
from typing import Any, Iterator


class CsvError(ValueError):
    """A CSV row the csv module cannot read (the message names the file and line)."""


def open_rows(path: Path, counter: list[int], warnings: list[str] | None = None) -> Iterator[str]:
    """Lines of the CSV, counting bytes read for the progress bar (the file is streamed).

    UTF-8 (BOM optional) and UTF-16/32 with a BOM are decoded; bytes that are not valid in the
    encoding become U+FFFD and the report says how many lines had them."""
    with path.open("rb") as fh:
        head = fh.read(4)
        encoding = "utf-8-sig"
        for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
            if head.startswith(bom):
                encoding = name
                if warnings is not None:
                    warnings.append(f"{path.name}: not UTF-8: decoded as {name.upper()} (byte-order mark)")
                break
        fh.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        bad = 0
        pending = ""
        for raw in iter(lambda: fh.read(1 << 16), b""):
            counter[0] += len(raw)
            text = pending + decoder.decode(raw)
            lines = text.splitlines(keepends=True)
            pending = lines.pop() if lines and not lines[-1].endswith(("\n", "\r")) else ""
            for line in lines:
                if "\ufffd" in line:
                    bad += 1
                yield line
        tail = pending + decoder.decode(b"", final=True)
        if tail:
            bad += "\ufffd" in tail
            yield tail
        if bad and warnings is not None:
            warnings.append(f"{path.name}: {bad} line(s) are not valid {encoding.split('-sig')[0].upper()}: "
                            "undecodable bytes shown as U+FFFD (re-save the file as UTF-8)")


class Rows:
    """(line number, values) of the CSV rows; a csv.Error becomes a CsvError naming the line."""

    def __init__(self, reader: Any, csv_path: str) -> None:
        self.reader, self.csv_path, self.unterminated = reader, csv_path, 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        last: tuple[int, list[str]] | None = None
        while True:
            start = self.reader.line_num + 1
            try:
                values = next(self.reader)
            except StopIteration:
                # an unclosed quote swallows the rest of the file, line ends included, into the
                # last row (a closed multi-line field does not end with the line break)
                if last is not None and any(v.endswith(("\n", "\r")) for v in last[1]):
                    self.unterminated = last[0]
                return
            except csv.Error as exc:
                raise CsvError(f"{self.csv_path}: line {start}: {exc}") from None
            last = (start, values)
            yield start, values
