"""The learned layer (TL7xx): sentence features and a shipped linear model, applied with numpy.

Where word lists cannot reach, a small logistic-regression model per trust-eroding label
scores every sentence of every field. It is trained by `benchmarks/train_model.py` on the
labelled real copy of the dev split and shipped as `trustlint/learned/model.npz` (weights
plus a JSON header: training data hash, date, script, cross-validated figures).

Features are computed the same way at training and at run time, with the standard library
and numpy only:

- the sentence windows of each parsed field (`ParsedField.sentences`);
- lowercased word tokens (NFKC-folded, so Unicode bold letters read as plain ones; every
  digit run is one number token) and the `$ % ! ? #` symbols, as unigrams and bigrams;
- a few shape indicators (shouted words, "!!", money, a number, short/long sentence, which
  field the sentence is in).

Each feature string is hashed with zlib.crc32 (stable across runs and Python versions, unlike
hash()); the model stores only the hashes it learned and their weights, never the words.

Nothing here imports numpy, or reads the weights, until a draft is scored.

Codes follow the label table of ../shared/design/labels.md, one per label, in its order:
TL701 false-familiarity, TL702 fake-reply-subject, TL703 bare-name-personalization,
TL704 merge-tag, TL705 pressure, TL706 unsubstantiated-claim, TL707 self-focus,
TL708 confirmshaming, TL709 sensitive-inference, TL710 condescension,
TL711 intimacy-overclaim. A code exists as a rule only where the model was trained (labels
with too few dev positives have none yet; their code stays reserved).
"""
from __future__ import annotations

import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Sequence

# label -> code, in the order of the labels table (codes are a contract: never renumber).
LABEL_CODES: dict[str, str] = {
    "false-familiarity": "TL701",
    "fake-reply-subject": "TL702",
    "bare-name-personalization": "TL703",
    "merge-tag": "TL704",
    "pressure": "TL705",
    "unsubstantiated-claim": "TL706",
    "self-focus": "TL707",
    "confirmshaming": "TL708",
    "sensitive-inference": "TL709",
    "condescension": "TL710",
    "intimacy-overclaim": "TL711",
}
MODEL_FILE = "model.npz"
FEATURE_VERSION = 1
# A sentence this long (characters) is scored on its first MAX_CHARS only: the model was
# trained on sentences, and one unpunctuated megabyte must not cost more than a page.
MAX_CHARS = 2000

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*|[$€£%!?#]")
_NUM = "<num>"
_WORD2 = re.compile(r"[^\W\d_]{2,}")
_MONEY = re.compile(r"[$€£]\s?\d|\d\s?[$€£]|\b\d+\s?(?:usd|dollars)\b", re.IGNORECASE)
# Human-readable names of the shape indicators, for the words a finding reports.
SHAPES = {
    "~shout": "ALL-CAPS words",
    "~bang2": "'!!'",
    "~money": "a money amount",
    "~num": "a number",
    "~short": "a very short sentence",
    "~long": "a long sentence",
    "~f:subject": "the subject line",
    "~f:preheader": "the preheader",
}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text[:MAX_CHARS])


def _tokens(folded: str) -> list[str]:
    return [_NUM if t[0].isdigit() else t.replace("’", "'") for t in _TOKEN.findall(folded.casefold())]


def tokens(text: str) -> list[str]:
    """Lowercased word, number and symbol tokens of a sentence (numbers folded to one token)."""
    return _tokens(_fold(text))


def _shapes(raw: str, field: str, toks: Sequence[str]) -> list[str]:
    out = []
    words = _WORD2.findall(raw)
    shouted = sum(map(str.isupper, words))
    if shouted >= 2 and shouted * 2 >= len(words):
        out.append("~shout")
    if "!!" in raw.replace(" ", ""):
        out.append("~bang2")
    if _MONEY.search(raw):
        out.append("~money")
    if _NUM in toks:
        out.append("~num")
    n = sum(1 for t in toks if t[0].isalpha())
    if n <= 4:
        out.append("~short")
    elif n >= 40:
        out.append("~long")
    if field in ("subject", "preheader"):
        out.append(f"~f:{field}")
    return out


def shapes(text: str, field: str, toks: Sequence[str]) -> list[str]:
    """Shape indicators of one sentence (see SHAPES)."""
    return _shapes(_fold(text), field, toks)


def _feature_set(text: str, field: str) -> set[str]:
    raw = _fold(text)
    toks = _tokens(raw)
    feats = set(toks)
    feats.update([f"{a} {b}" for a, b in zip(toks, toks[1:])])
    feats.update(_shapes(raw, field, toks))
    return feats


def features(text: str, field: str) -> list[str]:
    """Feature strings of one sentence: unigrams, bigrams and shape indicators (unique, sorted)."""
    return sorted(_feature_set(text, field))


def feature_hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8"))


def display(feature: str) -> str:
    return SHAPES.get(feature, feature)


@dataclass(frozen=True)
class Model:
    labels: tuple[str, ...]
    vocab: Any  # np.ndarray[uint32], sorted feature hashes
    weights: Any  # np.ndarray[float32], len(vocab) x len(labels)
    bias: Any  # np.ndarray[float32], len(labels)
    thresholds: dict[str, float]
    meta: dict[str, Any]

    def index(self, label: str) -> int:
        return self.labels.index(label)

    def score(self, sentences: Sequence[tuple[str, str]]) -> Any:
        """Probabilities, one row per (text, field) sentence, one column per label."""
        import numpy as np

        n = len(sentences)
        if n == 0:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        crc = zlib.crc32
        hashes: list[int] = []
        counts: list[int] = []
        for text, field in sentences:
            hs = [crc(f.encode("utf-8")) for f in _feature_set(text, field)]
            hashes.extend(hs)
            counts.append(len(hs))
        h = np.asarray(hashes, dtype=np.uint32)
        r = np.repeat(np.arange(n), counts)
        logits = np.empty((n, len(self.labels)), dtype=np.float64)
        logits[:] = self.bias
        if len(self.vocab) and len(h):
            idx = np.minimum(np.searchsorted(self.vocab, h), len(self.vocab) - 1)
            found = self.vocab[idx] == h
            rows, w = r[found], self.weights[idx[found]]
            for j in range(len(self.labels)):
                logits[:, j] += np.bincount(rows, weights=w[:, j], minlength=n)
        return 1.0 / (1.0 + np.exp(-logits))

    def top_features(self, text: str, field: str, label: str, k: int = 3) -> list[str]:
        """The k present features that pushed this sentence furthest towards the label."""
        import numpy as np

        j = self.index(label)
        scored = []
        for f in features(text, field):
            h = feature_hash(f)
            i = int(np.searchsorted(self.vocab, h))
            if i < len(self.vocab) and int(self.vocab[i]) == h:
                w = float(self.weights[i, j])
                if w > 0:
                    scored.append((-w, f))
        return [f for _, f in sorted(scored)[:k]]


def save(path: Any, labels: Sequence[str], vocab: Any, weights: Any, bias: Any,
         thresholds: dict[str, float], meta: dict[str, Any]) -> None:
    """Write a model file (numpy's compressed .npz; the header is a JSON string)."""
    import numpy as np

    header = dict(meta, labels=list(labels), thresholds=thresholds, feature_version=FEATURE_VERSION)
    np.savez_compressed(path, vocab=np.asarray(vocab, dtype=np.uint32),
                        weights=np.asarray(weights, dtype=np.float32),
                        bias=np.asarray(bias, dtype=np.float32),
                        header=np.frombuffer(json.dumps(header, sort_keys=True).encode("utf-8"), dtype=np.uint8))


def load_file(fh: Any) -> Model:
    import numpy as np

    with np.load(fh, allow_pickle=False) as data:
        header = json.loads(bytes(data["header"]).decode("utf-8"))
        if header.get("feature_version") != FEATURE_VERSION:
            raise ValueError(f"model features v{header.get('feature_version')} != v{FEATURE_VERSION}")
        return Model(tuple(header["labels"]), data["vocab"].copy(), data["weights"].copy(),
                     data["bias"].copy(), dict(header["thresholds"]), header)


@lru_cache(maxsize=1)
def shipped() -> Model:
    """The model inside the package (read once, from the wheel, no network)."""
    with resources.files(__package__).joinpath(MODEL_FILE).open("rb") as fh:
        return load_file(fh)


def metadata() -> dict[str, Any]:
    """The shipped model's header (labels, thresholds, training data hash, date, CV figures)."""
    return shipped().meta


def score_field(text: str, field: str, windows: Sequence[tuple[int, int]]) -> Any:
    """Per-sentence probabilities of one parsed field (rows follow `windows`)."""
    return shipped().score([(text[s:e], field) for s, e in windows])
