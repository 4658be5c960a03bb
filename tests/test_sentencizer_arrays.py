"""Issue 15, time: the sentence starts computed from the token arrays
(trustlint.nlp.sentencizer) are the ones spaCy's Sentencizer sets, token for token."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from trustlint.nlp import document as nlp
from trustlint.nlp.sentencizer import plain_sentencizer

SAMPLES = sorted(p for p in (Path(__file__).resolve().parents[1] / "samples").iterdir() if p.suffix in (".txt", ".md"))
BITS = ["Hi there.", " ", "\n\n", "No. 1", "approx. 3", "e.g. this!", "?!", "...", "“Quoted.”", "(a)", ")", "—",
        "BUY NOW", "!!!", "<!-- ", "{{ *|IF: %%[ ", "\u2026", "。", "¿Qué?", "x", "\t", "'s", "$5.", "।", "::"]


def _texts() -> list[str]:
    rng = random.Random(7)
    out = [p.read_text(encoding="utf-8") for p in SAMPLES]
    out += ["".join(rng.choice(BITS) for _ in range(rng.randint(1, 300))) for _ in range(40)]
    out += ["", ".", " ", "a", "!!!!!!!!!!!!!!!!!!!!!!!!", "Go. " + "{" * 50 + " now. Then.", "x" * 500 + ". y"]
    return out


@pytest.fixture(scope="module")
def pipe():
    return nlp.pipeline()


def test_the_built_in_pipeline_is_a_plain_sentencizer(pipe) -> None:
    assert plain_sentencizer(pipe) is not None


@pytest.mark.parametrize("i", range(len(_texts())))
def test_array_sentence_starts_are_the_sentencizers(pipe, i: int) -> None:
    text = _texts()[i]
    fast = plain_sentencizer(pipe)
    walked = nlp._table_part(pipe(nlp.make_doc(pipe, text)), 0)
    computed = nlp._table_part(nlp.make_doc(pipe, text), 0, fast)
    for a, b in zip(walked, computed):
        assert np.array_equal(a, b)


def test_parse_gives_the_same_document_either_way(pipe, monkeypatch) -> None:
    from trustlint.source.formats import parse_draft

    text = "\n\n".join(_texts()[:3]) + " Last one. Really?! " * 50
    draft = parse_draft(text, "t.txt", "text")
    fast = nlp.parse(draft)
    monkeypatch.setattr(nlp, "plain_sentencizer", lambda _nlp: None)
    slow = nlp.parse(draft)
    assert fast.stats == slow.stats
    for name, pf in fast.fields.items():
        assert np.array_equal(pf.doc.sent_starts, slow.fields[name].doc.sent_starts)
        assert pf.sentences == slow.fields[name].sentences
