"""Issue 15, time and memory: the linear replacements give what the simple versions gave.

Each fast path (block-by-block parsing, the TokenTable standing in for a spaCy Doc, the
windowed Matcher, chunked literal scanning, TextMap.compose by bisect, the one-pass TL502
guard check) is compared with the straightforward computation it replaced, on inputs small
enough for that computation, with its size knobs turned down so the fast path really runs.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from trustlint.nlp import document as nlp
from trustlint.config import Config
from trustlint.source.formats import parse_draft
from trustlint.app.runner import lint_draft
from trustlint.source.textmap import Piece, TextMap

SAMPLES = sorted(p for p in (Path(__file__).resolve().parents[1] / "samples").iterdir() if p.suffix in (".txt", ".md"))


def _texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in SAMPLES]
    out.append("Hello  World.\n\nThis is it's   \"x\"  ok. No. 1 approx. 3 e.g. this!\n\n\nEnd")
    return out


@pytest.fixture(scope="module")
def pipe():
    return nlp.pipeline()


# --- the TokenTable answers as the spaCy Doc did ---------------------------------------------

@pytest.mark.parametrize("text", _texts())
def test_token_table_matches_the_spacy_doc(pipe, text: str) -> None:
    doc = pipe(nlp.make_doc(pipe, text))
    from trustlint.nlp.tokentable import TokenTable

    table = TokenTable.from_parts(text, [nlp._table_part(doc, 0)], pipe.vocab.strings)
    assert [(t.text, t.idx, t.is_alpha, t.is_space, t.is_upper, t.like_num, t.norm_, t.whitespace_)
            for t in table] == [(t.text, t.idx, t.is_alpha, t.is_space, t.is_upper, t.like_num, t.norm_,
                                 t.whitespace_) for t in doc]
    assert [(s.start_char, s.end_char, s.text) for s in table.sents] == \
        [(s.start_char, s.end_char, s.text) for s in doc.sents]
    assert table.sentence_bounds() == [(s.start_char, s.end_char) for s in doc.sents]
    rng = random.Random(len(text))
    for _ in range(200):
        a = rng.randrange(len(text))
        b = rng.randrange(a + 1, len(text) + 1)
        for mode in ("strict", "expand"):
            mine, theirs = table.char_span(a, b, alignment_mode=mode), doc.char_span(a, b, alignment_mode=mode)
            if theirs is None or len(theirs) == 0:
                assert mine is None or len(mine) == 0
            else:
                assert mine is not None and (mine.start, mine.end) == (theirs.start, theirs.end)
                assert [t.norm_ for t in mine] == [t.norm_ for t in theirs]


# --- parsing in blocks ------------------------------------------------------------------------

def _long_draft() -> str:
    paragraphs = [p.read_text(encoding="utf-8").split("\n\n", 1)[-1].strip() for p in SAMPLES]
    return "Subject: Long one\n\n" + "\n\n".join(paragraphs * 3) + "\n"


def test_blocks_end_where_the_sentencizer_starts_a_sentence() -> None:
    text = "One. Two.\n\nThree four\n\nFive.\n\n" * 50
    blocks = nlp._blocks(text, 100)
    assert blocks[0][0] == 0 and blocks[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:]))
    assert len(blocks) > 10 and all(text[b - 1] in ".!?" and text[b:b + 2] == "\n\n" for _, b in blocks[:-1])


def test_blocks_of_text_without_breaks_cut_at_spaces_or_anywhere() -> None:
    words = "word " * 1000
    blocks = nlp._blocks(words, 64)
    assert all(words[b - 1] == " " and words[b] != " " for _, b in blocks[:-1])
    solid = "x" * 1000
    assert nlp._blocks(solid, 64)[0] == (0, 64)


def test_a_draft_parsed_in_blocks_gives_the_findings_of_one_block(monkeypatch) -> None:
    text = _long_draft()
    assert len(text) > 10_000
    cfg = Config()
    whole = lint_draft(parse_draft(text, "long.txt", "text"), cfg)
    monkeypatch.setattr(nlp, "BLOCK_CHARS", 1_000)
    assert len(nlp._blocks(text)) > 10
    blocks = lint_draft(parse_draft(text, "long.txt", "text"), cfg)
    assert [(f.code, f.start, f.end, f.message) for f in blocks.findings] == \
        [(f.code, f.start, f.end, f.message) for f in whole.findings]
    assert blocks.stats == whole.stats and blocks.score == whole.score


def test_tokens_are_the_same_in_blocks(pipe, monkeypatch) -> None:
    text = _long_draft()
    draft = parse_draft(text, "long.txt", "text")
    whole = nlp.parse(draft)
    monkeypatch.setattr(nlp, "BLOCK_CHARS", 1_500)
    parts = nlp.parse(draft)
    for name, pf in whole.fields.items():
        other = parts.fields[name]
        assert other.doc.idx.tolist() == pf.doc.idx.tolist()
        assert other.doc.flags.tolist() == pf.doc.flags.tolist()
        assert other.sentences == pf.sentences
    assert [(m.entry.key, m.start, m.end) for m in parts._by_lexicon["pronouns"]] == \
        [(m.entry.key, m.start, m.end) for m in whole._by_lexicon["pronouns"]]


# --- the Matcher over stretches that can start a match ------------------------------------------

@pytest.mark.parametrize("text", _texts() + ["you " * 500 + "we can help you " * 300])
def test_windowed_matcher_finds_what_the_matcher_finds(pipe, text: str) -> None:
    lex = nlp.compiled(None, ())
    assert lex._first is not None  # every built-in pattern starts with an exact word
    doc = pipe(nlp.make_doc(pipe, text))
    assert sorted(set(lex.token_matches(doc))) == sorted(set(lex.matcher(doc)))


# --- literal scanning in chunks ---------------------------------------------------------------

def test_chunked_literal_positions_are_every_occurrence() -> None:
    lex = nlp.compiled(None, ())
    scanner = lex.regex_set.scanner
    text = _long_draft()[:6000]
    from trustlint.nlp.scan import ascii_fold

    folded = ascii_fold(text)
    got = scanner.positions(text, chunk=97)
    for sid, starts in got.items():
        s = scanner.strings[sid]
        assert starts.tolist() == [m.start() for m in re.finditer(f"(?={re.escape(s)})", folded)]
    assert set(got) == {i for i, s in enumerate(scanner.strings) if s in folded}


def test_regex_set_matches_are_finditer_per_regex(monkeypatch) -> None:
    from trustlint.nlp import scan

    lex = nlp.compiled(None, ())
    rs = lex.regex_set
    text = _long_draft()[:8000] + " we guarantee it. n = 400 users. 19 2020 customer survey "
    expected = [(i, m.span()) for i, r in enumerate(rs.regexes) for m in r.finditer(text)]
    assert [(i, m.span()) for i, m in rs.matches(text)] == expected
    monkeypatch.setattr(scan, "DENSE", 10**9)  # every prefixed regex by its candidates
    assert [(i, m.span()) for i, m in rs.matches(text)] == expected
    monkeypatch.setattr(scan, "DENSE", 1)  # every prefixed regex by finditer
    assert [(i, m.span()) for i, m in rs.matches(text)] == expected


# --- TextMap.compose --------------------------------------------------------------------------

def _compose_reference(outer: TextMap, inner: TextMap) -> TextMap:
    out = []
    for p in outer.pieces:
        if not p.copied:
            out.append(Piece(p.text_start, p.text_end, *inner.to_source(p.src_start, p.src_end)))
            continue
        for q in inner.pieces:
            a, b = max(p.src_start, q.text_start), min(p.src_end, q.text_end)
            if a >= b:
                continue
            t0, t1 = p.text_start + (a - p.src_start), p.text_start + (b - p.src_start)
            out.append(Piece(t0, t1, q.src_start + (a - q.text_start), q.src_start + (b - q.text_start))
                       if q.copied else Piece(t0, t1, q.src_start, q.src_end))
    return TextMap(tuple(out))


def _random_map(rng: random.Random, length: int, src_offset: int) -> tuple[TextMap, int]:
    """A map built as TextBuilder builds one: copies, replacements and drops over a source."""
    from trustlint.source.textmap import TextBuilder

    b, pos = TextBuilder(), src_offset
    while b.length < length:
        kind, n = rng.choice("ccrd"), rng.randint(1, 9)
        if kind == "c":
            b.copy("x" * n, pos)
            pos += n
        elif kind == "r":
            b.replace("y" * rng.randint(1, 5), pos, pos + n)
            pos += n
        else:
            b.drop(pos, pos + n)
            pos += n
    return b.build()[1], pos


@pytest.mark.parametrize("seed", range(40))
def test_compose_is_the_piece_by_piece_composition(seed: int) -> None:
    rng = random.Random(seed)
    inner, inner_len = _random_map(rng, rng.randint(1, 200), rng.randint(0, 5))
    inner_text_len = inner.pieces[-1].text_end
    outer, _ = _random_map(rng, rng.randint(1, 150), 0)
    outer = TextMap(tuple(p for p in outer.pieces if p.src_end <= inner_text_len))
    assert outer.compose(inner) == _compose_reference(outer, inner)
    single = TextMap.identity(inner_text_len, rng.randint(0, 50))
    assert outer.compose(single) == _compose_reference(outer, single)


# --- TL502's guard and template-variable checks, in one pass ---------------------------------

def _reference_skipped(tok, tokens) -> bool:
    """The former per-token scans of TokenWithoutFallback (guarded or a template variable)."""
    key = re.sub(r"[^a-z0-9]", "", tok.name.lower())
    if key and any(o.kind == "block" and o.start <= tok.start and re.search(r"(?i)\bif", o.raw)
                   and key in re.sub(r"[^a-z0-9]", "", o.raw.lower()) for o in tokens):
        return True
    assigned = re.compile(r"^\{%-?\s*(?:assign|set|capture|for)\s+([A-Za-z_]\w*)|^\{\{~?\s*#\s*each\b", re.I)
    root = re.split(r"[.|\s]", tok.name.strip().lstrip("$").strip("{}"), maxsplit=1)[0].lower()
    depth = 0
    for other in tokens:
        if other.start > tok.start:
            break
        if other.kind != "block":
            continue
        m = assigned.match(other.raw)
        if m and m.group(1) and m.group(1).lower() == root:
            return True
        if m and m.group(1) is None:
            depth += 1
        elif re.match(r"^\{\{~?\s*/\s*each\b", other.raw):
            depth -= 1
    return depth > 0


@pytest.mark.parametrize("seed", range(25))
def test_contact_fields_are_the_unguarded_non_local_fields(seed: int) -> None:
    from trustlint.rules.personalization.TL502_token_without_fallback import _contact_fields
    from trustlint.source.templates import mask_field

    rng = random.Random(seed)
    pieces = ["{{ first_name }}", "{{ company }}", "{{ name }}", "{{ item.title }}", "{% if first_name %}",
              "{% if customer.company %}", "{% endif %}", "{{#each items}}", "{{/each}}", "{% for item in cart %}",
              "{% endfor %}", "{% assign company = 'x' %}", "{{#if fname}}", "{{/if}}", "text ", "\n\n",
              "*|IF:FNAME|*", "*|FNAME|*", "{{ refill_date }}"]
    text = "".join(rng.choice(pieces) for _ in range(60))
    field = parse_draft(text, "t.txt", "text").field("body")
    _, tokens = mask_field(field)
    expected = [t for t in tokens if t.kind == "field" and t.fallback is None and t.name
                and not _reference_skipped(t, tokens)]
    assert list(_contact_fields(tokens)) == expected


def test_stray_closers_over_open_blocks_are_each_reported_once() -> None:
    from trustlint.source.templates import mask_field, unbalanced

    text = "{% if a %} x " * 300 + "{% endfor %} y " * 300
    _, tokens = mask_field(parse_draft(text, "t.txt", "text").field("body"))
    problems = unbalanced(tokens)
    assert sum("never opened" in p for _, p in problems) == 300
    assert sum("never closed" in p for _, p in problems) == 300


# --- TL403's ALL-CAPS runs from the token arrays -----------------------------------------------

def _caps_runs_reference(pf) -> list[tuple[int, int, int]]:
    runs, current = [], []

    def close() -> None:
        if len(current) >= 2:
            runs.append((current[0].idx, current[-1].idx + len(current[-1].text), len(current)))
        current.clear()

    for tok in pf.doc:
        if tok.is_alpha and len(tok.text) >= 2 and tok.text.isupper():
            current.append(tok)
        elif not (tok.is_space and "\n" not in tok.text):
            close()
    close()
    return runs


@pytest.mark.parametrize("seed", range(30))
def test_caps_runs_are_the_token_by_token_runs(seed: int) -> None:
    from trustlint.rules.self_orientation.TL403_hard_sell import _caps_runs

    rng = random.Random(seed)
    words = ["BUY ", "NOW", " ", "\n", "  ", "ok ", "I ", "FREE!", "\n \n", "ÉTÉ ", "XY", "\t", "A1 "]
    text = "Subject: " + "".join(rng.choice(words) for _ in range(12)) + "\n\n" + \
        "".join(rng.choice(words) for _ in range(80))
    doc = nlp.parse(parse_draft(text, "t.txt", "text"))
    for pf in doc.fields.values():
        assert _caps_runs(pf) == _caps_runs_reference(pf)


# --- suppressions looked up by line and code prefix --------------------------------------------

class _BruteScopes:
    def __init__(self, scopes: list) -> None:
        self.scopes = scopes

    def mark(self, code: str, line: int, used: set) -> bool:
        covering = [i for i, s in enumerate(self.scopes) if s.covers(code, line)]
        used.update(covering)
        return bool(covering)


@pytest.mark.parametrize("seed", range(12))
def test_suppression_index_covers_what_every_scope_covers(seed: int, monkeypatch) -> None:
    from trustlint.app import engine

    rng = random.Random(seed)
    lines = ["Only three seats are left!!", "BUY NOW", "We guarantee 300% results.", "", "Hi there,",
             "<!-- trustlint: disable=TL604 -->", "<!-- trustlint: enable=TL604 -->", "<!-- trustlint: disable -->",
             "<!-- trustlint: enable -->", "<!-- trustlint: disable-next-line=TL4 -->",
             "Act now! <!-- trustlint: disable=TL6 -->", "<!-- trustlint: disable=TL403,TL102 -->", "Ends tonight."]
    text = "\n".join(rng.choice(lines) for _ in range(120)) + "\n"
    draft = parse_draft(text, "s.md", "markdown")
    fast = lint_draft(draft, Config())
    monkeypatch.setattr(engine, "_ScopeIndex", _BruteScopes)
    slow = lint_draft(draft, Config())
    assert [(f.code, f.start, f.message) for f in fast.findings] == [(f.code, f.start, f.message) for f in slow.findings]


# --- at most MAX_PER_RULE findings per rule and draft ------------------------------------------

def test_a_rule_lists_its_first_findings_and_says_how_many_more(monkeypatch) -> None:
    from trustlint.app import engine

    monkeypatch.setattr(engine, "MAX_PER_RULE", 50)
    monkeypatch.setattr(engine, "LOOK_AT", 200)
    draft = parse_draft("{% if a %} x " * 300, "t.txt", "text")
    capped = [f for f in lint_draft(draft, Config()).findings if f.code == "TL503"]
    monkeypatch.setattr(engine, "MAX_PER_RULE", 10**6)
    monkeypatch.setattr(engine, "LOOK_AT", 10**7)
    every = [f for f in lint_draft(draft, Config()).findings if f.code == "TL503"]
    assert len(every) == 300 and len(capped) == 51
    assert [(f.start, f.message) for f in capped[:50]] == [(f.start, f.message) for f in every[:50]]
    assert capped[50].start == every[50].start
    assert capped[50].message == "TL503 fired 250 more times from here on; only the first 50 are listed"


def test_matches_per_entry_are_capped_but_counted(monkeypatch) -> None:
    text = "We did it. " * 400
    whole = nlp.parse(parse_draft(text, "t.txt", "text"))
    monkeypatch.setattr(nlp, "MAX_MATCHES_PER_ENTRY", 100)
    capped = nlp.parse(parse_draft(text, "t.txt", "text"))
    assert capped.stats == whole.stats  # pronouns counted before the cap
    ours = capped.matches("pronouns")
    assert 0 < len(ours) <= 100 * 3 and ours == whole.matches("pronouns")[:len(ours)]


@pytest.mark.parametrize("seed", range(10))
def test_directive_lines_are_counted_on_not_from_the_start(seed: int) -> None:
    from trustlint.source import suppressions as S

    rng = random.Random(seed)
    bits = ["<!-- trustlint: disable=TL604 -->", "x ", "\n", "<!-- trustlint: enable -->", "<!-- nope -->",
            "  ", "\n\n", "<!-- trustlint: disable-next-line=TL1 -->\n"]
    text = "".join(rng.choice(bits) for _ in range(80))
    expected = []
    for m in S.COMMENT.finditer(text):
        payload = next((g for g in m.groups() if g is not None), "")
        if S._DIRECTIVE.fullmatch(payload.strip()) is None:
            continue
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        le = len(text) if le < 0 else le
        alone = not text[ls:m.start()].strip() and not text[m.end():le].strip()
        expected.append((m.start(), text.count("\n", 0, m.start()) + 1, alone))
    assert [(d.start, d.line, d.alone) for d in S.find(text)[0]] == expected


def test_markdown_inline_scan_reads_the_body_a_bounded_number_of_times(monkeypatch) -> None:
    """The Markdown body scan looks for the next inline construct again only after passing it:
    searching afresh after every merge token rescanned the rest of the body once per token
    (80 KB of "{{ first_name }}" took minutes). Counted: characters the searches cross."""
    from trustlint.source.formats import markdown

    crossed = []
    real = markdown._INLINE

    class Counting:
        def search(self, text, pos, end):
            m = real.search(text, pos, end)
            crossed.append((m.end() if m else end) - pos)
            return m

    monkeypatch.setattr(markdown, "_INLINE", Counting())
    for body in ("Hi {{ first_name }}, from {{ company }} and more. " * 2000,
                 "Hi {{ first_name }}, from *|COMPANY|*. " * 2000,
                 "Hi {{ first_name }}, **see** [our page](https://x.test) now. " * 1000):
        crossed.clear()
        text, _ = markdown.extract(body)
        assert text.count("first_name") == body.count("first_name")
        assert sum(crossed) <= 3 * len(body), (body[:40], sum(crossed), len(body))
    assert "**" not in text and "https" not in text and "our page" in text
