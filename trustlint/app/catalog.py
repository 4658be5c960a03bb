"""Rule metadata for reporters: the registry's summary, why and suggestion of each rule code
a report names (custom lexicon rules and TL001 included), carried in the Report."""
from __future__ import annotations

from typing import Iterator, Mapping

from ..findings import RuleInfo


class RuleCatalog(Mapping[str, RuleInfo]):
    """code -> RuleInfo, looked up in the registry on first use (with the custom rules of the
    given lexicon folders); a code the registry does not know is absent."""

    def __init__(self, lexicons: tuple[str, ...] = ()) -> None:
        self.lexicons = tuple(lexicons)
        self._seen: dict[str, RuleInfo | None] = {}

    def __getitem__(self, code: str) -> RuleInfo:
        if code not in self._seen:
            self._seen[code] = _lookup(code, self.lexicons)
        info = self._seen[code]
        if info is None:
            raise KeyError(code)
        return info

    def __iter__(self) -> Iterator[str]:
        return iter([c for c, info in self._seen.items() if info is not None])

    def __len__(self) -> int:
        return sum(1 for info in self._seen.values() if info is not None)


def _lookup(code: str, lexicons: tuple[str, ...]) -> RuleInfo | None:
    # Lazy on purpose (tests/test_imports.py LAZY): the registry loads every rule and lexicon;
    # a report in a format that shows no rule metadata (or a full cache hit) never pays for it.
    from ..nlp.lexicon import LexiconError
    from ..rules import get_rule

    try:
        rule = get_rule(code, lexicons)
    except LexiconError:
        return None
    if rule is None:
        return None
    return RuleInfo(rule.code, rule.name, rule.summary, " ".join(rule.doc.why.split()), rule.suggestion,
                    rule.severity, rule.component)
