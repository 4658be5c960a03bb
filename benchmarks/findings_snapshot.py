"""Digest of every finding trustlint produces on a fixed set of inputs (the speed work's
identical-findings guarantee; tests/test_findings_snapshot.py compares against it).

    python benchmarks/findings_snapshot.py            # rewrite benchmarks/findings_digest.txt
    python benchmarks/findings_snapshot.py --check    # compare; exit 1 and name what differs

Inputs: every example in tests/cases/*.yml and in the rules' docstrings, every file in samples/,
and (when ../shared is present) every message of the shared real-copy corpus, read in place
through benchmarks/realcopy_data.py. The digest holds no text of any input: per finding only
(input id, code, start, end, a hash of the message); for the shared corpus one hash per
message over those tuples, so the file stays small and carries nothing of the copy.

Rules work changes findings on purpose: after merging such work, regenerate the digest with
the first command above and commit it with the merge.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
DIGEST = ROOT / "benchmarks" / "findings_digest.txt"


def _h(text: str, n: int = 12) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def _rows(report) -> list[str]:
    rows = [f"{f.code} {f.start} {f.end} {_h(f.message)}" for f in report.findings]
    rows += [f"E {_h(e.message)}" for e in report.errors]
    return rows


def local_inputs() -> Iterator[tuple[str, object]]:
    """(id, report) for the test cases, the rules' documented examples and samples/."""
    from trustlint.config import Config
    from trustlint.rules import all_rules
    from trustlint.app.runner import lint_paths, lint_text

    from tests import rulecases

    config = Config()
    for case in rulecases.all_cases():  # each with its own options and context
        stem, kind, i = case.id.rsplit("-", 2)
        yield f"case:{stem}:{kind}:{i}", lint_text(case.text, case.config)
    for rule in all_rules():
        for kind in ("fires", "passes"):
            for i, text in enumerate(getattr(rule.doc, kind)):
                yield f"doc:{rule.code}:{kind}:{i}", lint_text(text, config)
    for path in sorted((ROOT / "samples").rglob("*")):
        if path.is_file():
            yield f"sample:{path.relative_to(ROOT / 'samples').as_posix()}", lint_paths([str(path)], config)


def shared_inputs() -> Iterator[tuple[str, object]]:
    """(id, report) for every real-copy message, linted as `trustlint check` would a file."""
    import realcopy_data as rc

    from trustlint.config import Config
    from trustlint.context import CampaignContext
    from trustlint.report import FileError, Report
    from trustlint.app.runner import lint_one_path

    base = Config()
    for m in rc.messages():
        config = base
        if m.context:
            config = Config(context=CampaignContext().merged(m.context, "findings_snapshot"))
        result = lint_one_path(str(m.path), config)
        report = Report(errors=(result,)) if isinstance(result, FileError) else Report((result,))
        yield f"real:{m.id}", report


def shared_available() -> bool:
    import realcopy_data as rc

    return rc.available()


def local_rows() -> list[str]:
    return [f"{key} {row}" for key, report in local_inputs() for row in _rows(report) or ["-"]]


def shared_rows() -> list[str]:
    return [f"{key} {_h(chr(10).join(_rows(report)), 16)}" for key, report in shared_inputs()]


def current(include_shared: bool = True) -> dict[str, list[str]]:
    """section -> digest lines, computed now."""
    out = {"local": local_rows()}
    if include_shared and shared_available():
        out["shared"] = shared_rows()
    return out


def render(sections: dict[str, list[str]]) -> str:
    lines = ["# trustlint findings digest: regenerate with `python benchmarks/findings_snapshot.py`"]
    for name, rows in sections.items():
        lines.append(f"[{name}]")
        lines.extend(rows)
    return "\n".join(lines) + "\n"


def parse(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    name = None
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1]
            sections[name] = []
        elif name is not None:
            sections[name].append(line)
    return sections


def diff(expected: list[str], got: list[str], limit: int = 20) -> list[str]:
    exp, cur = set(expected), set(got)
    out = [f"- {r}" for r in expected if r not in cur][:limit]
    out += [f"+ {r}" for r in got if r not in exp][:limit]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed digest")
    args = ap.parse_args()
    sections = current()
    if not args.check:
        if "shared" not in sections and DIGEST.exists():  # keep the part this machine cannot compute
            old = parse(DIGEST.read_text(encoding="utf-8"))
            if "shared" in old:
                sections["shared"] = old["shared"]
        DIGEST.write_text(render(sections), encoding="utf-8")
        print(f"wrote {DIGEST.relative_to(ROOT)}: " + ", ".join(f"{k} {len(v)} lines" for k, v in sections.items()))
        return 0
    old = parse(DIGEST.read_text(encoding="utf-8"))
    bad = 0
    for name, rows in sections.items():
        d = diff(old.get(name, []), rows)
        if d:
            bad += 1
            print(f"[{name}] differs:\n" + "\n".join(d))
    print("same findings" if not bad else "findings differ (see above)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
