"""Finds date and time expressions in copy and says which a reader could put in a calendar.

    find("We'll reply by 5 pm ET Thursday.")  -> (TimeExpr(kind="datetime", concrete=True), ...)
    find("We'll reply soon.")                 -> (TimeExpr(kind="vague", concrete=False),)

Kinds: `date` ("30 November 2026", "Nov 30", "30/11/2026", "2026-11-30"), `weekday` ("this
Friday", "Ends Sunday"), `time` ("5 pm ET", "by 5:00 pm", "midnight PST", "00:00 UTC"),
`duration` ("within 30 days", "in 48 hours"), `period` ("30-day", "2-year"), and `datetime`
when pieces join ("Friday 5 pm ET", "until 1 March 2026, 00:00 UTC"): these are concrete.
Not concrete: `vague` ("soon", "ASAP", "for a limited time"), `relday` ("today", "tonight"
without a time; a named time of day on no named day: "midnight", "tonight at midnight", "by noon"), `countdown` ("09h 42m 39s", "00:15:07:45", "reserved for 09:54 minutes"),
`lookback` ("in the last 24 hours", "5 minutes ago") and `clock` (a bare "04:53").

Why a grammar and not a library: dateparser and parsedatetime parse a string you already
know is a date; neither finds spans in running text reliably (dateparser.search_dates reads
"may", "second" and "sun" as dates and takes milliseconds per call with its regex-heavy
language data), and neither says "vague", "countdown" or "look-back", which is what the
rules need. spaCy's DATE/TIME entities need a trained pipeline, which the default pipeline
does not have. The vocabulary lives in lexicons/datetimes.yml; this module only composes it.
Pure: no spaCy, no I/O beyond reading that table once.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from .lexicon import read_lexicon_file
from .scan import RegexSet

CONCRETE_KINDS = frozenset({"date", "weekday", "time", "duration", "period", "datetime"})
_PRIORITY = {"countdown": 6, "lookback": 5, "date": 4, "time": 4, "weekday": 3, "duration": 3,
             "period": 2, "vague": 2, "relday": 1, "clock": 0}
_JOINABLE = {"date", "weekday", "time", "relday", "clock"}
_AS_SOON_AS = re.compile(r"as\s+soon\s+as\b(?!\s+(?:possible|we\s+can|I\s+can))", re.I)
_CONNECTOR = re.compile(r"^[\s,]*(?:(?:at|on|by|@|from|-|–|—|the)\s*)?[\s,]*$", re.I)


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    kind: str
    text: str
    #: canonical parts for comparing two expressions ("date", month, day), ("weekday", n), ...
    value: tuple[Any, ...] = ()

    @property
    def concrete(self) -> bool:
        return self.kind in CONCRETE_KINDS


def _alt(words: list[str]) -> str:
    """Regex alternation, longest first, spaces as \\s+."""
    parts = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts) + ")"


@lru_cache(maxsize=1)
def _grammar() -> dict[str, Any]:
    t = read_lexicon_file("datetimes")
    month = _alt(list(t["months"])) + r"\.?"
    wday = _alt(t["weekdays"])
    wabbr = _alt(t["weekday_abbrev"]) + r"\.?"
    wmod = _alt(t["weekday_modifiers"])
    tz = _alt(t["timezones"])
    named = _alt(t["named_times"])
    unit = _alt([u for forms in t["units"].values() for u in forms])
    cunit = _alt([u for forms in t["countdown_units"].values() for u in forms])
    numw = _alt(t["number_words"])
    dprep = _alt(t["duration_preps"])
    lprep = _alt(t["lookback_preps"])
    tprep = _alt(t["time_preps"])
    day = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    year = r"(?:19|20)\d{2}"
    num = r"\d{1,4}(?:[.,]\d+)?"
    ampm = r"(?:a\.?m\.?|p\.?m\.?)(?![a-z])"
    tz_sfx = rf"(?:\s*\(?{tz}\)?(?![a-z]))?"
    clock = r"(?:[01]?\d|2[0-3]):[0-5]\d"
    cgroup = rf"\d{{1,4}}\s*{cunit}(?![a-z])"
    f = re.I
    return {
        "countdown": [
            # a clock of three or four groups: 40:55:13, 00:15:07:45
            # (not a timestamp: after a numeric date or an ISO "T", or before a UTC offset)
            re.compile(rf"(?<![\d:])(?<!\d[/.\-]\d\d\s)(?<!\d[/.\-]\d\dT)(?<!\d\d\d\d\s)\d{{1,2}}\s?:\s?\d{{2}}\s?:\s?\d{{2}}(?:\s?:\s?\d{{2}})?(?![\d:.])(?!\s*[+-]\d{{2}}:?\d{{2}})(?!\s*{ampm})(?!\s*{tz}(?![a-z]))", f),
            # two or more unit groups: 9hrs 55min 29sec, 02 DAYS :23 HOURS :00 MINS
            re.compile(rf"(?<![\w]){cgroup}(?:[\s\d:,.\-]{{0,10}}(?:and\s+)?{cgroup})+", f),
            # days then a clock: 1day21:04:58, 4 days 05:46:20
            re.compile(r"(?<![\w])\d{1,3}\s*days?\s*,?\s*\d{1,2}:\d{2}(?::\d{2})?(?!\d)", f),
            # the unit labels of a timer whose digits are images: DAYS HRS MINS SECS
            re.compile(r"\bdays?\W{0,6}h(?:ou)?rs?\W{0,6}min(?:ute)?s?\W{0,6}sec(?:ond)?s?\b", f),
            re.compile(r"\bhours?\W{0,6}min(?:ute)?s?\W{0,6}sec(?:ond)?s?\b", f),
            # a short timer after a cue: reserved for 09:54 minutes, order within 13:16
            re.compile(rf"\b(?:in|within|for|left|remaining)\b\s*:?\s*(?P<x>\d{{1,2}}:\d{{2}}(?!\d)(?!\s*{ampm})(?:\s*(?:minutes|mins|min)\b)?)", f),
            re.compile(r"(?<![\d:])\d{1,2}:\d{2}\s*(?:minutes|mins)\b", f),
        ],
        "lookback": [
            re.compile(rf"\b{lprep}\s+(?:(?:{num}|few|several|couple\s+of)\s+)?{unit}\b", f),
            re.compile(rf"\b(?:about\s+|over\s+)?(?:{num}|{numw})\s*{unit}\s+ago\b", f),
            re.compile(r"\bjust\s+now\b", f),
        ],
        "date": [
            re.compile(rf"\b(?:{wday},?\s+|{wabbr},?\s+)?{day}(?:\s+of)?\s+{month}(?![a-z])(?:,?\s+{year}\b)?", f),
            re.compile(rf"\b(?:{wday},?\s+|{wabbr},?\s+)?{month}\s+{day}\b(?!\s*(?:%|percent|[a-z]))(?:,?\s+{year}\b)?", f),
            re.compile(rf"\b{month}\s+{year}\b", f),
            re.compile(r"\b(?:19|20)\d{2}-(?:1[0-2]|0?[1-9])-(?:3[01]|[12]\d|0?[1-9])\b"),
            re.compile(r"\b(?:3[01]|[12]\d|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])/(?:(?:19|20)\d{2}|\d{2})\b"),
            re.compile(r"\b(?:3[01]|[12]\d|0?[1-9])[.\-](?:1[0-2]|0?[1-9])[.\-](?:19|20)\d{2}\b"),
        ],
        "time": [
            re.compile(rf"\b(?:[01]?\d|2[0-3])(?:[:.][0-5]\d){{0,2}}\s*{ampm}{tz_sfx}", f),
            re.compile(rf"\b(?:[01]?\d|1[0-2])\s+o'?clock\b{tz_sfx}", f),
            re.compile(rf"\b{named}(?![a-z]){tz_sfx}", f),
            re.compile(rf"(?<![\d:]){clock}(?![\d:])\s*\(?{tz}\)?(?![a-z])", f),
            re.compile(rf"\b{tprep}\s+(?P<x>{clock})(?![\d:])", f),
        ],
        "weekday": [
            re.compile(rf"\b(?:{wmod}\s+)?{wday}s?\b", f),
            re.compile(rf"\b{wabbr}(?=,?\s+(?:\d{{1,2}}(?:[:.]\d\d)?\s*{ampm}|{day}\s+{month}|{month}\s+{day}|{named}))", f),
        ],
        "duration": [
            re.compile(rf"\b{dprep}\s+(?:the\s+next\s+)?(?:{num}|{numw})(?:\s*(?:-|–|to|or)\s*{num})?\+?\s*{unit}\b", f),
        ],
        "period": [
            re.compile(r"\b\d{1,3}[-\s](?:hour|day|week|month|year)\b(?!s)(?=[-\s]+[a-z])", f),
            re.compile(r"\b(?:one|two|three|five|seven|ten|thirty|sixty|ninety)-(?:hour|day|week|month|year)\b", f),
        ],
        "relday": [re.compile(r"\b(?:today|tonight|tomorrow|tmrw|this\s+(?:morning|afternoon|evening|weekend))\b", f)],
        "vague": [re.compile(rf"(?<![\w.]){_alt(t['vague'])}(?![\w])", f)],
        "clock": [re.compile(rf"(?<![\d:]){clock}(?![\d:])", f)],
        "named_time": re.compile(rf"{named}(?![a-z]){tz_sfx}$", f),
        "month_names": {k.lower(): v for k, v in t["months"].items()},
        "weekdays": [w.lower() for w in t["weekdays"]],
        "weekday_abbrev": [w.lower() for w in t["weekday_abbrev"]],
    }


def _value(kind: str, text: str, g: dict[str, Any]) -> tuple[Any, ...]:
    low = text.lower()
    if kind == "date":
        m = re.search(r"(?:19|20)\d{2}-(\d{1,2})-(\d{1,2})", low)
        if m:
            return ("date", int(m.group(1)), int(m.group(2)))
        m = re.search(r"(\d{1,2})[/.\-](\d{1,2})[/.\-]\d{2,4}", low)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12:
                return ("date", b, a)  # 30/11/2026
            if b > 12:
                return ("date", a, b)  # 11/30/2026
            return ("date", None, None)  # 03/04/2026: day-first or month-first? not compared
        mon = next((v for k, v in sorted(g["month_names"].items(), key=lambda kv: -len(kv[0]))
                    if re.search(rf"\b{k}\b", low)), None)
        d = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", re.sub(r"(?:19|20)\d{2}", "", low))
        return ("date", mon, int(d.group(1)) if d else None)
    if kind == "weekday":
        for i, w in enumerate(g["weekdays"]):
            if w in low:
                return ("weekday", i)
        for w in g["weekday_abbrev"]:
            if re.search(rf"\b{w}", low):
                return ("weekday", w[:3])
    if kind == "time":
        m = re.search(r"(\d{1,2})(?:[:.](\d\d))?\s*(a|p)?", low)
        if m:
            h = int(m.group(1)) % 12 + (12 if m.group(3) == "p" else 0) if m.group(3) else int(m.group(1))
            return ("time", h, int(m.group(2) or 0))
        return ("time", low.split()[0])
    if kind == "duration":
        m = re.search(r"(\d+)", low)
        return ("duration", int(m.group(1)) if m else low)
    return (kind, low)


@lru_cache(maxsize=1)
def _regex_set() -> tuple[list[str], Any]:
    """Every grammar regex, in priority order, as one trustlint.nlp.scan.RegexSet."""
    g = _grammar()
    pairs = [(kind, rx) for kind in _PRIORITY for rx in g[kind]]
    return [k for k, _ in pairs], RegexSet([rx for _, rx in pairs])


def find(text: str) -> tuple[TimeExpr, ...]:
    """Every date/time expression in `text`, in order, overlapping pieces resolved and joined."""
    g = _grammar()
    kinds, regex_set = _regex_set()
    cands: list[tuple[int, int, str]] = []
    for i, m in regex_set.iter_matches(text):  # the same matches as finditer per regex, in order
        s, e = m.span("x") if "x" in m.re.groupindex else m.span()
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            cands.append((s, e, kinds[i]))
    # "as soon as it ships" is a condition, not a vague date; "as soon as possible" stays vague
    cands = [c for c in cands if not (c[2] == "vague" and _AS_SOON_AS.match(text, max(0, c[0] - 3)) and c[1] - c[0] == 4)]
    cands.sort(key=lambda c: (-_PRIORITY[c[2]], -(c[1] - c[0]), c[0]))
    # a candidate is kept unless one of its characters is in one already kept (the kept are
    # non-overlapping): one mark per covered character, O(length) per candidate instead of
    # an insertion into a sorted list (O(n) each, quadratic over a long text)
    covered = bytearray(len(text))
    taken: list[tuple[int, int, str]] = []
    for s, e, k in cands:
        if covered.find(1, s, e) != -1:
            continue
        covered[s:e] = b"\x01" * (e - s)
        taken.append((s, e, k))
    taken.sort()
    # join neighbouring date/time pieces: "Friday" + "5 pm ET" -> one datetime
    out: list[TimeExpr] = []
    group: list[tuple[int, int, str]] = []

    def flush() -> None:
        if not group:
            return
        s, e = group[0][0], group[-1][1]
        kinds = [k for _, _, k in group]
        if "date" not in kinds and "weekday" not in kinds and all(
                g["named_time"].match(text, a, b) for a, b, k in group if k == "time"):
            # "midnight", "tonight at midnight", "by noon": a time of day on no day the reader
            # can name is pressure, not a deadline
            kinds = ["relday" if k == "time" else k for k in kinds]
        if len(group) == 1:
            kind = kinds[0]
        elif any(k in ("date", "weekday", "time") for k in kinds):
            kind = "datetime"
        else:
            kind = kinds[0]
        value = tuple(_value(k, text[a:b], g) for a, b, k in group)
        out.append(TimeExpr(s, e, kind, text[s:e], value[0] if len(value) == 1 else ("datetime",) + value))
        group.clear()

    for s, e, k in taken:
        if group and k in _JOINABLE and group[-1][2] in _JOINABLE and _CONNECTOR.match(text[group[-1][1]:s]):
            group.append((s, e, k))
            continue
        flush()
        group.append((s, e, k))
    flush()
    # a bare clock joined to a date is a time ("1 March 2026, 00:00"); alone it stays ambiguous
    return tuple(out)


def concrete(text: str) -> list[TimeExpr]:
    return [x for x in find(text) if x.concrete]


def has_concrete(times: Sequence[TimeExpr], start: int = 0, end: int | None = None) -> bool:
    """True when a concrete date/time among `times` (from find()) overlaps [start, end)."""
    end = sys.maxsize if end is None else end
    return any(x.concrete and x.start < end and x.end > start for x in times)
