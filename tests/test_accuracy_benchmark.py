"""The accuracy benchmark's machinery on three tiny labelled drafts (not the real corpus)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def acc():
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


DRAFTS = {
    "fake-re.txt": "---\nfirst_contact: true\nbulk: false\n---\nSubject: RE: quick question\n\n"
                   "Hi,\n\nLedgerLoop reconciles your bank feeds overnight. A demo is at ledgerloop.io/demo.\n",
    "clean.txt": "---\nfirst_contact: false\nbulk: false\n---\nSubject: Your order #55102 has shipped\n\n"
                 "Your order left the warehouse today and should arrive Thursday 9 October by 8 pm.\n",
    "pressure.md": "---\nbulk: false\nfirst_contact: false\n---\n# The Nomad Backpack\n\n"
                   "Hurry, only 2 left! 37 people are viewing this right now.\n",
}
LABELS = """drafts:
  fake-re: {genre: b2b-cold, expect: [TL601], trust: 1}
  clean: {genre: transactional, expect: [], trust: 5}
  pressure: {genre: landing-page, expect: [TL603, TL604, TL605], trust: 2}
"""
EC = "page_id\ttext\tlabel\tPattern Category\n" \
     "1\tHurry! Sale ends soon\t1\tUrgency\n" \
     "2\tPillowcases & Shams\t0\tNot Dark Pattern\n" \
     "3\tNo thanks, I'd rather pay full price\t1\tMisdirection\n"


@pytest.fixture
def corpus(tmp_path):
    for name, text in DRAFTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "labels.yml").write_text(LABELS, encoding="utf-8")
    return tmp_path


def test_confusion_counts_match_labels_and_predictions(acc, corpus):
    from trustlint.config import Config

    labels, preds, stats, summary = acc.evaluate(corpus, Config())
    assert {lab.id for lab in labels} == {"fake-re", "clean", "pressure"}
    assert summary["drafts"] == 3 and summary["clean"] == 1 and summary["errors"] == 0
    assert all(isinstance(p.trust, float) for p in preds.values())
    for code, st in stats.items():
        expected = {lab.id for lab in labels if code in lab.expected}
        fired = {d for d, p in preds.items() if code in p.codes}
        assert set(st.tp) | set(st.fn) == expected, code
        assert set(st.tp) | set(st.fp) == fired, code
        assert not set(st.tp) & set(st.fp) and not set(st.tp) & set(st.fn)
    # A fake "RE:" on a first contact is the one rule this test relies on.
    assert stats["TL601"].tp == ["fake-re"] and stats["TL601"].precision == 1.0


def test_codes_without_predictions_are_reported_not_crashing(acc):
    lab = acc.Label("a", Path("a.txt"), "sms", frozenset({"TL699"}), 3)
    pred = acc.Prediction("a", frozenset(), 1.5)
    stats = acc.rule_metrics([lab], {"a": pred})
    st = stats["TL699"]
    assert (st.precision, st.recall, st.support) == (None, 0.0, 1)
    rows = acc.corpus_rows(stats)
    assert rows[0][0] == "TL699" and rows[0][1] == "-" and rows[0][-1] == "no predictions"


def test_spearman_handles_ties(acc):
    assert acc.rank([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert acc.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert acc.spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(4.5 / 22.5 ** 0.5)
    assert acc.spearman([1, 1, 1], [1, 2, 3]) is None


def test_label_file_errors_are_reported(acc, corpus):
    (corpus / "labels.yml").write_text(LABELS + "  missing: {genre: sms, expect: [], trust: 3}\n", encoding="utf-8")
    with pytest.raises(acc.LabelError, match="missing"):
        acc.load_labels(corpus)
    (corpus / "labels.yml").write_text(LABELS.replace("trust: 5", "trust: 9"), encoding="utf-8")
    with pytest.raises(acc.LabelError, match="trust"):
        acc.load_labels(corpus)


def test_main_json_and_rule_listing(acc, corpus, tmp_path, capsys):
    ec = tmp_path / "ec.tsv"
    ec.write_text(EC, encoding="utf-8")
    assert acc.main(["--corpus", str(corpus), "--ec", str(ec), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["corpus"]["drafts"] == 3
    assert out["corpus"]["rules"]["TL601"]["tp"] == 1
    assert out["ec"]["rows"] == 3 and out["ec"]["benign_rows"] == 1
    assert out["ec"]["recall"]["Urgency"]["rows"] == 1
    assert out["ec"]["recall"]["Misdirection (decline wording)"]["rule"] == "TL606"

    assert acc.main(["--corpus", str(corpus), "--no-ec", "--rule", "tl605"]) == 0
    listing = capsys.readouterr().out
    assert listing.startswith("TL605:") and "False negatives" in listing

    assert acc.main(["--corpus", str(corpus), "--no-ec", "--markdown"]) == 0
    assert "| code | precision |" in capsys.readouterr().out
