"""Train the learned layer (TL7xx): one sentence-level logistic regression per label.

Reads the labelled real copy IN PLACE (benchmarks/realcopy_data.py, dev split only; the test
split is never opened here), parses every message with trustlint's own pipeline, and trains
on the sentence windows the rules see, with the features of trustlint/learned (hashed
uni/bigrams + shape indicators, numpy-only at run time).

    pip install -e ".[benchmark]"           # scikit-learn, at training time only
    python benchmarks/train_model.py         # 5-fold CV figures per label, then writes the model
    python benchmarks/train_model.py --cv-only
    python benchmarks/train_model.py --json

Labels are per message, the model is per sentence (multiple-instance learning):
1. seed: in a message with the label, the sentences that contain a phrase quoted in the
   annotator's note are the positives (all its sentences when no quote is found); every
   sentence of a message without the label is a negative;
2. refine: a first model scores the seeds of each positive message (cross-fitted, so a
   sentence is never scored by a model that saw it), and only the best-scoring seeds of each
   message stay positive; the rest are left out (neither positive nor negative);
3. the final model is trained on the refined instances.
A message's probability is the max over its sentences. The threshold per label is the lowest
one whose pooled 5-fold CV precision is >= 0.85 (fold assignment by a seeded hash of the
message id); the CV figures printed are at that threshold (chosen on the same CV scores, so
mildly optimistic). Labels with fewer than MIN_POSITIVES dev positives get no model.

Deterministic: sorted inputs, hash-based folds, liblinear with a fixed random_state.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from trustlint import learned  # noqa: E402

MODEL_PATH = HERE.parent / "trustlint" / "learned" / learned.MODEL_FILE
MIN_POSITIVES = 15
FOLDS = 5
SEED = "trustlint-learned-2026-12"
TARGET_PRECISION = 0.85
C = 0.5
MIN_DF = 2  # a feature must occur in at least this many training messages
KEEP_TOP = 2  # seeds kept per positive message after refinement
RANDOM_STATE = 0


# ----------------------------------------------------------------------------- data

def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def quotes(note: str) -> list[str]:
    """Phrases the annotator quoted in a note ('...'), normalised, of at least two words."""
    out = []
    for q in re.findall(r"'([^']{3,}?)'(?=[\s,;.:)]|$)", note or ""):
        n = _norm(q)
        if len(n.split()) >= 2:
            out.append(n)
    return out


def message_sentences(text: str) -> list[tuple[str, str]]:
    """(sentence text, field) for every sentence window of every field, as the rules see them."""
    from trustlint.nlp import document as nlp
    from trustlint.source.formats import parse_draft

    doc = nlp.parse(parse_draft(text, "<train>", "text"))
    out = []
    for name, pf in doc.fields.items():
        for s, e in pf.sentences:
            if pf.text[s:e].strip():
                out.append((pf.text[s:e], name))
    return out


def prepare(items: list[tuple[str, tuple[str, ...], str, str]]) -> list[dict]:
    """Training rows from (id, labels, text, note), sorted by id: the sentences, their hashed
    features, and the seeds (indexes of the sentences holding a phrase quoted in the note)."""
    rows = []
    for mid, labels, text, note in sorted(items):
        sents = message_sentences(text)
        qs = quotes(note)
        normed = [_norm(t) for t, _ in sents]
        seeds = [i for i, n in enumerate(normed) if any(q in n or (len(n.split()) >= 2 and n in q) for q in qs)]
        feats = [np.unique(np.asarray([learned.feature_hash(f) for f in learned.features(t, fld)], dtype=np.uint32))
                 for t, fld in sents]
        rows.append({"id": mid, "labels": set(labels), "sentences": sents, "seeds": seeds, "feats": feats})
    return rows


def dev_items() -> list[tuple[str, tuple[str, ...], str, str]]:
    """The dev split of labels.jsonl (never the test split), read in place, with the notes."""
    import realcopy_data as rc

    dev = rc.labelled("dev")
    ids = {m.id for m in dev}
    notes = {}
    with open(rc.REAL / "labels.jsonl", encoding="utf-8") as fh:
        for row in map(json.loads, fh):
            if row["id"] in ids:
                notes[row["id"]] = row.get("note", "")
    return [(m.id, tuple(m.labels), m.text(), notes.get(m.id, "")) for m in dev]


def fold_of(mid: str) -> int:
    return int(hashlib.sha256(f"{SEED}:{mid}".encode()).hexdigest(), 16) % FOLDS


# ----------------------------------------------------------------------------- features

def vocabulary(rows: list[dict]) -> np.ndarray:
    df: dict[int, int] = {}
    for r in rows:
        present = np.unique(np.concatenate(r["feats"])) if r["feats"] else np.zeros(0, np.uint32)
        for h in present.tolist():
            df[h] = df.get(h, 0) + 1
    return np.asarray(sorted(h for h, n in df.items() if n >= MIN_DF), dtype=np.uint32)


def matrix(feats: list[np.ndarray], vocab: np.ndarray):
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for f in feats:
        idx = np.searchsorted(vocab, f)
        inside = idx < len(vocab)
        idx, f = idx[inside], f[inside]
        ok = vocab[idx] == f
        indices.extend(idx[ok].tolist())
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=(len(feats), len(vocab)))


# ----------------------------------------------------------------------------- training

def fit(X, y, w):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, solver="liblinear", dual=True, class_weight="balanced",
                             random_state=RANDOM_STATE,
                             max_iter=1000)
    clf.fit(X, y, sample_weight=w)
    return clf


def instances(rows: list[dict], label: str, keep: dict[str, list[int]] | None = None):
    """(feats, y, weight): positives = seeds (or refined seeds) of positive messages, each
    message's positives weighing 1 in total; negatives = sentences of negative messages."""
    feats, ys, ws = [], [], []
    for r in rows:
        n = len(r["feats"])
        if n == 0:
            continue
        if label in r["labels"]:
            pos = keep[r["id"]] if keep is not None else (r["seeds"] or list(range(n)))
            for i in pos:
                feats.append(r["feats"][i])
                ys.append(1)
                ws.append(1.0 / len(pos))
        else:
            for f in r["feats"]:
                feats.append(f)
                ys.append(0)
                ws.append(1.0)
    return feats, np.asarray(ys), np.asarray(ws)


def train_label(rows: list[dict], label: str, inner: bool = True):
    """Seed model, refinement, final model. Returns (vocab, coef, bias)."""
    vocab = vocabulary(rows)
    feats, y, w = instances(rows, label)
    keep = None
    if inner:
        # cross-fitted refinement: seeds of fold k are scored by a model trained without fold k
        keep = {}
        pos_rows = [r for r in rows if label in r["labels"] and r["feats"]]
        for k in range(FOLDS):
            train = [r for r in rows if fold_of(r["id"] + "#inner") != k]
            held = [r for r in pos_rows if fold_of(r["id"] + "#inner") == k]
            if not held:
                continue
            f2, y2, w2 = instances(train, label)
            if y2.sum() == 0:
                for r in held:
                    keep[r["id"]] = r["seeds"] or list(range(len(r["feats"])))
                continue
            clf = fit(matrix(f2, vocab), y2, w2)
            for r in held:
                cand = r["seeds"] or list(range(len(r["feats"])))
                p = clf.predict_proba(matrix([r["feats"][i] for i in cand], vocab))[:, 1]
                order = sorted(range(len(cand)), key=lambda i: (-p[i], cand[i]))
                keep[r["id"]] = sorted(cand[i] for i in order[:KEEP_TOP])
        feats, y, w = instances(rows, label, keep)
    clf = fit(matrix(feats, vocab), y, w)
    return vocab, clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def message_scores(rows: list[dict], vocab: np.ndarray, coef: np.ndarray, bias: float) -> np.ndarray:
    out = []
    for r in rows:
        if not r["feats"]:
            out.append(0.0)
            continue
        X = matrix(r["feats"], vocab)
        logits = X @ coef.astype(np.float64) + bias
        out.append(float((1 / (1 + np.exp(-logits))).max()))
    return np.asarray(out)


def pick_threshold(scores: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Lowest threshold with precision >= target (max recall); (threshold, P, R)."""
    best = (1.0, 0.0, 0.0)
    for t in sorted(set(np.round(scores, 4).tolist()), reverse=True):
        pred = scores >= t
        tp = int((pred & (y == 1)).sum())
        if pred.sum() == 0:
            continue
        p, r = tp / pred.sum(), tp / max(1, y.sum())
        if p >= TARGET_PRECISION and r >= best[2]:
            best = (float(t), p, r)
    return best


def cross_validate(rows: list[dict], label: str) -> dict:
    """Message-level figures from pooled 5-fold CV scores, at the chosen threshold."""
    scores = np.zeros(len(rows))
    for k in range(FOLDS):
        train = [r for r in rows if fold_of(r["id"]) != k]
        test_idx = [i for i, r in enumerate(rows) if fold_of(r["id"]) == k]
        vocab, coef, bias = train_label(train, label)
        scores[test_idx] = message_scores([rows[i] for i in test_idx], vocab, coef, bias)
    y = np.asarray([1 if label in r["labels"] else 0 for r in rows])
    t, p, r = pick_threshold(scores, y)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"positives": int(y.sum()), "threshold": round(float(t), 4), "precision": round(float(p), 3),
            "recall": round(float(r), 3), "f1": round(float(f1), 3)}


def train_all(rows: list[dict], labels: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Final models on all rows, one shared vocabulary: (vocab, weights [features x labels], bias)."""
    vocab = vocabulary(rows)
    weights = np.zeros((len(vocab), len(labels)), dtype=np.float32)
    bias = np.zeros(len(labels), dtype=np.float32)
    for j, lab in enumerate(labels):
        v, coef, b = train_label(rows, lab)
        assert np.array_equal(v, vocab)
        weights[:, j] = coef
        bias[j] = b
    keep = np.abs(weights).max(axis=1) > 1e-6  # features with no weight anywhere: same scores, smaller file
    return vocab[keep], weights[keep], bias


def data_hash(rows: list[dict]) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r['id']}:{','.join(sorted(r['labels']))}\n".encode())
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv-only", action="store_true", help="print CV figures, do not write the model")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--labels", nargs="*", help="train only these labels (default: all with enough positives)")
    ap.add_argument("--out", default=str(MODEL_PATH))
    args = ap.parse_args(argv)

    import realcopy_data as rc

    if not rc.available():
        print(f"real copy not found under {rc.REAL}", file=sys.stderr)
        return 2
    rows = prepare(dev_items())
    counts = {lab: sum(1 for r in rows if lab in r["labels"]) for lab in learned.LABEL_CODES}
    labels = [lab for lab in learned.LABEL_CODES if counts[lab] >= MIN_POSITIVES]
    if args.labels:
        labels = [lab for lab in labels if lab in args.labels]
    skipped = {lab: n for lab, n in counts.items() if n < MIN_POSITIVES}

    cv = {lab: cross_validate(rows, lab) for lab in labels}
    if args.json:
        print(json.dumps({"cv": cv, "skipped": skipped}, indent=2))
    else:
        print(f"5-fold CV on dev ({len(rows)} messages), message-level, threshold for P >= {TARGET_PRECISION}")
        print(f"{'code':6} {'label':27} {'pos':>4} {'thr':>6} {'P':>6} {'R':>6} {'F1':>6}")
        for lab in labels:
            c = cv[lab]
            print(f"{learned.LABEL_CODES[lab]:6} {lab:27} {c['positives']:4d} {c['threshold']:6.3f} "
                  f"{c['precision']:6.3f} {c['recall']:6.3f} {c['f1']:6.3f}")
        for lab, n in skipped.items():
            print(f"{learned.LABEL_CODES[lab]:6} {lab:27} {n:4d}  skipped (< {MIN_POSITIVES} dev positives)")
    if args.cv_only:
        return 0

    # Only labels whose CV found a threshold with precision >= target get a shipped model
    shipped = [lab for lab in labels if cv[lab]["recall"] > 0]
    no_threshold = [lab for lab in labels if lab not in shipped]
    for lab in no_threshold:
        print(f"{learned.LABEL_CODES[lab]:6} {lab:27} not shipped: no threshold reached precision {TARGET_PRECISION}")
    vocab, weights, bias = train_all(rows, shipped)
    meta = {
        "script": "benchmarks/train_model.py",
        "trained": dt.date.today().isoformat(),
        "data": "real-copy labels.jsonl, dev split (benchmarks/realcopy_data.py)",
        "data_hash": data_hash(rows),
        "messages": len(rows),
        "sentences": int(sum(len(r["feats"]) for r in rows)),
        "cv": cv,
        "skipped": skipped,
        "no_threshold": no_threshold,
        "params": {"C": C, "min_df": MIN_DF, "keep_top": KEEP_TOP, "folds": FOLDS,
                   "target_precision": TARGET_PRECISION},
    }
    thresholds = {lab: cv[lab]["threshold"] for lab in shipped}
    learned.save(args.out, shipped, vocab, weights, bias, thresholds, meta)
    size = Path(args.out).stat().st_size
    print(f"wrote {args.out}: {len(vocab)} features x {len(shipped)} labels, {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
