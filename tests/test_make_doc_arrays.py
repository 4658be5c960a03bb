"""Issue 12, CPU: a draft with symbol runs ("--------" separator lines, "!!!!!!!!", emoji
strings) or long whitespace-free runs is parsed into one Doc built from token arrays
(`make_doc`), the same Doc that `Doc.from_docs` of its pieces gave (`make_doc_from_docs`):
tokens, offsets, whitespace, NORM, sentence starts (before and after the sentencizer), the
TokenTable parts and the lexicon matches."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from trustlint.nlp import document as nlp
from trustlint.nlp.sentencizer import plain_sentencizer

# pieces written for these tests: words, tokenizer special cases (NORM differs from the
# lexeme's: "'cause", "y'all", "n't"), sentence ends, and runs that make_doc cuts
BITS = ["Hi", "there", ".", " ", "  ", "\n", "\n\n", "\t", "don't", "'cause", "y'all", "e.g.", "No.", "1",
        "$5", "!", "?", "...", ":)", "(a)", "BUY", "NOW", "you", "we", "free", "—", "“", "”", "é", "x",
        "-" * 8, "-" * 13, "=" * 20, "*" * 9, "!" * 11, "😀" * 8, "{{" * 5, "%%" * 4, "." * 9, "-" * 7,
        "a" * 410, "http://example.com/" + "q" * 400]


def _arrays(doc):
    from spacy import attrs
    from spacy.tokens import Doc

    cols = sorted(set(Doc._get_array_attrs()) | {attrs.IDX, attrs.LENGTH, attrs.SPACY, attrs.NORM, attrs.ORTH,
                                                   attrs.SENT_START, attrs.LOWER, attrs.IS_PUNCT})
    return doc.to_array(cols) if len(doc) else np.zeros((0, len(cols)), dtype=np.uint64)


def assert_same_doc(pipe, text: str) -> None:
    new, old = nlp.make_doc(pipe, text), nlp.make_doc_from_docs(pipe, text)
    assert new.text == old.text == text
    assert [t.text for t in new] == [t.text for t in old]
    assert [t.whitespace_ for t in new] == [t.whitespace_ for t in old]
    assert [t.norm_ for t in new] == [t.norm_ for t in old]
    assert [t.is_sent_start for t in new] == [t.is_sent_start for t in old]
    assert np.array_equal(_arrays(new), _arrays(old))
    fast = plain_sentencizer(pipe)
    for a, b in zip(nlp._table_part(new, 0, fast), nlp._table_part(old, 0, fast)):
        assert np.array_equal(a, b)
    walked_new, walked_old = pipe(nlp.make_doc(pipe, text)), pipe(nlp.make_doc_from_docs(pipe, text))
    assert np.array_equal(_arrays(walked_new), _arrays(walked_old))
    assert [(s.start, s.end) for s in walked_new.sents] == [(s.start, s.end) for s in walked_old.sents]
    lex = nlp.compiled(None, ())
    assert sorted(set(lex.phrase(new))) == sorted(set(lex.phrase(old)))
    assert sorted(set(lex.token_matches(new))) == sorted(set(lex.token_matches(old)))


@pytest.fixture(scope="module")
def pipe():
    return nlp.pipeline()


@pytest.mark.parametrize("text", [
    "-" * 8, "Hi.\n--------\nBye", "--------\n\nDon't wait. 'Cause y'all know.\n========\n",
    "a" * 401, " " + "!" * 8 + " ", "Order now!!!!!!!!!!! Free!", "x " + "😀" * 17 + "y", "\n" + "-" * 8 + "\n",
    "Hi there.--------BUY NOW", "no runs at all, don't worry.", "",
])
def test_make_doc_from_arrays_is_the_from_docs_doc(pipe, text: str) -> None:
    assert_same_doc(pipe, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(BITS), min_size=1, max_size=40),
       st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_make_doc_property_random_strings_with_symbol_runs(pipe, bits: list[str], noise: str) -> None:
    text = "".join(bits)
    assert_same_doc(pipe, text)
    assert_same_doc(pipe, noise + text + noise[::-1])


def test_parse_is_the_same_either_way(pipe, monkeypatch) -> None:
    from trustlint.source.formats import parse_draft

    text = ("Subject: Big news!!!!!!!!!\n\nHi there,\n\n--------\nDon't wait: 'cause it's free.\n"
            "================\nBUY NOW 😀😀😀😀😀😀😀😀😀 we can help you.\n")
    draft = parse_draft(text, "t.txt", "text")
    new = nlp.parse(draft)
    monkeypatch.setattr(nlp, "make_doc", nlp.make_doc_from_docs)
    old = nlp.parse(draft)
    assert new.stats == old.stats
    for name, pf in new.fields.items():
        other = old.fields[name]
        assert other.doc.idx.tolist() == pf.doc.idx.tolist()
        assert other.doc.flags.tolist() == pf.doc.flags.tolist()
        assert np.array_equal(other.doc.sent_starts, pf.doc.sent_starts)
        assert other.sentences == pf.sentences
    assert {k: [(m.entry.key, m.start, m.end) for m in v] for k, v in new._by_lexicon.items()} == \
        {k: [(m.entry.key, m.start, m.end) for m in v] for k, v in old._by_lexicon.items()}


# --- the lexicon rule engine stops at the first unsupported claim per sentence ------------------

CLAIM_BITS = ["Only 3 left in stock", "selling fast", "almost gone", "due to high demand", "risk-free",
              "money-back guarantee", "satisfaction guaranteed", "full refund", "12 people are viewing this",
              "someone in Leeds just bought one", "join millions of happy customers", "within 30 days",
              "terms: /refunds", "print run of 500, 212 remain as of 9:00 today", "on 3 March 2026",
              "source: our January 2026 count", "and", "order now", ". ", "! ", "\n\n", ", ", " - ", " "]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(CLAIM_BITS), min_size=1, max_size=30))
def test_first_unsupported_claim_per_sentence_is_filter_then_first(bits: list[str]) -> None:
    from trustlint.config import Config
    from trustlint.context import CampaignContext
    from trustlint.rules import all_rules
    from trustlint.rules.base import RuleContext
    from trustlint.source.formats import parse_draft

    text = "Subject: " + "".join(bits[:3]) + "\n\n" + "".join(bits) + "\n"
    doc = nlp.parse(parse_draft(text, "t.txt", "text"))
    config = Config()
    rules = [r for r in all_rules(()) if getattr(r, "kind", None) == "conditional"
             and getattr(r, "per_sentence", None) == "first" and getattr(r, "join", None) != "overlapping"]
    assert {r.code for r in rules} >= {"TL202", "TL604", "TL605"}
    for rule in rules:
        ctx = RuleContext(campaign=CampaignContext(), options=config.options_for(rule.code))
        found = doc.matches(rule.lexicon)
        claims = rule._claims(doc, found, ctx)
        filtered = [m for m in claims if not rule._supported(doc, m, found)]
        assert rule._first_unsupported(doc, claims, found) == rule._spans(doc, filtered)
