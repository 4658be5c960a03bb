"""spaCy's rule-based Sentencizer, computed from a Doc's attribute arrays in a few numpy steps.

The built-in pipeline is spacy.blank("en") + "sentencizer" (trustlint.nlp.document). The
Sentencizer walks a Doc token by token, making a spaCy Token object for each (~1 µs a token:
5 s of a 5 MB draft of symbols). Its rule: the first token starts a sentence, and so does
every token that is neither punctuation nor one of its `punct_chars` when one of the
`punct_chars` came after the last sentence start. That token is a start exactly when the
last `punct_chars` token before it comes after the last token before it that is neither
(every such token after a `punct_chars` one starts a sentence): two running maxima. Tokens
whose start was already set (1 or -1, e.g. by `Doc.from_docs`) keep it unless the pipe
overwrites, as `Sentencizer.set_annotations` does.

`starts(...)` gives the same sentence starts as running the pipe (tests/test_sentencizer_arrays.py
compares them on every sample and on hostile inputs).
"""
from __future__ import annotations

from typing import Any

import numpy as np

_HASHES: dict[int, tuple[Any, np.ndarray, bool]] = {}


def plain_sentencizer(nlp: Any) -> tuple[np.ndarray, bool] | None:
    """(hashes of its punct_chars, overwrite) when `nlp`'s only pipe is a Sentencizer (the
    built-in pipeline), else None: the pipeline must then run as it is."""
    if list(nlp.pipe_names) != ["sentencizer"]:
        return None
    cached = _HASHES.get(id(nlp))
    if cached is None or cached[0] is not nlp:
        from spacy.pipeline import Sentencizer

        pipe = nlp.get_pipe("sentencizer")
        if type(pipe) is not Sentencizer:
            return None
        hashes = np.array(sorted(nlp.vocab.strings.add(c) for c in pipe.punct_chars), dtype=np.uint64)
        cached = _HASHES[id(nlp)] = (nlp, hashes, bool(pipe.overwrite))
    return cached[1], cached[2]


def starts(orth: np.ndarray, is_punct: np.ndarray, preset: np.ndarray, hashes: np.ndarray,
           overwrite: bool = False) -> np.ndarray:
    """Whether each token starts a sentence (bool array), from the ORTH, IS_PUNCT and
    SENT_START columns of one Doc."""
    n = len(orth)
    if not n:
        return np.zeros(0, dtype=bool)
    in_chars = np.isin(orth, hashes)
    other = ~(in_chars | (is_punct != 0))  # neither punctuation nor one of punct_chars
    at = np.arange(n, dtype=np.int64)
    last_char = np.maximum.accumulate(np.where(in_chars, at, -1))
    last_other = np.maximum.accumulate(np.where(other, at, -1))
    guess = np.zeros(n, dtype=bool)
    guess[1:] = other[1:] & (last_char[:-1] > last_other[:-1])
    guess[0] = True
    if overwrite:
        return guess
    return np.where(preset != 0, preset == 1, guess)
