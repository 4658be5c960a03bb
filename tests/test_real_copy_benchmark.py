"""benchmarks/real_copy.py: its metric functions on tiny hand-computed inputs, the fixed
dev/test splits, and a clean skip when ../shared is absent. No real-copy text appears here."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def rc():
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_real_copy", BENCH / "real_copy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)
        sys.path.remove(str(BENCH))


def test_prf_hand_computed(rc):
    # 3 TP, 1 FP, 2 FN: P = 3/4, R = 3/5, F1 = 6/9
    got = rc.prf(3, 1, 2)
    assert got["precision"] == pytest.approx(0.75)
    assert got["recall"] == pytest.approx(0.6)
    assert got["f1"] == pytest.approx(2 / 3)
    # nothing predicted: precision undefined, F1 0 (not undefined) when there are positives
    assert rc.prf(0, 0, 4) == {"precision": None, "recall": 0.0, "f1": 0.0}
    # no positives, two false alarms: recall undefined, F1 0
    assert rc.prf(0, 2, 0) == {"precision": 0.0, "recall": None, "f1": 0.0}
    assert rc.prf(0, 0, 0) == {"precision": None, "recall": None, "f1": None}


def test_confusion_and_macro(rc):
    truth = [True, True, False, False, True]
    flagged = [True, False, True, False, True]
    assert rc.confusion(truth, flagged) == {"tp": 2, "fp": 1, "fn": 1, "positives": 3}
    # undefined F1s (a label with neither positives nor predictions) are left out of the mean
    assert rc.macro([1.0, 0.5, None, 0.0]) == pytest.approx(0.5)
    assert rc.macro([None, None]) is None


def test_spearman_hand_computed(rc):
    assert rc.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert rc.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ranks x: 1,2,3  y (ties averaged): 1.5,1.5,3 -> rho = 1.5 / sqrt(2 * 1.5) = 0.8660
    assert rc.spearman([1, 2, 3], [5, 5, 9]) == pytest.approx(0.8660254, abs=1e-6)
    assert rc.spearman([1, 2], [1, 2]) is None  # too few
    assert rc.spearman([1, 1, 1], [1, 2, 3]) is None  # no variance


def test_auc_hand_computed(rc):
    assert rc.auc([5, 6], [1, 2]) == 1.0
    assert rc.auc([1, 2], [5, 6]) == 0.0
    # pairs (high, low): (3,1) win, (3,3) tie, (2,1) win, (2,3) loss -> (1 + .5 + 1) / 4
    assert rc.auc([3, 2], [1, 3]) == pytest.approx(0.625)
    assert rc.auc([], [1]) is None


def test_learned_codes_count_for_their_label(rc):
    class One:
        code, label = "TL703", "pressure"

    class Many:
        code = "TL700"
        labels = {"TL701": "false-familiarity", "TL702": "not-a-label"}

    class Static:
        code, label = "TL999", "pressure"  # not TL7xx: ignored

    codes = rc.label_codes([One(), Many(), Static()])
    assert "TL703" in codes["pressure"] and "TL603" in codes["pressure"]
    assert "TL999" not in codes["pressure"]
    assert "TL701" in codes["false-familiarity"]
    assert all("TL702" not in c for c in codes.values())


def test_checks_judge_labels_by_test_positives(rc):
    lab = {"macro_f1": 0.5, "spearman": 0.7, "labels": {
        "pressure": {"positives": 12, "precision": 0.9, "recall": 0.75},
        "merge-tag": {"positives": 2, "precision": 0.0, "recall": 0.0}}}
    src = {"auc": 0.95, "easy_ham_error_share": 0.01}
    out = rc.checks({"splits": {"test": {"labels": lab, "sources": src}}})
    by = {c["check"]: c["status"] for c in out}
    assert by["macro-F1 (11 labels)"] == "MISS"
    assert by["pressure: recall>=0.70 at precision>=0.85"] == "PASS"
    assert not any(k.startswith("merge-tag") for k in by)  # under 10 test positives
    assert by["Spearman(T, trust)"] == "PASS" and by["AUC ham above spam+phishing"] == "PASS"
    assert by["easy ham with an error finding"] == "MISS"


def test_write_json_atomic(rc, tmp_path):
    target = tmp_path / "sub" / "out.json"
    rc.write_json_atomic(target, {"a": 1})
    assert json.loads(target.read_text()) == {"a": 1}
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]


def test_baseline_on_synthetic_subjects(rc):
    pytest.importorskip("sklearn")
    import realcopy_data as data

    def row(i, subject, tactics):
        return data.Subject(str(i), "Team", "t@example.org", subject, frozenset(tactics), "dev")

    train = [row(i, f"last chance tonight {i}", {"urgency"}) for i in range(20)]
    train += [row(100 + i, f"our spring newsletter {i}", ()) for i in range(20)]
    test = [row(200, "last chance tonight", {"urgency"}), row(201, "our spring newsletter", ())]
    assert rc.baseline_f1(train, test)["urgency"] == 1.0
    assert rc.baseline_f1(train, None)["urgency"] == 1.0  # 5-fold CV


def _run(*args, shared):
    env = {**os.environ, "TRUSTLINT_SHARED": str(shared)}
    return subprocess.run([sys.executable, str(BENCH / "real_copy.py"), *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_skips_cleanly_without_shared(tmp_path):
    res = _run(shared=tmp_path / "nowhere")
    assert res.returncode == 0
    assert res.stdout == ""
    assert "skipped: no real copy" in res.stderr


@pytest.mark.parametrize("name", ["pressure", "urgency"])  # a label, and a citp tactic
def test_refuses_test_split_misses(tmp_path, name):
    res = _run("--label", name, "--dev-misses", "--split", "test", shared=tmp_path)
    assert res.returncode == 2
    assert "refusing" in res.stderr


needs_shared = pytest.mark.skipif(not (ROOT.parent / "shared" / "data" / "real-copy" / "index.jsonl").is_file(),
                                  reason="../shared/data not beside the checkout")


def _digest(ids):
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


@needs_shared
def test_splits_are_fixed_and_stratified():
    sys.path.insert(0, str(BENCH))
    try:
        import realcopy_data as data
    finally:
        sys.path.remove(str(BENCH))
    first = {m.id for m in data.labelled("test")}
    data._test_ids.cache_clear()
    assert {m.id for m in data.labelled("test")} == first  # deterministic
    # pinned: changing the seed, the share or the stratification changes these digests
    assert (len(first), _digest(first)) == (167, "112fb7cf7bcb39e976d13d2028ff8af4e53edad6fc31e0656a9eecccedae6ce9")
    dev = {m.id for m in data.labelled("dev")}
    assert not dev & first and len(dev) + len(first) == len(data.labelled())
    for kind in {m.kind for m in data.labelled()}:
        n = sum(1 for m in data.labelled() if m.kind == kind)
        assert sum(1 for m in data.labelled("test") if m.kind == kind) == round(0.30 * n)
    citp_test = {s.uid for s in data.citp("test")}
    assert (len(citp_test), _digest(citp_test)) == (535, "bbba79a8a18e2bf5111787eada08685cc5d91145d19b3863449692eb5990f1f4")


def test_report_without_scikit_learn(rc, monkeypatch):
    """No scikit-learn: the baseline is None and the tables say n/a instead of failing."""
    import builtins

    import realcopy_data as data

    real_import = builtins.__import__

    def no_sklearn(name, *args, **kwargs):
        if name.startswith("sklearn"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sklearn)
    subs = [data.Subject("a", "Team", "t@example.org", "last call", frozenset({"urgency"}), "test"),
            data.Subject("b", "Team", "t@example.org", "our news", frozenset(), "test")]
    assert rc.baseline_f1(subs, subs) is None

    def lint(mid, trust, codes, errors=()):
        return rc.Linted(mid, trust, frozenset(codes), frozenset(errors), frozenset(codes))

    msgs = [data.Message("h1", "ham", "email", {"group": "easy-ham-1"}, (), 5, "test"),
            data.Message("h2", "ham", "email", {"group": "easy-ham-1"}, ("pressure",), 4, "test"),
            data.Message("s1", "spam", "email", {}, ("pressure",), 1, "test")]
    linted = {"h1": lint("h1", 6.0, ()), "h2": lint("h2", 5.0, ("TL603",)),
              "s1": lint("s1", 2.0, ("TL603", "TL601"), ("TL601",)),
              "a": lint("a", 5.0, ("TL603",)), "b": lint("b", 6.0, ())}
    codes = rc.label_codes([])
    labels = rc.eval_labels(msgs, linted, codes)
    assert labels["labels"]["pressure"] == {**labels["labels"]["pressure"], "tp": 2, "fp": 0, "fn": 0}
    assert labels["spearman"] == pytest.approx(1.0)
    sources = rc.eval_sources(msgs, linted)
    assert sources["auc"] == 1.0 and sources["easy_ham_with_error"] == 0
    citp = {**rc.eval_citp(subs, linted), "baseline": None}
    assert citp["tactics"]["urgency"]["f1"] == 1.0
    result = {"date": "2026-01-01", "data": {"shared": "x", "messages": 3, "labelled": 3, "citp_rows": 2},
              "splits": {"test": {"labels": labels, "sources": sources, "citp": citp}},
              "all_sources": sources, "mathur": rc.eval_mathur(msgs, linted), "ec": None}
    result["checks"] = rc.checks(result)
    text = rc.render(result)
    assert "n/a" in text and "baseline F1" in text
    assert {c["status"] for c in result["checks"] if c["check"].startswith("citp")} == {"n/a"}
