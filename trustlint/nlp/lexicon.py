"""Loads lexicons (YAML data), validates them, and compiles them once into matchers.

One pattern schema for every lexicon entry:
- `phrases`: strings, matched case-insensitively on token LOWER by a PhraseMatcher;
- `patterns`: token patterns (lists of dicts) for a spaCy Matcher;
- `regex`: character-level regular expressions (case-insensitive unless `case: true`).
A lexicon may also declare a `rule:` section; it then becomes a rule with no Python code
(see trustlint.rules.lexicon_rule). Reading YAML never imports spaCy; compiling does.
"""
from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

from .. import yamlsafe as yaml
from ..cachestore import lexicon_data, load_shipped_yaml, validated_lexicons
from .scan import RegexSet
from .userregex import compile_user

ENTRY_KEYS = {"id", "phrases", "patterns", "regex", "case", "note", "tags", "weight", "message", "suggestion"}
LEXICON_KEYS = {"name", "description", "source", "entries", "rule"}
RULE_KEYS = {"code", "name", "severity", "component", "summary", "why", "source", "message",
             "suggestion", "examples", "fields", "context", "when", "kind",
             # data-rule shaping (trustlint/rules/lexicon_rule.py validates the values)
             "guards", "tag_when", "claims", "unless", "join", "per_sentence", "match_text", "support"}


class LexiconError(ValueError):
    """A lexicon file that does not follow the schema; the message names the file and entry."""


class UnknownLexicon(LexiconError, KeyError):
    """A lookup of a lexicon no file defines (a renamed or deleted file must not silently
    disable the rules that read it)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def check_lexicon_name(name: str, known: frozenset[str]) -> None:
    """Raise UnknownLexicon when `name` is not one of the `known` lexicon names."""
    if name not in known:
        raise UnknownLexicon(f"no lexicon named '{name}' (a rule reads it, but no lexicon file defines it; "
                             f"known: {', '.join(sorted(known))})")


@dataclass(frozen=True)
class Entry:
    lexicon: str
    id: str
    phrases: tuple[str, ...]
    patterns: tuple[tuple[dict[str, Any], ...], ...]
    regex: tuple[re.Pattern[str], ...]
    data: dict[str, Any]  # everything else the entry carries (tags, message, ...)

    @cached_property  # read per match (millions in a hostile draft); the dataclass is frozen
    def key(self) -> str:
        return f"{self.lexicon}/{self.id}"


@dataclass(frozen=True)
class Lexicon:
    name: str
    description: str
    entries: tuple[Entry, ...]
    rule: dict[str, Any] | None
    origin: str  # file it came from, for error messages
    builtin: bool = True  # shipped with trustlint (False: a campaign repository's own folder)


def builtin_dir():
    return resources.files("trustlint.lexicons")


@lru_cache(maxsize=None)
def read_lexicon_file(name: str) -> dict[str, Any]:
    """Raw YAML of a built-in data file in lexicons/ (by name, without .yml)."""
    return load_shipped_yaml((builtin_dir() / f"{name}.yml").read_bytes())



def _fail(origin: str, msg: str) -> LexiconError:
    return LexiconError(f"{origin}: {msg}")


class LazyRegex:
    """A regex compiled on first use (most lexicon regexes never run on a short draft: the
    one-pass scan skips those whose literals are absent). Behaves as the compiled pattern.
    validate=True compiles now (raising re.error for a bad pattern)."""

    __slots__ = ("pattern", "flags", "_rx")

    def __init__(self, pattern: str, flags: int = 0, validate: bool = True) -> None:
        self.pattern, self.flags = pattern, flags
        self._rx: re.Pattern[str] | None = re.compile(pattern, flags) if validate else None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = re.compile(self.pattern, self.flags)
        return self._rx

    def __getattr__(self, name: str) -> Any:  # match, finditer, search, groupindex, ...
        return getattr(self.compiled, name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (LazyRegex, re.Pattern)):
            return (self.pattern, self.flags) == (other.pattern, other.flags & ~re.UNICODE)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyRegex({self.pattern!r}, {self.flags})"

    def __reduce__(self) -> Any:
        return (LazyRegex, (self.pattern, self.flags, False))


def parse_lexicon(data: Any, origin: str, builtin: bool = True, validate: bool = True) -> Lexicon:
    """validate=False skips compiling regexes (a file already validated, see _load_dir)."""
    if not isinstance(data, dict):
        raise _fail(origin, "a lexicon must be a YAML mapping")
    unknown = set(data) - LEXICON_KEYS
    if unknown:
        raise _fail(origin, f"unknown key(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(LEXICON_KEYS))})")
    name = data.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_-]+", name):
        raise _fail(origin, "'name' must be a lower-case identifier")
    entries_raw = data.get("entries")
    if not isinstance(entries_raw, list) or not entries_raw:
        raise _fail(origin, "'entries' must be a non-empty list")
    entries, seen = [], set()
    for i, raw in enumerate(entries_raw):
        where = f"entry {i + 1}"
        if not isinstance(raw, dict):
            raise _fail(origin, f"{where} must be a mapping")
        bad = set(raw) - ENTRY_KEYS
        if bad:
            raise _fail(origin, f"{where}: unknown key(s) {', '.join(sorted(bad))}")
        eid = raw.get("id")
        if not isinstance(eid, str) or not eid:
            raise _fail(origin, f"{where}: 'id' must be a non-empty string")
        if eid in seen:
            raise _fail(origin, f"duplicate entry id '{eid}'")
        seen.add(eid)
        where = f"entry '{eid}'"
        phrases = _str_list(raw.get("phrases", []), origin, f"{where}: 'phrases'")
        regex_src = _str_list(raw.get("regex", []), origin, f"{where}: 'regex'")
        flags = 0 if raw.get("case") else re.IGNORECASE
        try:
            if builtin:  # compiled on first use (LazyRegex), validated unless cached
                regexes = tuple(LazyRegex(r, flags, validate) for r in regex_src)
            else:  # a campaign repository's own rule: linear-time RE2 (trustlint/nlp/userregex.py)
                regexes = tuple(compile_user(r, flags) for r in regex_src)
        except (re.error, ValueError) as exc:
            raise _fail(origin, f"{where}: bad regex: {exc}") from None
        patterns = raw.get("patterns", [])
        if not isinstance(patterns, list) or not all(
            isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns
        ):
            raise _fail(origin, f"{where}: 'patterns' must be a list of token-pattern lists")
        for pattern in patterns:
            for tok in pattern:
                for attr, spec in tok.items():
                    values = spec.get("IN", []) if isinstance(spec, dict) else [spec]
                    if attr in ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA") and any(isinstance(v, bool) for v in values):
                        raise _fail(origin, f"{where}: a {attr} value was read as true/false; quote words "
                                            "like \"on\", \"off\", \"yes\", \"no\" in YAML")
        if not (phrases or regexes or patterns):
            raise _fail(origin, f"{where}: needs at least one of phrases, patterns, regex")
        extra = {k: v for k, v in raw.items() if k not in {"id", "phrases", "patterns", "regex", "case"}}
        entries.append(Entry(name, eid, tuple(phrases), tuple(tuple(p) for p in patterns), regexes, extra))
    rule = data.get("rule")
    if rule is not None:
        if not isinstance(rule, dict):
            raise _fail(origin, "'rule' must be a mapping")
        bad = set(rule) - RULE_KEYS
        if bad:
            raise _fail(origin, f"rule: unknown key(s) {', '.join(sorted(bad))}")
    return Lexicon(name, str(data.get("description", "")), tuple(entries), rule, origin, builtin)


def _str_list(value: Any, origin: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(origin, f"{where} must be a list of non-empty strings")
    return value


def _load_dir(files: Iterable[Any], builtin: bool = True) -> list[Lexicon]:
    out = []
    known = validated_lexicons()
    parsed = lexicon_data()
    for f in sorted(files, key=lambda p: p.name):
        if not f.name.endswith((".yml", ".yaml")):
            continue
        raw = f.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        slot = ("b:" if builtin else "u:") + digest
        if slot in parsed:  # these exact bytes were parsed (and passed the loader) before
            data = pickle.loads(parsed[slot])
        else:
            try:
                text = raw.decode("utf-8")
                data = yaml.load(text) if builtin else yaml.load_untrusted(text)
            except UnicodeDecodeError:
                raise LexiconError(f"{f}: not UTF-8 text") from None
            except yaml.YAMLError as exc:
                raise LexiconError(f"{f}: invalid YAML: {' '.join(str(exc).split())}") from None
            parsed[slot] = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        if isinstance(data, dict) and "entries" not in data:
            continue  # a data table of another shape (e.g. merge_tokens.yml), not a lexicon
        # a file whose exact bytes passed validation before (on-disk cache) is not compiled now:
        # its regexes compile on first use
        out.append(parse_lexicon(data, str(f.name) if not isinstance(f, Path) else str(f), builtin,
                                 validate=digest not in known))
        known.add(digest)
    validated_lexicons.save()
    lexicon_data.save()
    return out


@lru_cache(maxsize=8)
def load_lexicons(extra_dirs: tuple[str, ...] = ()) -> tuple[Lexicon, ...]:
    """Built-in lexicons plus those in `extra_dirs`; names must be unique across all."""
    lexicons = _load_dir(builtin_dir().iterdir())
    for d in extra_dirs:
        path = Path(d)
        if not path.is_dir():
            raise LexiconError(f"{d}: lexicon folder not found")
        lexicons.extend(_load_dir([*path.glob("*.yml"), *path.glob("*.yaml")], builtin=False))
    seen: dict[str, str] = {}
    for lex in lexicons:
        if lex.name in seen:
            raise LexiconError(f"{lex.origin}: lexicon name '{lex.name}' is already used by {seen[lex.name]}")
        seen[lex.name] = lex.origin
    return tuple(lexicons)


class CompiledLexicons:
    """Every lexicon compiled once into one PhraseMatcher, one Matcher and a regex list.

    A token pattern that only lists lower-case words (`{LOWER: word}` or `{LOWER: {IN: [...]}}`,
    optionally with `OP: "?"`) and expands to few word sequences is compiled into the
    PhraseMatcher: the same matches, ~100x cheaper per draft (the Matcher's cost grows with
    patterns x tokens, the PhraseMatcher's does not).
    """

    def __init__(self, nlp: Any, lexicons: tuple[Lexicon, ...]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.phrase = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab, validate=True)
        # For token_matches: the exact first-token values of every Matcher pattern (by
        # attribute) and the most tokens a pattern can span; None when some pattern can
        # start anywhere or has no bound (then the Matcher runs over the whole Doc).
        self._first: dict[str, set[str]] | None = {}
        self._span = 1
        #: per exact first token (attribute, value): the (key, pattern)s that start with it
        self._by_first: dict[tuple[str, str], list[tuple[str, list[dict[str, Any]]]]] = {}
        self._first_matchers: dict[tuple[str, str], Any] = {}  # one Matcher each, built on first use
        self.entries: dict[str, Entry] = {}
        self.regexes: list[tuple[Entry, re.Pattern[str]]] = []
        self.names = frozenset(lex.name for lex in lexicons)
        for lex in lexicons:
            for entry in lex.entries:
                self.entries[entry.key] = entry
                phrase_docs = [nlp.make_doc(p) for p in entry.phrases]
                patterns = []
                for pattern in entry.patterns:
                    words = pattern_phrases(pattern)
                    if words is None:
                        patterns.extend(expand_first_token(pattern))
                    else:
                        phrase_docs.extend(Doc(nlp.vocab, words=list(w)) for w in words)
                if phrase_docs:
                    self.phrase.add(entry.key, phrase_docs)
                if patterns:
                    for pattern in patterns:
                        self._note_pattern(nlp, entry.key, pattern)
                    try:
                        self.matcher.add(entry.key, patterns)
                    except Exception as exc:  # spaCy raises ValueError/MatchPatternError
                        raise LexiconError(f"{lex.origin}: entry '{entry.id}': bad token pattern: "
                                           f"{' '.join(str(exc).split())[:300]}") from None
                self.regexes.extend((entry, r) for r in entry.regex)
        self._regex_set: Any = None
        self._counted: frozenset[int] | None = None  # regexes scan_regexes never limits

    def _note_pattern(self, nlp: Any, key: str, pattern: list[dict[str, Any]]) -> None:
        if self._first is None:
            return
        first = pattern[0] if pattern else {}
        exact = [(attr, first[attr]) for attr in ("LOWER", "NORM", "ORTH", "TEXT")
                 if isinstance(first.get(attr), str)]
        length = 0
        for tok in pattern:
            op = str(tok.get("OP", "") or "")
            bound = re.fullmatch(r"\{(?:\d*,)?(\d+)\}", op)
            if op in ("", "?", "!"):
                length += 1
            elif bound:
                length += int(bound.group(1))
            else:  # *, + or {n,}: no bound
                self._first = None
                return
        if not exact or first.get("OP"):
            self._first = None
            return
        attr, value = exact[0]
        attr = "ORTH" if attr == "TEXT" else attr
        self._first.setdefault(attr, set()).add(value)
        self._by_first.setdefault((attr, value), []).append((key, pattern))
        self._span = max(self._span, length)

    def _first_matcher(self, vocab: Any, first: tuple[str, str]) -> Any:
        """A Matcher of only the patterns that start with `first` (attribute, value)."""
        matcher = self._first_matchers.get(first)
        if matcher is None:
            from spacy.matcher import Matcher

            matcher = Matcher(vocab)  # the patterns were validated when self.matcher got them
            by_key: dict[str, list[Any]] = {}
            for key, pattern in self._by_first[first]:
                by_key.setdefault(key, []).append(pattern)
            for key, patterns in by_key.items():
                matcher.add(key, patterns)
            self._first_matchers[first] = matcher
        return matcher

    def token_matches(self, doc: Any) -> list[tuple[int, int, int]]:
        """What `self.matcher(doc)` gives: (match id, start, end) of every token-pattern match.

        spaCy's Matcher starts a state for every pattern at every token (its cost is tokens x
        patterns: ~3 s per MB of prose). Every pattern here starts with an exact word, so for
        each such word that occurs, a Matcher of only the patterns that start with it runs
        over the stretches of the Doc that start at that word and are as long as the longest
        pattern: the same matches, found where they can start, by the patterns that can start
        there (5 MB of prose with "we" and "will" in every sentence: one Matcher of all 27
        patterns over each stretch took ~4 s)."""
        if len(self.matcher) == 0 or len(doc) == 0:
            return []
        if self._first is None or len(doc) <= 4 * self._span:
            return list(self.matcher(doc))
        import numpy as np
        from spacy import attrs

        names = sorted(self._first)
        arr = doc.to_array([getattr(attrs, name) for name in names]).reshape(len(doc), len(names))
        strings = doc.vocab.strings
        span, n = self._span, len(doc)
        out: list[tuple[int, int, int]] = []
        for k, name in enumerate(names):
            column = arr[:, k]
            values = sorted(self._first[name])
            ids = np.array([strings.add(v) for v in values], dtype=np.uint64)
            for value, oid, there in zip(values, ids.tolist(), np.isin(ids, column).tolist()):
                if not there:
                    continue
                starts = np.flatnonzero(column == oid)
                matcher = self._first_matcher(doc.vocab, (name, value))
                # stretches [first start, last start + span) of starts closer than `span` apart
                breaks = np.flatnonzero(np.diff(starts) >= span) + 1
                firsts = starts[np.concatenate([[0], breaks])].tolist()
                lasts = starts[np.concatenate([breaks - 1, [len(starts) - 1]])].tolist()
                for a, b in zip(firsts, lasts):
                    out.extend((m, a + s, a + e) for m, s, e in matcher(doc[a:min(n, b + span)]))
        return out

    @property
    def regex_set(self) -> Any:
        """Every lexicon regex as one trustlint.nlp.scan.RegexSet (built on first use)."""
        if self._regex_set is None:
            self._regex_set = RegexSet([r for _, r in self.regexes])
        return self._regex_set

    def scan_regexes(self, text: str, limit: int | None = None) -> Iterator[tuple[Entry, re.Match[str]]]:
        """Every non-empty match of every lexicon regex in `text`, regex by regex in lexicon
        order: what one `finditer` per regex gives, from one pass (trustlint.nlp.scan); yielded
        one at a time (a 5 MB draft has ~500,000 re.Match objects, ~75 MB held at once). With
        `limit`, the first `limit` of each regex, except the pronoun counts' (all of them)."""
        regexes = self.regexes
        if limit is not None and self._counted is None:
            self._counted = frozenset(i for i, (e, _) in enumerate(regexes) if e.lexicon == "pronouns")
        return ((regexes[i][0], m) for i, m in self.regex_set.iter_matches(text, limit, self._counted or frozenset())
                if m.end() > m.start())


PHRASE_EXPANSION_LIMIT = 200  # more phrases cost start-up time (~45 us each, cold) for little gain


def pattern_phrases(pattern: Any, limit: int = PHRASE_EXPANSION_LIMIT) -> list[tuple[str, ...]] | None:
    """Every word sequence a simple token pattern matches, or None when it is not that simple."""
    choices: list[tuple[list[str], bool]] = []
    total = 1
    for tok in pattern:
        op = tok.get("OP")
        if op not in (None, "?") or set(tok) - {"LOWER", "OP"} or "LOWER" not in tok:
            return None
        spec = tok["LOWER"]
        values = [spec] if isinstance(spec, str) else spec.get("IN") if isinstance(spec, dict) and set(spec) == {"IN"} else None
        if not values or not all(isinstance(v, str) and v and v == v.lower() and not any(c.isspace() for c in v)
                                 for v in values):
            return None
        choices.append((list(dict.fromkeys(values)), op == "?"))
        total *= len(values) + (op == "?")
        if total > limit:
            return None
    out: list[tuple[str, ...]] = [()]
    for values, optional in choices:
        out = [seq + (v,) for seq in out for v in values] + (out if optional else [])
    return sorted({seq for seq in out if seq})


def expand_first_token(pattern: Any) -> list[list[dict[str, Any]]]:
    """One pattern per value when the first token is `{LOWER/ORTH/TEXT/NORM: {IN: [...]}}`.

    The same matches: spaCy's Matcher tests an `IN` set in Python at every token of every draft
    (~1 ms per draft per pattern), an exact value in C (~0.03 ms). Only a first token with no
    operator and a plain list of strings is expanded.
    """
    first, rest = dict(pattern[0]), [dict(t) for t in pattern[1:]]
    if "OP" not in first:
        for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
            spec = first.get(attr)
            if isinstance(spec, dict) and set(spec) == {"IN"} and isinstance(spec["IN"], list) \
                    and spec["IN"] and all(isinstance(v, str) for v in spec["IN"]):
                return [[{**first, attr: v}, *rest] for v in dict.fromkeys(spec["IN"])]
    return [[first, *rest]]
