"""Precision guard: the intimacy/self-orientation/offer rules stay quiet on benign e-commerce copy.

Reads the labelled ec-darkpattern dataset in place (../shared/data, beside the clone; skipped
when absent) and checks each rule's firing share on the "Not Dark Pattern" rows.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from trustlint.config import Config
from trustlint.app.runner import lint_text

DATASET = Path(__file__).resolve().parents[2] / "shared" / "data" / "ec-darkpattern" / "dataset.tsv"
CODES = ("TL303", "TL304", "TL305", "TL306", "TL307", "TL402", "TL403", "TL404", "TL405", "TL406",
         "TL407", "TL505")
MAX_SHARE = 0.01


@pytest.mark.skipif(not DATASET.is_file(), reason="ec-darkpattern dataset not beside the clone")
def test_firing_share_on_benign_rows_is_under_one_percent() -> None:
    with DATASET.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t")
                if r["Pattern Category"] == "Not Dark Pattern" and r["text"].strip()]
    assert len(rows) > 500
    config = Config(select=CODES)
    fired: Counter[str] = Counter()
    for row in rows:
        report = lint_text(row["text"], config)
        for code in {f.code for fr in report.files for f in fr.findings}:
            fired[code] += 1
    shares = {code: fired[code] / len(rows) for code in CODES}
    assert all(share < MAX_SHARE for share in shares.values()), shares
