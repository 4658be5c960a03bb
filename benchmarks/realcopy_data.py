"""Shared, read-in-place access to the real copy in ../shared/data, and the fixed dev/test splits.

Nothing here copies text into the project: every reader opens the files under ../shared/data
at run time. The splits are fixed by a seeded hash of each message's id, so they never depend
on file order, on what the rules do or on who runs them:

- real-copy `labels.jsonl`: 30% test, stratified by source kind (spam, ham, phishing,
  marketing-email, dark-pattern): within each kind, ids are ordered by their seeded hash and
  the first 30% (rounded) are test.
- citp-subjects `learning.tsv`: 20% test, by the seeded hash of `uid` (the first 20% of the
  hash order).

Rule: while tuning lexicons, rules, models or weights, look only at `dev`. The `test` split
is for the figures the benchmark prints, never for reading misses.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TRUSTLINT_SHARED", ROOT.parent / "shared"))
REAL = SHARED / "data" / "real-copy"
CITP = SHARED / "data" / "citp-subjects" / "learning.tsv"
EC = SHARED / "data" / "ec-darkpattern" / "dataset.tsv"

SEED = "trustlint-realcopy-2026-12"
TEST_SHARE = 0.30
CITP_TEST_SHARE = 0.20

# The 11 trust-eroding labels of ../shared/design/labels.md and the rules that flag each.
LABEL_RULES: dict[str, tuple[str, ...]] = {
    "false-familiarity": ("TL302", "TL608"),
    "fake-reply-subject": ("TL601",),
    "bare-name-personalization": ("TL501",),
    "merge-tag": ("TL502", "TL503", "TL504"),
    "pressure": ("TL603", "TL604", "TL605", "TL403"),
    "unsubstantiated-claim": ("TL101", "TL102", "TL103", "TL104", "TL105", "TL106"),
    "self-focus": ("TL401", "TL402"),
    "confirmshaming": ("TL606", "TL405"),
    "sensitive-inference": ("TL303",),
    "condescension": ("TL305",),
    "intimacy-overclaim": ("TL301",),
}
POSITIVE_LABELS = ("reader-benefit", "evidence", "commitment")
CITP_TACTICS = (  # the six coded columns of learning.tsv, in the order reports print them
    "urgency",
    "sensationalism",
    "obscured_name",
    "forward_referencing",
    "deceptive_re_fwd",
    "deceptive_from_thread",
)
# Source kinds that a reader should trust less than ham.
UNTRUSTED_KINDS = ("spam", "phishing")


def _rank(key: str) -> str:
    return hashlib.sha256(f"{SEED}:{key}".encode()).hexdigest()


@dataclass(frozen=True)
class Message:
    id: str
    kind: str  # spam, ham, phishing, marketing-email, dark-pattern
    format: str  # email or snippet
    source_labels: dict
    labels: tuple[str, ...] | None = None  # labels.jsonl, where labelled
    trust: int | None = None
    split: str | None = None  # dev or test, for labelled messages

    @property
    def path(self) -> Path:
        return REAL / "corpus" / f"{self.id}.txt"

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def context(self) -> dict:
        """Campaign context to lint with: emails with the defaults (bulk first contact, as a
        user linting unknown mail gets), dark-pattern snippets as page copy, like ec rows."""
        if self.kind == "dark-pattern":
            return {"bulk": False, "first_contact": False}
        return {}


def available() -> bool:
    return (REAL / "index.jsonl").is_file()


@lru_cache(maxsize=1)
def _index() -> dict[str, dict]:
    with open(REAL / "index.jsonl", encoding="utf-8") as fh:
        return {row["id"]: row for row in map(json.loads, fh)}


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict]:
    with open(REAL / "labels.jsonl", encoding="utf-8") as fh:
        return {row["id"]: row for row in map(json.loads, fh)}


@lru_cache(maxsize=1)
def _test_ids() -> frozenset[str]:
    by_kind: dict[str, list[str]] = {}
    index = _index()
    for mid in sorted(_labels()):
        by_kind.setdefault(index[mid]["kind"], []).append(mid)
    test: set[str] = set()
    for ids in by_kind.values():
        ids.sort(key=_rank)
        test.update(ids[: round(len(ids) * TEST_SHARE)])
    return frozenset(test)


def messages() -> Iterator[Message]:
    """All 2,488 messages in index order, labelled ones with their labels and split."""
    labels, test = _labels(), _test_ids()
    for mid, row in _index().items():
        lab = labels.get(mid)
        yield Message(
            id=mid,
            kind=row["kind"],
            format=row["format"],
            source_labels=row.get("source_labels") or {},
            labels=tuple(lab["labels"]) if lab else None,
            trust=lab.get("trust") if lab else None,
            split=("test" if mid in test else "dev") if lab else None,
        )


def labelled(split: str | None = None) -> list[Message]:
    """Labelled messages; split='dev' or 'test' for one side only."""
    return [m for m in messages() if m.labels is not None and (split is None or m.split == split)]


@dataclass(frozen=True)
class Subject:
    uid: str
    from_name: str
    from_address: str
    subject: str
    tactics: frozenset[str]
    split: str

    def draft(self) -> str:
        """The row as a draft: From and Subject headers and an empty body (README there)."""
        return f"From: {self.from_name} <{self.from_address}>\nSubject: {self.subject}\n\n"


def citp(split: str | None = None) -> list[Subject]:
    with open(CITP, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    order = sorted((r["uid"] for r in rows), key=_rank)
    test = set(order[: round(len(order) * CITP_TEST_SHARE)])
    out = []
    for r in rows:
        s = Subject(
            uid=r["uid"],
            from_name=r["from_name"],
            from_address=r["from_address"],
            subject=r["subject"],
            tactics=frozenset(t for t in CITP_TACTICS if r[t] == "True"),
            split="test" if r["uid"] in test else "dev",
        )
        if split is None or s.split == split:
            out.append(s)
    return out
