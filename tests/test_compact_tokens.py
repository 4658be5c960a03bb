"""Issue 15, memory: merge tokens (TokenList) and offset maps (TextMap) kept as arrays give
exactly what the per-object versions gave.

Each reference below is the former implementation, written out on plain tuples: token
finding by sorting every match, masking into a list of records and a tuple of pieces, the
piece-by-piece `to_source`, the linear `shift` of folding, and the stack of records of
`unbalanced`. They run on templates with many tokens (every platform's syntax, blocks that
mask to nothing, adjacent zero-width pieces, disguised spellings that make folding move the
tokens) and must agree token for token and offset for offset.
"""
from __future__ import annotations

import pickle
import random
import re

import pytest

from trustlint.nlp.folding import fold, fold_field
from trustlint.source.draft import Field
from trustlint.source.formats import parse_draft
from trustlint.source.templates import (MergeToken, _data, _describe, _dialect, _tables, find_tokens, is_system,
                                        mask_field, mask_word, raw_tokens, unbalanced)
from trustlint.source.textmap import Piece, TextBuilder, TextMap
from trustlint.source.tokenlist import TokenList

PIECES = ["{{ first_name }}", "{{ company | default: 'you' }}", "{% if first_name %}", "{% endif %}",
          "{% else %}", "{{#if fname}}", "{{/if}}", "{{#each items}}", "{{/each}}", "*|IF:FNAME|*", "*|FNAME|*",
          "*|END:IF|*", "%%[ set @x = 1 ]%%", "%%FirstName%%", "{% for item in cart %}", "{% endfor %}",
          "{# note #}", "<!-- c -->", "{{ unsubscribe_url }}", "[[NAME OR \"x\"]]", "{{ *|IF: %%[ ", "{{",
          "Hi ", "text ", "FREEEE ", "F R E E ", "\U0001d405\U0001d42b\U0001d41e\U0001d41e ", "café ", ".\n\n",
          " ", "\n", "x"]


def _soup(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(n))


# --- references: the former implementations -----------------------------------------------

def _find_reference(text: str) -> list[tuple[object, tuple[int, int]]]:
    found = []
    for pat in _tables()[0]:
        found.extend((pat, m) for m in pat.regex.finditer(text) if m.end() > m.start())
    found.sort(key=lambda pm: (pm[1].start(), -(pm[1].end() - pm[1].start())))
    out, last_end = [], 0
    for pat, m in found:
        if m.start() >= last_end:
            out.append((pat, m.span()))
            last_end = m.end()
    return out


def _raw_reference(text: str) -> list[MergeToken]:
    out = []
    for pat, m in ((p, m) for p, (s, e) in _find_reference(text) for m in [p.regex.match(text, s)]):
        name, fallback = _describe(pat, m) if pat.kind == "field" else ("", None)
        kind = "system" if pat.kind == "field" and name and is_system(name) else pat.kind
        platform = _dialect(m.group(0)) if pat.platform == "liquid" else pat.platform
        out.append(MergeToken(platform, kind, m.group(0), name, fallback, m.start(), m.end()))
    return out


def _to_source_reference(pieces: tuple[Piece, ...], start: int, end: int) -> tuple[int, int]:
    def piece(offset: int) -> Piece | None:
        if not pieces:
            return None
        starts = [p.text_start for p in pieces]
        idx = max(0, sum(1 for s in starts if s <= offset) - 1)
        return pieces[idx]

    if start == end:
        for p in pieces:
            if p.text_start == start and p.text_end == start:
                return p.src_start, p.src_end
    first = piece(start)
    if first is None:
        return 0, 0
    last = piece(max(start, end - 1)) or first
    src_start = first.src_start + min(start - first.text_start, first.src_end - first.src_start) \
        if first.copied else first.src_start
    src_end = last.src_start + min(max(end, last.text_start) - last.text_start, last.src_end - last.src_start) \
        if last.copied else last.src_end
    return src_start, max(src_start, src_end)


def _shift_reference(offset: int, pieces: tuple[Piece, ...]) -> int:
    for p in pieces:
        if p.src_start <= offset < p.src_end or (offset == p.src_end and p.copied):
            if p.copied:
                return p.text_start + (offset - p.src_start)
            return p.text_end if offset >= p.src_end else p.text_start
    return pieces[-1].text_end if pieces else offset


def _mask_reference(field: Field) -> tuple[str, tuple[Piece, ...], list[MergeToken]]:
    """Masked text, its pieces (before composing with the field's map) and tokens, as before."""
    parts, pieces, tokens, pos, length = [], [], [], 0, 0
    for raw in _raw_reference(field.text):
        copied = field.text[pos:raw.start]
        if copied:
            pieces.append(Piece(length, length + len(copied), pos, raw.start))
            parts.append(copied)
            length += len(copied)
        start = length
        mask = mask_word(raw)
        if mask:
            pieces.append(Piece(length, length + len(mask), raw.start, raw.end))
            parts.append(mask)
            length += len(mask)
        else:
            pieces.append(Piece(length, length, raw.start, raw.end))
        tokens.append(MergeToken(raw.platform, raw.kind, raw.raw, raw.name, raw.fallback, start, length))
        pos = raw.end
    rest = field.text[pos:]
    if rest:
        pieces.append(Piece(length, length + len(rest), pos, len(field.text)))
        parts.append(rest)
    return "".join(parts), tuple(pieces), tokens


def _unbalanced_reference(tokens: list[MergeToken]) -> list[tuple[MergeToken, str]]:
    problems, stack = [], []
    for tok in tokens:
        if tok.kind != "block":
            continue
        for spec in _data().balance:
            events = []
            for kind, regex in (("open", spec.open), ("close", spec.close)):
                found = regex.finditer(tok.raw) if spec.repeat else filter(None, [regex.search(tok.raw)])
                events += [(m.start(), kind, m.group("tag").lower()) for m in found]
            for _, kind, tag in sorted(events):
                tag = spec.alias.get(tag, tag)
                if kind == "open":
                    stack.append((spec.id, tag, tok))
                    continue
                idx = next((i for i in range(len(stack) - 1, -1, -1)
                            if stack[i][0] == spec.id and stack[i][1] == tag), None)
                if idx is None:
                    problems.append((tok, f"'{tok.raw}' closes a block that was never opened"))
                    continue
                for _, _, inner in stack[idx + 1:]:
                    problems.append((inner, f"'{inner.raw}' is not closed before '{tok.raw}'"))
                del stack[idx:]
            if events:
                break
    problems += [(opener, f"'{opener.raw}' is never closed") for _, _, opener in stack]
    return sorted(problems, key=lambda p: p[0].start)


# --- the tests ------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(30))
def test_tokens_and_masking_are_what_the_record_lists_gave(seed: int) -> None:
    rng = random.Random(seed)
    text = _soup(rng, rng.randint(0, 400))
    assert [(p, m.span()) for p, m in find_tokens(text)] == _find_reference(text)
    raw = raw_tokens(text)
    assert list(raw) == _raw_reference(text) and len(raw) == len(_raw_reference(text))
    field = Field("body", text, TextMap.identity(len(text), 7))
    masked, tokens = mask_field(field)
    ref_text, ref_pieces, ref_tokens = _mask_reference(field)
    assert masked.text == ref_text
    assert list(tokens) == ref_tokens and tokens == ref_tokens
    assert tuple(masked.map.pieces) == TextMap(ref_pieces).compose(field.map).pieces
    for a in range(0, len(ref_text) + 1, max(1, len(ref_text) // 60)):
        for b in (a, min(len(ref_text), a + 1), min(len(ref_text), a + 13)):
            assert masked.map.to_source(a, b) == _to_source_reference(tuple(masked.map.pieces), a, b)
    assert list(unbalanced(tokens)) == _unbalanced_reference(ref_tokens)
    assert list(unbalanced(ref_tokens)) == _unbalanced_reference(ref_tokens)  # a plain list of records too


@pytest.mark.parametrize("seed", range(30))
def test_folding_moves_tokens_as_the_linear_shift_did(seed: int) -> None:
    rng = random.Random(100 + seed)
    text = _soup(rng, rng.randint(1, 300))
    masked, tokens = mask_field(Field("body", text, TextMap.identity(len(text))))
    folded, moved = fold_field(masked, tokens)
    result = fold(masked.text, [(t.start, t.end) for t in tokens])
    if result is None:
        assert folded is masked and moved is tokens
        return
    inner = tuple(result[1].pieces)
    expected = [MergeToken(t.platform, t.kind, t.raw, t.name, t.fallback, _shift_reference(t.start, inner),
                           _shift_reference(t.end if t.end > t.start else t.start, inner)) for t in tokens]
    assert list(moved) == expected
    for offset in range(0, len(masked.text) + 2):
        assert result[1].text_offset(offset) == _shift_reference(offset, inner)


def test_many_tokens_with_folding_stay_linear() -> None:
    """A stretched word beside every token made folding shift each token by a scan of every
    piece (tokens x pieces): 2,000 of each must now take what a few thousand steps take."""
    import time

    text = "Hi {{ first_name }}, FREEEE now. " * 2000
    started = time.process_time()
    masked, tokens = mask_field(Field("body", text, TextMap.identity(len(text))))
    _, moved = fold_field(masked, tokens)
    assert len(moved) == 2000 and time.process_time() - started < 5


@pytest.mark.parametrize("seed", range(10))
def test_token_list_is_a_sequence_of_records(seed: int) -> None:
    rng = random.Random(200 + seed)
    text = _soup(rng, 200)
    tokens = raw_tokens(text)
    records = _raw_reference(text)
    assert [tokens[i] for i in range(len(tokens))] == records
    assert tokens[2:9] == tuple(records[2:9]) and (tokens[-1] if records else None) == (records[-1] if records else None)
    assert TokenList.of(MergeToken, records) == tokens
    assert pickle.loads(pickle.dumps(tokens)) == tokens
    seen: dict[tuple, MergeToken] = {}
    for t in records:
        seen.setdefault((t.platform, t.kind, t.raw, t.name, t.fallback), t)
    assert tokens.distinct() == list(seen.values())
    assert list(tokens.where(lambda t: t.kind == "block")) == [t for t in records if t.kind == "block"]
    _, masked = mask_field(Field("body", text, TextMap.identity(len(text))))
    for lo in range(0, max(t.end for t in masked) + 2 if len(masked) else 3):
        for hi in (lo, lo + 1, lo + 5):
            assert masked.overlaps(lo, hi) == any(t.start < hi and lo < t.end for t in masked)


def test_large_template_is_held_compactly() -> None:
    """20,000 blocks: the tokens and the map hold a few machine integers each, not objects."""
    import sys

    text = "{% if a %} x " * 20000
    masked, tokens = mask_field(parse_draft(text, "t.txt", "text").field("body"))
    assert len(tokens) == 20000 and len(tokens.descs) == 1 and len(masked.map) == 40000
    held = sum(sys.getsizeof(a) for a in (tokens.kinds, tokens.starts, tokens.ends))
    held += sum(sys.getsizeof(a) for a in (masked.map._t0, masked.map._t1, masked.map._s0, masked.map._s1))
    assert held < 20000 * 3 * 8 * 1.2 + 40000 * 4 * 8 * 1.2
    assert sum(1 for _ in unbalanced(tokens)) == 20000


@pytest.mark.parametrize("seed", range(20))
def test_text_map_is_the_tuple_of_pieces(seed: int) -> None:
    rng = random.Random(300 + seed)
    b, pos, pieces = TextBuilder(), 0, []
    for _ in range(rng.randint(0, 80)):
        kind, n = rng.choice("ccrdd"), rng.randint(1, 6)
        if kind == "c":
            pieces.append(Piece(b.length, b.length + n, pos, pos + n))
            b.copy("x" * n, pos)
        elif kind == "r":
            m = rng.randint(1, 4)
            pieces.append(Piece(b.length, b.length + m, pos, pos + n))
            b.replace("y" * m, pos, pos + n)
        else:
            pieces.append(Piece(b.length, b.length, pos, pos + n))
            b.drop(pos, pos + n)
        pos += n
    text, tmap = b.build()
    assert tuple(tmap.pieces) == tuple(pieces) and tmap == TextMap(pieces) and tmap.pieces == tuple(pieces)
    assert hash(tmap) == hash(TextMap(pieces)) and pickle.loads(pickle.dumps(tmap)) == tmap
    for a in range(len(text) + 1):
        for e in (a, min(len(text), a + 1), min(len(text), a + 7)):
            assert tmap.to_source(a, e) == _to_source_reference(tuple(pieces), a, e)
    for offset in range(pos + 2):
        assert tmap.text_offset(offset) == _shift_reference(offset, tuple(pieces))


def test_readers_keep_reading_pieces() -> None:
    text = "Subject: Hi *|FNAME|*\n\n<p>Hello {{ first_name }},</p><p>Your plan renews.</p>\n"
    for fmt in ("text", "html", "markdown"):
        draft = parse_draft(text, "t." + {"text": "txt", "html": "html", "markdown": "md"}[fmt], fmt)
        for f in draft.fields:
            for p in f.map.pieces:
                assert isinstance(p, Piece) and p.text_start <= p.text_end
                if p.copied:
                    assert f.text[p.text_start:p.text_end] == text[p.src_start:p.src_end]
            assert re.sub(r"\s+", " ", f.text)
