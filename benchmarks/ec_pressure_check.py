"""Recall and false-positive rate of the pressure rules on the ec-darkpattern dataset.

    python benchmarks/ec_pressure_check.py [path/to/dataset.tsv] [--misses CATEGORY]

The dataset (Yada et al. 2022, Apache-2.0) is read in place from ../shared/data; it is never
copied into the project. Each row is linted as a one-field draft (context bulk=false, first_contact=false, as in
benchmarks/accuracy.py, which reports the same recall figures per rule).
Targets: TL603-TL606 fire on >= 70% of Urgency and Scarcity rows and >= 60% of Social Proof
rows; no rule of this family fires on >= 1% of "Not Dark Pattern" rows.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from trustlint.config import Config
from trustlint.context import CampaignContext
from trustlint.app.runner import lint_text

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ec-darkpattern" / "dataset.tsv"
PRESSURE = {"TL603", "TL604", "TL605", "TL606"}
FAMILY = {"TL201", "TL202", "TL203", "TL204", "TL205", "TL602", "TL603", "TL604", "TL605", "TL606", "TL607", "TL608"}
TARGETS = {"Urgency": 0.70, "Scarcity": 0.70, "Social Proof": 0.60}


def rows(path: Path):
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text = (row.get("text") or "").replace("\\n", "\n").strip()
            if text:
                yield row.get("Pattern Category") or "", text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset", nargs="?", default=str(DEFAULT))
    ap.add_argument("--misses", help="print rows of this category the pressure rules miss")
    ap.add_argument("--false-positives", action="store_true", help="print benign rows that fire")
    args = ap.parse_args(argv)
    # Page fragments are neither bulk email nor a first contact (as in benchmarks/accuracy.py).
    config = Config(context=CampaignContext().merged({"bulk": False, "first_contact": False}, "ec"))
    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for cat, text in rows(Path(args.dataset)):
        report = lint_text(text, config)
        codes = {f.code for f in report.findings} & FAMILY
        total[cat] += 1
        for c in codes:
            per_rule[cat][c] += 1
        if cat == "Not Dark Pattern":
            if codes:
                hit[cat] += 1
                if args.false_positives:
                    print(f"FP {sorted(codes)}: {text[:120]!r}")
        elif codes & PRESSURE:
            hit[cat] += 1
        elif cat == args.misses:
            print(f"MISS: {text[:120]!r}")
    ok = True
    print(f"{'category':<18}{'rows':>6}{'fired':>7}{'rate':>8}  target   per rule")
    for cat in sorted(total, key=lambda c: -total[c]):
        rate = hit[cat] / total[cat]
        target = TARGETS.get(cat)
        mark = ""
        if target is not None:
            mark = f">={target:.0%}"
            ok &= rate >= target
        elif cat == "Not Dark Pattern":
            mark = "<1%"
            ok &= rate < 0.01
        rules = ", ".join(f"{c}:{n}" for c, n in sorted(per_rule[cat].items()))
        print(f"{cat:<18}{total[cat]:>6}{hit[cat]:>7}{rate:>8.1%}  {mark:<7}  {rules}")
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
