"""False-positive rate of rules on benign text: the "Not Dark Pattern" rows of ec-darkpattern.

Run from the repository root:  python -m tests.fp_rate [CODE_PREFIX ...]   (default: TL1)
It prints, per rule, the share of benign rows it fires on and the rows themselves, so a
precision regression can be read, not just counted. tests/test_fp_rate.py asserts the rates.
"""
from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from trustlint.config import Config
from trustlint.app.runner import lint_text

DATASET = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ec-darkpattern" / "dataset.tsv"


def rows(path: Path = DATASET, category: str = "Not Dark Pattern") -> list[str]:
    """Texts of one category (deduplicated, non-empty), read from the shared copy; never copied."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        texts = [r["text"].strip() for r in reader if r.get("Pattern Category") == category]
    return list(dict.fromkeys(t for t in texts if t))


def fire_rates(texts: list[str], select: tuple[str, ...] = ("TL1",)) -> tuple[int, dict[str, list[str]]]:
    """(row count, {code: rows it fired on}) for the selected rules."""
    config = Config(select=select)
    fired: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        report = lint_text(text, config)
        for code in sorted({f.code for f in report.findings}):
            fired[code].append(text)
    return len(texts), fired


def main(argv: list[str]) -> int:
    select = tuple(argv) or ("TL1",)
    total, fired = fire_rates(rows(), select)
    print(f"{total} benign rows ({DATASET.name}, 'Not Dark Pattern', deduplicated); rules {', '.join(select)}")
    for code in sorted(fired):
        print(f"{code}: {len(fired[code])} rows ({100.0 * len(fired[code]) / total:.2f}%)")
        for text in fired[code]:
            print(f"    {text[:140]!r}")
    if not fired:
        print("no rule fired")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
