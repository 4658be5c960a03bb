"""The identical-findings guarantee of the speed work: findings (code, span, message) on the
test cases, the rules' examples, samples/ and the shared real-copy corpus match the committed
digest. After intended rule changes, regenerate it: `python benchmarks/findings_snapshot.py`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import findings_snapshot as snap  # noqa: E402

REGENERATE = "regenerate with `python benchmarks/findings_snapshot.py` if the change is intended"


@pytest.fixture(scope="module")
def committed() -> dict[str, list[str]]:
    return snap.parse(snap.DIGEST.read_text(encoding="utf-8"))


def test_local_findings_match_digest(committed) -> None:
    rows = snap.local_rows()
    assert not snap.diff(committed["local"], rows), "\n".join(snap.diff(committed["local"], rows) + [REGENERATE])


@pytest.mark.skipif(not snap.shared_available(), reason="../shared (real-copy corpus) is absent")
def test_shared_corpus_findings_match_digest(committed) -> None:
    rows = snap.shared_rows()
    assert not snap.diff(committed["shared"], rows), "\n".join(snap.diff(committed["shared"], rows) + [REGENERATE])


def test_digest_carries_no_text(committed) -> None:
    """Only ids, codes, offsets and hashes: nothing of any input's copy."""
    for line in committed["local"] + committed.get("shared", []):
        parts = line.split()
        assert parts[0].split(":")[0] in ("case", "doc", "sample", "real"), line
        assert len(parts) in (2, 3, 5), line
