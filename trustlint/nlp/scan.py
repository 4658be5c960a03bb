"""Many regular expressions over one text in one pass: what `finditer` per regex finds.

`RegexSet(regexes).matches(text)` gives, regex by regex in the given order, every match
`regex.finditer(text)` gives. One Aho-Corasick pass (ahocorasick-rs) over the case-folded
text finds every literal the regexes need:

- a regex with required literals (one of which every match contains) none of which occurs
  is skipped;
- a regex whose every match starts with one of a few strings (its prefixes) is tried with
  `regex.match` only where a prefix occurs: no other position can start a match, so these
  are exactly finditer's matches (which never overlap: the next try is at the last end);
- any other regex is scanned with finditer.

Literals and prefixes are read from the parsed pattern (the stdlib's re._parser), using only
characters whose case-insensitive matches ascii_fold maps exactly (see _fold_char).
"""
from __future__ import annotations

import re
from itertools import chain
from typing import Any, Iterator

from ..cachestore import regex_analysis

# re.IGNORECASE semantics for ASCII letters: a-z match A-Z and these four non-ASCII letters,
# nothing else (checked over all of Unicode by tests/test_lexicons.py). Mapping them so keeps
# every offset (one character for one) and finds exactly where an ASCII prefix can match.
IGNORECASE_ASCII_EXTRA = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_FOLD = {**{i: i + 32 for i in range(65, 91)}, **{ord(k): v for k, v in IGNORECASE_ASCII_EXTRA.items()}}


def ascii_fold(text: str) -> str:
    """ASCII letters lower-cased (and the four letters re.IGNORECASE matches them with); every
    other character kept: same length, same offsets."""
    return text.lower() if text.isascii() else text.translate(_FOLD)


# a decimal digit `\d` matches other than 0-9 (Arabic-Indic, Devanagari, fullwidth, ...)
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")

CHUNK_CHARS = 1 << 16  # characters searched at once by LiteralScanner.positions
# A prefixed regex with more candidate starts than one per DENSE characters is run with
# finditer instead: the regex engine tries each position faster than a Python loop tries each
# candidate (same matches either way: see the module docstring).
DENSE = 16


class LiteralScanner:
    """One Aho-Corasick automaton (ahocorasick-rs) over every regex's prefilter literals and
    prefixes, with, per string, the regexes (by index) that use it as each."""

    def __init__(self, literals: list[tuple[str, ...] | None], prefixes: list[tuple[str, ...] | None]) -> None:
        import ahocorasick_rs

        self.strings = tuple(sorted({s for group in literals + prefixes if group for s in group}))
        index = {s: i for i, s in enumerate(self.strings)}
        self.literal_users: list[list[int]] = [[] for _ in self.strings]
        self.prefix_users: list[list[int]] = [[] for _ in self.strings]
        for r, lits in enumerate(literals):
            for s in lits or ():
                self.literal_users[index[s]].append(r)
        for r, pres in enumerate(prefixes):
            for s in pres or ():
                self.prefix_users[index[s]].append(r)
        self.unfiltered = tuple(r for r, lits in enumerate(literals) if lits is None)
        self.prefixed = frozenset(r for r, pres in enumerate(prefixes) if pres)
        self.multi_prefix = frozenset(r for r, pres in enumerate(prefixes) if pres and len(pres) > 1)
        import numpy as np

        # One-character strings (a space, a digit, "a") occur everywhere: found by comparing the
        # text's code points in numpy, not as automaton hits (they were 3 of every 4 hits over
        # prose, and turning hits into arrays cost more than finding them).
        multi = [i for i, s in enumerate(self.strings) if len(s) > 1]
        single = sorted((ord(s), i) for i, s in enumerate(self.strings) if len(s) == 1)
        self._single_codes = np.array([c for c, _ in single], dtype=np.uint32)
        self._single_sids = np.array([i for _, i in single], dtype=np.int64)
        self._multi_sids = np.array(multi, dtype=np.int64)
        self._ac = ahocorasick_rs.AhoCorasick([self.strings[i] for i in multi]) if multi else None
        self.longest = max(map(len, self.strings), default=1)

    def find(self, text: str) -> list[tuple[int, int]]:
        """(string index, start) of every occurrence in ascii_fold(text), overlaps included."""
        return [(int(i), int(start)) for i, starts in self.positions(text).items() for start in starts]

    def positions(self, text: str, chunk: int = CHUNK_CHARS) -> dict[int, Any]:
        """Per string index that occurs in ascii_fold(text): every start of it (overlaps
        included), ascending, as a numpy int32 array.

        The text is searched `chunk` characters at a time (each chunk read on for as long as
        the longest string, keeping only occurrences that start inside it), so memory stays
        bounded: one Python tuple per occurrence for 5 MB of prose was ~4 million (~350 MB).
        """
        import numpy as np

        if not self.strings or not text:
            return {}
        overlap = self.longest - 1
        found: dict[int, list[Any]] = {}
        for a in range(0, len(text), chunk):
            folded = ascii_fold(text[a:a + chunk + overlap])
            cols = []
            if self._ac is not None:
                hits = self._ac.find_matches_as_indexes(folded, overlapping=True)
                if hits:
                    flat = np.fromiter(chain.from_iterable(hits), dtype=np.int64, count=3 * len(hits))
                    del hits
                    multi = flat.reshape(-1, 3)[:, :2].copy()
                    multi[:, 0] = self._multi_sids[multi[:, 0]]
                    cols.append(multi)
            if len(self._single_codes):
                points = np.frombuffer(folded[:chunk].encode("utf-32-le"), dtype=np.uint32)
                at = np.flatnonzero(np.isin(points, self._single_codes))
                if len(at):
                    sids = self._single_sids[np.searchsorted(self._single_codes, points[at])]
                    cols.append(np.stack([sids, at.astype(np.int64)], axis=1))
            if not cols:
                continue
            arr = cols[0] if len(cols) == 1 else np.concatenate(cols)
            arr = arr[arr[:, 1] < chunk]
            order = np.argsort(arr[:, 0], kind="stable")  # by string, each string's starts in order
            sids, starts = arr[order, 0], (arr[order, 1] + a).astype(np.int32)  # int32: half the memory
            if not len(sids):
                continue
            edges = [0, *(np.flatnonzero(np.diff(sids)) + 1).tolist(), len(sids)]
            heads = sids[edges[:-1]].tolist()  # slices, not np.split: its Python loop cost more
            for k, sid in enumerate(heads):
                found.setdefault(sid, []).append(starts[edges[k]:edges[k + 1]])
        return {sid: parts[0] if len(parts) == 1 else np.concatenate(parts) for sid, parts in found.items()}


class RegexSet:
    """Regexes scanned together; see the module docstring."""

    def __init__(self, regexes: list[Any]) -> None:
        self.regexes = list(regexes)  # re.Pattern or trustlint.nlp.lexicon.LazyRegex
        known = regex_analysis()  # read from the parsed pattern once per machine, then cached
        for r in self.regexes:
            key = (r.pattern, r.flags)
            if key not in known:
                known[key] = (required_literals(r), *prefix_analysis(r))
        regex_analysis.save()
        #: per regex, literals one of which every match contains (as in ascii_fold), or None
        self.literals = [known[(r.pattern, r.flags)][0] for r in self.regexes]
        #: per regex, strings one of which every match starts with, or None
        self.prefixes = [known[(r.pattern, r.flags)][1] for r in self.regexes]
        #: regexes whose prefixes hold the digits 0-9 for a `\d`, which also matches the other
        #: Unicode decimal digits: scanned whole (finditer) in a text that has one of those
        self.digit_prefixed = frozenset(i for i, r in enumerate(self.regexes) if known[(r.pattern, r.flags)][2])
        self.scanner = LiteralScanner(self.literals, self.prefixes)
        #: per regex, read when first needed: whether a match can start only where the
        #: character before is not a word character (see _word_led)
        self._word_led: dict[int, bool] = {}

    def matches(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """iter_matches(text) as a list."""
        return list(self.iter_matches(text))

    def iter_matches(self, text: str, limit: int | None = None,
                     unlimited: frozenset[int] = frozenset()) -> Iterator[tuple[int, re.Match[str]]]:
        """(regex index, match) for every match of every regex, in regex order, each regex's
        matches in text order: the same as `[(i, m) for i, r in enumerate(regexes) for m in
        r.finditer(text)]` (empty matches included, for regexes that can match empty).

        With `limit`, each regex not in `unlimited` stops after its first `limit` non-empty
        matches (a caller that keeps only that many need not have 600,000 more made)."""
        if limit is None:
            yield from self._iter_matches(text)
            return
        counted: dict[int, int] = {}
        stopped: set[int] = set()
        for r, m in self._iter_matches(text, stopped):
            yield r, m
            if m.end() > m.start() and r not in unlimited:
                counted[r] = n = counted.get(r, 0) + 1
                if n >= limit:
                    stopped.add(r)

    def _iter_matches(self, text: str, stopped: set[int] | None = None) -> Iterator[tuple[int, re.Match[str]]]:
        """iter_matches without a limit; a regex whose index the consumer adds to `stopped`
        is left at once (each regex's matches come one at a time, in text order)."""
        import numpy as np

        if stopped is None:
            stopped = set()

        scanner = self.scanner
        regexes = self.regexes
        try:
            found = scanner.positions(text)
        except Exception:  # e.g. a lone surrogate the extension refuses: scan every regex
            for i, r in enumerate(regexes):
                yield from _until_stopped(i, r.finditer(text), stopped)
            return
        alive = set(scanner.unfiltered)  # no literal prefilter, or a literal of theirs occurs
        by_regex: dict[int, list[Any]] = {}
        lit_users, pre_users = scanner.literal_users, scanner.prefix_users
        for sid, starts in found.items():
            alive.update(lit_users[sid])
            for r in pre_users[sid]:
                by_regex.setdefault(r, []).append(starts)
        prefixed = scanner.prefixed
        if self.digit_prefixed and not text.isascii() and _OTHER_DIGIT.search(text):
            prefixed = prefixed - self.digit_prefixed
        dense = len(text) // DENSE
        after_non_word = None  # per position, read when a word-led regex needs it: see _after_non_word
        for r in sorted(alive):
            regex = regexes[r]
            if r not in prefixed:
                yield from _until_stopped(r, regex.finditer(text), stopped)
                continue
            parts = by_regex.get(r)
            if not parts:
                continue
            n = sum(len(p) for p in parts)
            led = None
            if n > WORD_LED_MIN and WORD_LED:
                word_led = self._word_led.get(r)
                if word_led is None:
                    word_led = self._word_led[r] = _word_led(regex, self.prefixes[r])
                if word_led:
                    if after_non_word is None:
                        after_non_word = _after_non_word(text)
                    led = parts[0] if len(parts) == 1 else np.unique(np.concatenate(parts))
                    led = led[after_non_word[led]]
                    n = len(led)
            if n > dense:
                yield from _until_stopped(r, regex.finditer(text), stopped)
                continue
            # several prefixes: tried in order of their starts
            if led is not None:
                starts = led.tolist()
            else:
                starts = parts[0].tolist() if len(parts) == 1 else np.unique(np.concatenate(parts)).tolist()
            pos, match = 0, regex.match
            for c in starts:
                if c < pos:
                    continue
                m = match(text, c)
                if m is not None:  # never empty: it starts with a non-empty prefix
                    yield r, m
                    if r in stopped:
                        break
                    pos = m.end()


# more candidate starts than this: a word-led regex keeps only those after a non-word character
WORD_LED_MIN = 8
WORD_LED = True  # False: the reference without that narrowing (benchmarks, tests)
_ASCII_WORD = None


def _after_non_word(text: str) -> Any:
    """Per position of `text` (numpy bool): at the beginning, or after a character that is not
    a word character as the re module's Unicode `\\w` sees it (str.isalnum() or "_")."""
    import numpy as np

    global _ASCII_WORD
    if _ASCII_WORD is None:
        _ASCII_WORD = np.array([chr(i).isalnum() or i == 95 for i in range(128)], dtype=bool)
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    out = np.ones(len(points), dtype=bool)
    prev = points[:-1]
    if text.isascii():
        out[1:] = ~_ASCII_WORD[prev]
        return out
    small = prev < 128
    word = np.zeros(len(prev), dtype=bool)
    word[small] = _ASCII_WORD[prev[small]]
    big = ~small
    codes, back = np.unique(prev[big], return_inverse=True)
    flags = np.array([_is_word_code(int(c)) for c in codes], dtype=bool)
    word[big] = flags[back]
    out[1:] = ~word
    return out


def _is_word_code(code: int) -> bool:
    try:
        return chr(code).isalnum()
    except ValueError:
        return False


def _word_led(regex: Any, prefixes: tuple[str, ...] | None) -> bool:
    """Whether every match of `regex` starts at the text's beginning or after a non-word
    character: it opens (before any character it consumes) with a `\\b` or a negative
    lookbehind of one class holding `\\w`, and every prefix begins with an ASCII word
    character (so that `\\b` there needs a non-word character before). Unicode word
    semantics only (no re.ASCII or re.LOCALE); False when unsure."""
    if not prefixes or regex.flags & (re.ASCII | re.LOCALE):
        return False
    if not all(p[0].isascii() and (p[0].isalnum() or p[0] == "_") for p in prefixes):
        return False
    try:
        from re import _parser

        return _leads_non_word(list(_parser.parse(regex.pattern, regex.flags)))
    except Exception:  # an internal API: no narrowing rather than a wrong one
        return False


def _leads_non_word(items: list[Any]) -> bool:
    from re import _constants as c

    for op, av in items:
        if op is c.AT:
            if av is c.AT_BOUNDARY:
                return True
            continue
        if op is c.ASSERT_NOT:
            direction, sub = av
            sub = list(sub)
            if (direction == -1 and len(sub) == 1 and sub[0][0] is c.IN
                    and any(o is c.CATEGORY and a is c.CATEGORY_WORD for o, a in sub[0][1])):
                return True
            continue
        if op is c.ASSERT:
            continue
        if op is c.SUBPATTERN:
            return _leads_non_word(list(av[3]))
        if op is c.BRANCH:
            return all(_leads_non_word(list(b)) for b in av[1])
        return False
    return False


def _until_stopped(r: int, matches: Iterator[re.Match[str]], stopped: set[int]) -> Iterator[tuple[int, re.Match[str]]]:
    for m in matches:
        yield r, m
        if r in stopped:
            return


def required_literals(regex: Any, min_len: int = 3) -> tuple[str, ...] | None:
    """Strings (as in ascii_fold) one of which occurs in every match of `regex`, or None if unknown.

    Read from the parsed pattern: a run of literal characters, a group, an alternation whose
    every branch has its own literal, or a repeat of at least once. Only characters whose
    case-insensitive matches ascii_fold maps exactly are used (see _fold_char), so containment
    in ascii_fold(text) is sound for case-insensitive and case-sensitive patterns alike.
    """
    try:
        from re import _parser  # the stdlib's own pattern parser (Python 3.11+)

        found = _seq_literals(list(_parser.parse(regex.pattern, regex.flags)))
    except Exception:  # an internal API: no prefilter rather than a wrong one
        return None
    if not found or min(len(s) for s in found) < min_len or len(found) > 64:
        return None
    return tuple(sorted(found))


def _seq_literals(items: list[Any]) -> frozenset[str] | None:
    from re import _constants as c

    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(cand: frozenset[str] | None) -> None:
        nonlocal best
        if cand and (best is None or min(map(len, cand)) > min(map(len, best))):
            best = cand

    for op, av in items + [(None, None)]:
        ch = _fold_char(chr(av)) if op is c.LITERAL else None
        if ch is not None:
            run.append(ch)
            continue
        if run:
            consider(frozenset({"".join(run)}))
            run = []
        if op is c.LITERAL:
            continue  # a cased non-ASCII letter: ends the run (ascii_fold keeps it as it is)
        if op is c.SUBPATTERN:
            consider(_seq_literals(list(av[3])))
        elif op is c.ATOMIC_GROUP:
            consider(_seq_literals(list(av)))
        elif op is c.BRANCH:
            branches = [_seq_literals(list(b)) for b in av[1]]
            if all(branches):
                consider(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_seq_literals(list(av[2])))
    return best


PREFIX_LIMIT = 256  # more prefixes per regex: not worth expanding


def _caseless(ch: str) -> bool:
    """A character that re.IGNORECASE matches only with itself: ASCII non-letters, and
    punctuation or spaces elsewhere (Unicode case applies to letters only)."""
    import unicodedata

    if ch.isascii():
        return not ch.isalpha()
    return unicodedata.category(ch)[0] in "PZ"


def _fold_char(ch: str) -> str | None:
    """The character as it appears in ascii_fold(text) wherever the regex can match it, or None."""
    if ch.isascii():
        return ch.lower()
    return ch if _caseless(ch) else None


def regex_prefixes(regex: Any) -> tuple[str, ...] | None:
    """Strings (as in ascii_fold) one of which every match of `regex` starts with, or None.

    Read from the parsed pattern: leading zero-width assertions are skipped, then literal
    characters, small character classes and groups or alternations of those are expanded; an
    optional item (`x?`, `(?:...)*`) gives its own prefixes and those of what follows it.
    Only ASCII letters (whose case-insensitive matches ascii_fold maps exactly), ASCII
    non-letters and caseless punctuation are used; anything else ends the prefix. A `\\d`
    ends it too (it matches every Unicode decimal digit): see prefix_analysis.
    """
    return _prefix_strings(regex, None)


def prefix_analysis(regex: Any) -> tuple[tuple[str, ...] | None, bool]:
    """(prefixes, uses_digits): regex_prefixes with a `\\d` expanded to 0-9; uses_digits says
    whether one was, so that the prefixes hold only in a text without other decimal digits."""
    digits: list[bool] = []
    return _prefix_strings(regex, digits), bool(digits)


def _prefix_strings(regex: Any, digits: list[bool] | None) -> tuple[str, ...] | None:
    try:
        from re import _parser

        found, _ = _prefixes(list(_parser.parse(regex.pattern, regex.flags)), frozenset({""}), digits)
    except Exception:  # an internal API: no prefix rather than a wrong one
        if digits is not None:
            digits.clear()
        return None
    if not found or "" in found or len(found) > PREFIX_LIMIT:
        if digits is not None:
            digits.clear()
        return None
    return tuple(sorted(found))


def _class_chars(av: Any, digits: list[bool] | None = None) -> list[str] | None:
    """The characters a class matches, or None; with `digits` (a list), `\\d` gives 0-9 and
    appends True to it (the caller's text must then hold no other decimal digit)."""
    from re import _constants as c

    chars: list[str] = []
    for op, a in av:
        if op is c.LITERAL:
            chars.append(chr(a))
        elif op is c.RANGE and a[1] - a[0] < 12:
            chars.extend(chr(x) for x in range(a[0], a[1] + 1))
        elif op is c.CATEGORY and a is c.CATEGORY_DIGIT and digits is not None:
            chars.extend("0123456789")
            digits.append(True)
        else:
            return None
    return chars


def _prefixes(items: list[Any], cur: frozenset[str],
              digits: list[bool] | None = None) -> tuple[frozenset[str], bool]:
    """(prefixes after `items`, whether every item was consumed as literal text)."""
    from re import _constants as c

    for k, (op, av) in enumerate(items):
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            if cur == {""}:
                continue  # zero width, before any character: does not move the start
            return cur, False
        if op is c.LITERAL:
            ch = _fold_char(chr(av))
            if ch is None:
                return cur, False
            cur = frozenset(p + ch for p in cur)
            continue
        if op is c.IN:
            chars = _class_chars(av, digits)
            folded = [_fold_char(x) for x in chars] if chars else None
            if not folded or None in folded or len(folded) * len(cur) > PREFIX_LIMIT:
                return cur, False
            cur = frozenset(p + x for p in cur for x in folded)  # type: ignore[operator]
            continue
        if op in (c.SUBPATTERN, c.BRANCH, c.ATOMIC_GROUP):
            branches = av[1] if op is c.BRANCH else [av[3] if op is c.SUBPATTERN else av]
            new: set[str] = set()
            complete = True
            for branch in branches:
                got, done = _prefixes(list(branch), cur, digits)
                new |= got
                complete = complete and done
            if len(new) > PREFIX_LIMIT:
                return cur, False
            cur = frozenset(new)
            if not complete:
                return cur, False
            continue
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            got, _ = _prefixes(list(av[2]), cur, digits)
            return got, False
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[1] >= 1:
            # optional: a match goes on with the item (its prefixes) or skips it (what follows)
            got, _ = _prefixes(list(av[2]), cur, digits)
            rest, _ = _prefixes(items[k + 1:], cur, digits)
            both = got | rest
            return (both, False) if len(both) <= PREFIX_LIMIT else (cur, False)
        return cur, False
    return cur, True
