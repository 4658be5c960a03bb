"""Issue 15, time at 5 MB: the batch paths that replace per-hit and per-match Python work
give exactly what the one-at-a-time code gave.

- TextMap.to_source_many == to_source of each span (maps with copied, replaced and dropped
  pieces, empty spans on dropped pieces included);
- engine.first_spans == heapq.nsmallest over every (span, hit), stable, past BATCH hits and
  with ties, hits out of order and hits in two fields;
- RegexSet.iter_matches(limit=) == the first `limit` non-empty matches of each regex;
- cues.counts == one finditer per cue regex;
- the token Matcher per first word == the whole Matcher.
"""
from __future__ import annotations

import heapq
import random
import re

import pytest

from trustlint.app import engine
from trustlint.findings import Hit
from trustlint.nlp import cues
from trustlint.nlp.scan import RegexSet
from trustlint.source.textmap import TextBuilder


def _random_map(rng: random.Random):
    b, pos = TextBuilder(), 0
    for _ in range(rng.randint(0, 60)):
        kind, n = rng.choice("ccrdd"), rng.randint(1, 6)
        if kind == "c":
            b.copy("x" * n, pos)
        elif kind == "r":
            b.replace("y" * rng.randint(1, 4), pos, pos + n)
        else:
            b.drop(pos, pos + n)
        pos += n
    return b.build()


@pytest.mark.parametrize("seed", range(25))
def test_to_source_many_is_to_source_of_each_span(seed: int) -> None:
    rng = random.Random(seed)
    text, tmap = _random_map(rng)
    spans = [(a, e) for a in range(len(text) + 1) for e in (a, min(len(text), a + 1), min(len(text), a + 5))]
    starts, ends = tmap.to_source_many([a for a, _ in spans], [e for _, e in spans])
    assert list(zip(starts.tolist(), ends.tolist())) == [tmap.to_source(a, e) for a, e in spans]


def test_to_source_many_of_an_empty_map_is_zero() -> None:
    _, tmap = TextBuilder().build()
    starts, ends = tmap.to_source_many([0, 3], [0, 4])
    assert starts.tolist() == [0, 0] and ends.tolist() == [0, 0]


class _Doc:
    """What first_spans reads of a Document: field(name) -> an object with .text, .field.map."""

    def __init__(self, fields):
        self._fields = fields

    def field(self, name):
        return self._fields.get(name)


class _PF:
    def __init__(self, text, tmap):
        self.text, self.field = text, type("F", (), {"map": tmap})()


@pytest.mark.parametrize("seed", range(12))
def test_first_spans_is_nsmallest_of_every_span(seed: int, monkeypatch) -> None:
    rng = random.Random(1000 + seed)
    monkeypatch.setattr(engine, "BATCH", rng.choice([3, 16, 50]))
    fields = {}
    for name in ("subject", "body"):
        text, tmap = _random_map(rng)
        fields[name] = _PF(text, tmap)
    doc = _Doc(fields)
    hits = []
    for k in range(rng.randint(0, 400)):
        name = rng.choice(("subject", "body"))
        n = len(fields[name].text)
        a = rng.randint(-2, n + 2)
        hits.append(Hit(name, a, a + rng.randint(-1, 6), f"hit {k}"))
    if rng.random() < 0.5:
        hits.sort(key=lambda h: h.start)  # the hostile case: hits in text order, many per batch
    look_at = rng.choice([1, 5, 40, 1000])
    total, got = engine.first_spans(doc, iter(hits), look_at)
    want = heapq.nsmallest(look_at, ((engine._span(doc, h), h) for h in hits), key=engine._key)
    assert total == len(hits)
    assert [(s, h.message) for s, h in got] == [(s, h.message) for s, h in want]


def test_first_spans_names_an_unknown_field(monkeypatch) -> None:
    monkeypatch.setattr(engine, "BATCH", 2)
    text, tmap = _random_map(random.Random(5))
    doc = _Doc({"body": _PF(text, tmap)})
    with pytest.raises(ValueError, match="unknown field 'nope'"):
        engine.first_spans(doc, iter([Hit("body", 0, 0, "a"), Hit("nope", 0, 0, "b"), Hit("body", 0, 0, "c")]))


_REGEXES = [re.compile(p, f) for p, f in [
    (r"\bbuy\s+now\b", re.I), (r"now", 0), (r"\d+%", 0), (r"(?=x)", 0), (r"x*", 0), (r"\b\w+'ll\b", 0),
]]


@pytest.mark.parametrize("seed", range(15))
def test_limited_matches_are_the_first_of_each_regex(seed: int) -> None:
    rng = random.Random(seed)
    words = ["BUY NOW", "buy now", "now", "12%", "x", "xx", "we'll", " ", "\n", "nowhere"]
    text = "".join(rng.choice(words) + " " for _ in range(rng.randint(0, 300)))
    limit = rng.choice([1, 2, 5, 50])
    unlimited = frozenset(rng.sample(range(len(_REGEXES)), 2))
    got = [(i, m.span()) for i, m in RegexSet(_REGEXES).iter_matches(text, limit, unlimited)]
    want = []
    for i, r in enumerate(_REGEXES):
        n = 0
        for m in r.finditer(text):
            want.append((i, m.span()))
            if m.end() > m.start() and i not in unlimited:
                n += 1
                if n >= limit:
                    break
    assert got == want


@pytest.mark.parametrize("seed", range(10))
def test_cue_counts_are_one_finditer_per_cue(seed: int) -> None:
    rng = random.Random(seed)
    words = ["FREE", "free", "!!!", "$1,500", "USD 300", "verify your account", "next of kin", "you have won",
             "your mailbox has been suspended", "lottery", "Hello", "OK", "a", "\n", "claim your prize"]
    texts = ["".join(rng.choice(words) + rng.choice(" .,\n") for _ in range(rng.randint(0, 200))) for _ in range(2)]
    caps, words_n, bangs, money, alarms, disguised, windfalls = cues.counts(texts)
    def n(r):
        return sum(1 for t in texts for _ in r.finditer(t))
    assert (caps, words_n, bangs, money, alarms, windfalls) == (
        n(cues._CAPS), n(cues._WORD), n(cues._BANG), n(cues._MONEY), n(cues._ACCOUNT_ALARM), n(cues._WINDFALL))
    assert disguised == sum(cues.disguised_words(t) for t in texts)


def test_token_matches_per_first_word_are_the_whole_matchers() -> None:
    from trustlint.config import Config
    from trustlint.nlp import document as nlp

    cfg = Config()
    lex = nlp.compiled(cfg.model, cfg.lexicons)
    pipe = nlp.pipeline(cfg.model)
    assert lex._first, "every built-in token pattern starts with an exact word"
    rng = random.Random(7)
    firsts = sorted(v for vs in lex._first.values() for v in vs)
    filler = ["the", "a", "team", "customer", ".", ",", "and", "our", "\n\n"]
    found = 0
    for _ in range(5):
        words = [rng.choice(firsts) if rng.random() < 0.3 else rng.choice(filler) for _ in range(600)]
        doc = pipe.make_doc(" ".join(words))
        want = sorted(set(lex.matcher(doc)))
        assert sorted(set(lex.token_matches(doc))) == want
        found += len(want)
    assert found > 5  # the texts hold matches to compare


@pytest.mark.parametrize("text", ["", " ", "a", "a b", " a  b c ", "a b c d", "a\nb\tc d e", "x " * 50])
def test_tl602_word_floor_is_a_split_count(text: str) -> None:
    from trustlint.rules.deception.TL602_subject_body_mismatch import _fewer_words

    for n in range(-1, 8):
        assert _fewer_words(text, n) == (len(text.split()) < n)


def test_tl502_greeting_test_looks_back_only_within_its_reach() -> None:
    """_in_greeting searched for the line start back to the beginning of the text for every
    token (quadratic on a one-line 5 MB draft); the bounded search gives the same answers."""
    import random

    from trustlint.rules.personalization import TL502_token_without_fallback as tl502

    def unbounded(text: str, start: int, end: int) -> bool:
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(line_start, start - 40):start]
        if tl502._SALUTATION_BEFORE.search(before):
            return True
        return not before.strip() and tl502._VOCATIVE_AFTER.match(text, end) is not None

    rng = random.Random(502)
    pieces = ["Hi ", "Dear ", "hello", "\n", " ", ", ", "x", "TOKEN", "Thanks ", "Good morning ", "\t", "!"]
    agree = fired = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        for start in range(0, len(text) + 1, max(1, len(text) // 7)):
            end = min(len(text), start + rng.randint(0, 6))
            got = tl502._in_greeting(text, start, end)
            assert got == unbounded(text, start, end), (text, start, end)
            agree += 1
            fired += got
    assert agree > 10000 and 0 < fired < agree  # both answers were exercised
