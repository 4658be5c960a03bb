"""Benchmark: render and lint a template for a generated 100,000-row recipients CSV.

    python benchmarks/recipients.py [--rows 100000] [--keep DIR]

Prints the wall time and the peak RSS of the whole process (Linux ru_maxrss), and the RSS
before the run (spaCy and lexicons loaded), so the growth due to the recipients is visible.
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE = """<!DOCTYPE html>
<html><head><title>Your {{ plan | default: 'account' }} update</title></head>
<body>
<div style="display:none;max-height:0;overflow:hidden">What changed in {{ plan | default: 'your plan' }} this month</div>
<table role="presentation"><tr><td>
<p>{% if first_name %}Hi {{ first_name }},{% else %}Hi there,{% endif %}</p>
<p>You have used {{ company | default: 'your team' }}'s workspace for {{ months }} months.
Here is what is new in {{ plan | default: 'your plan' }} this month.</p>
<p>Upgrade to Pro for shared dashboards and priority support.</p>
<p><a href="https://example.com/account">Review your plan</a></p>
<p>Thanks,<br>Sam at Example</p>
</td></tr></table>
</body></html>
"""
FIRST = ["Maria", "José", "Aiko", "Liam", "Noah", "Olivia", "Emma", "Ava", "Mateo", "Sofia", "Lucas",
         "Chloé", "Zoë", "Ahmed", "Fatima", "Wei", "Priya", "Arjun", "Anna", "Jonas", "Mia", "Leon",
         "Sean", "Siobhán", "Kwame", "Amara", "Yuki", "Hana", "Omar", "Lena", "O'Brien", "Mary-Jane"]
COMPANIES = [f"Company {i}" for i in range(40)] + [""]
PLANS = ["Basic", "Pro", "Team", ""]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Rows with 3% empty names, 1% "friend", 2% lower-case names, 40 companies, 4 plans."""
    rnd = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["email", "first_name", "company", "plan", "months", "owned_products", "audience"])
        for i in range(rows):
            r = rnd.random()
            name = rnd.choice(FIRST)
            name = "" if r < 0.03 else "friend" if r < 0.04 else name.lower() if r < 0.06 else name
            plan = rnd.choice(PLANS)
            owned = ";".join(sorted(({plan.lower()} | ({"pro"} if rnd.random() < 0.2 else set())) - {""}))
            w.writerow([f"user{i}@example.com", name, rnd.choice(COMPANIES), plan, rnd.randint(1, 36),
                        owned, rnd.choice(["smb", "enterprise", ""])])


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, default=None, help="directory to keep the CSV and template in")
    args = ap.parse_args()
    from trustlint.config import Config
    from trustlint.app.recipients import lint_recipients
    from trustlint.app.runner import lint_text

    work = args.keep or Path(tempfile.mkdtemp(prefix="tl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    draft, contacts = work / "update.html", work / "contacts.csv"
    draft.write_text(TEMPLATE, encoding="utf-8")
    t0 = time.perf_counter()
    generate(contacts, args.rows)
    gen = time.perf_counter() - t0
    lint_text("Warm-up: load the pipeline and lexicons.")
    base = rss_mb()
    t0 = time.perf_counter()
    report = lint_recipients(str(draft), str(contacts), Config(), progress=None)
    wall = time.perf_counter() - t0
    print(f"rows: {report.rows}  distinct variants linted: {report.variants}  "
          f"csv: {contacts.stat().st_size / 1e6:.1f} MB (generated in {gen:.1f} s)")
    print(f"wall time: {wall:.1f} s ({report.rows / wall:,.0f} rows/s)")
    print(f"peak RSS: {rss_mb():.0f} MB (after warm-up, before the run: {base:.0f} MB)")
    for r in sorted(report.rules.values(), key=lambda r: r.code):
        print(f"  {r.code} {r.name}: {r.recipients} recipients")
    return 0


if __name__ == "__main__":
    sys.exit(main())
