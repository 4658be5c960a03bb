"""Reliability credits (rules.md "Positive signals"): concrete dates, stated terms, next steps.

Terms and next steps are lexicon matches (lexicons/terms_signals.yml, next_steps.yml) listed
in signals.SIGNALS; concrete dates come from trustlint.nlp.datetimes and are yielded here.
"""
from __future__ import annotations

from typing import Any, Iterator

from ..findings import Hit

#: expression kinds that credit reliability ("period" is left to terms: "30-day" alone says little)
_DATE_KINDS = frozenset({"date", "weekday", "time", "datetime", "duration"})
#: at most this many concrete-date credits per draft, so dates alone cannot fill the R credit
MAX_DATE_SIGNALS = 2


def concrete_dates(doc: Any, kind: Any) -> Iterator[tuple[Any, Hit]]:
    """(kind, Hit) for the first concrete dates or times in the draft."""
    n = 0
    for pf in doc.fields.values():
        for x in pf.times:
            if x.kind in _DATE_KINDS:
                yield kind, Hit(pf.name, x.start, x.end)
                n += 1
                if n >= MAX_DATE_SIGNALS:
                    return


