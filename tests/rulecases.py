"""Rule test cases: tests/cases/CODE[-topic].yml, loaded and validated strictly.

A case file names one rule and lists drafts it must fire on and drafts it must pass:

    code: TL105
    fires:
      - text: "Cut your heating bill by up to 35% with our smart thermostat."
        at: "up to 35%"                          # a TL105 finding covers exactly this text
      - text: "This may help reduce joint pain."
        at: "may help"
        options: {max_hedges: 1}                 # as [tool.trustlint.rules.TL105] would set
    passes:
      - "Save up to 50% on selected styles."
      - text: "This supplement could potentially help reduce joint pain."
        options: {max_hedges: 3}

Other pins: `span: [9, 30]` (offsets, end exclusive) and `field: subject` (subject,
preheader, from or body). `context: {first_contact: false, relationship_verified: true}` sets
campaign context as front matter would (tests/cases/TL302.yml).

A case is a plain string (the draft) or a mapping with `text`. A `fires` case asserts the rule
fires and, when pinned (`at`, `span`, `field`), that one of its
findings matches every pin; a `passes` case asserts it does not fire under its options and context
(pins are not allowed there). `known_bug: "what is wrong"` on a pinned fires case records a
wrong span we know about: the case still must fire, the test is an expected failure while the
finding misses the pin, and fails once it matches (then remove `known_bug`). Offsets are those
of the original text (front matter included). Unknown keys, options the rule does not declare
and unknown context keys are errors; every shipped fires case must be pinned (the suite
checks it). TL7xx (learned) cases run with `learned = true`.

Used by tests/test_rule_examples.py and benchmarks/findings_snapshot.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dfield
from pathlib import Path
from typing import Any

import yaml

from trustlint.config import Config, ConfigError, from_mapping
from trustlint.rules import get_rule

CASES = Path(__file__).parent / "cases"
FILE_KEYS = {"code", "fires", "passes"}
CASE_KEYS = {"text", "at", "span", "field", "options", "context", "known_bug"}
PIN_KEYS = {"at", "span", "field", "known_bug"}
FIELDS = {"subject", "preheader", "from", "body"}


class CaseError(ValueError):
    """A malformed case file; the message names the file and the case."""


@dataclass(frozen=True)
class Case:
    code: str
    kind: str  # "fires" or "passes"
    text: str
    id: str  # e.g. TL105-fires-3 (file stem, kind, index)
    at: str | None = None
    span: tuple[int, int] | None = None
    field: str | None = None
    options: dict[str, Any] = dfield(default_factory=dict)
    context: dict[str, Any] = dfield(default_factory=dict)
    known_bug: str | None = None
    config: Config = dfield(default_factory=Config, compare=False, repr=False)

    @property
    def pinned(self) -> bool:
        return self.at is not None or self.span is not None or self.field is not None

    def matches(self, finding: Any) -> bool:
        """True when this finding satisfies every pin of the case."""
        return (finding.code == self.code
                and (self.at is None or self.text[finding.start:finding.end] == self.at)
                and (self.span is None or (finding.start, finding.end) == self.span)
                and (self.field is None or finding.field == self.field))

    def describe(self) -> str:
        pins = [f"at {self.at!r}" if self.at is not None else "",
                f"span {list(self.span)}" if self.span is not None else "",
                f"field {self.field}" if self.field is not None else ""]
        extra = [f"options {self.options}" if self.options else "", f"context {self.context}" if self.context else ""]
        return ", ".join(p for p in pins + extra if p)


def _config(code: str, options: dict[str, Any], context: dict[str, Any], where: str) -> Config:
    table: dict[str, Any] = {"learned": code.upper().startswith("TL7")}
    if options:
        table["rules"] = {code: options}
    if context:
        table["context"] = context
    try:
        return from_mapping(table, where)
    except ConfigError as exc:
        raise CaseError(str(exc)) from None


def _case(code: str, kind: str, i: int, item: Any, path: Path) -> Case:
    cid = f"{path.stem}-{kind}-{i}"
    where = f"{path.name}: {kind}[{i}]"
    if isinstance(item, str):
        return Case(code, kind, item, cid, config=_config(code, {}, {}, where))
    if not isinstance(item, dict):
        raise CaseError(f"{where}: a case is a string or a mapping with 'text', not {type(item).__name__}")
    unknown = set(item) - CASE_KEYS
    if unknown:
        raise CaseError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))} "
                        f"(known: {', '.join(sorted(CASE_KEYS))})")
    text = item.get("text")
    if not isinstance(text, str) or not text:
        raise CaseError(f"{where}: 'text' must be a non-empty string")
    if kind == "passes" and PIN_KEYS & set(item):
        raise CaseError(f"{where}: a passes case cannot pin a finding ({', '.join(sorted(PIN_KEYS & set(item)))})")
    at, span, fld, bug = item.get("at"), item.get("span"), item.get("field"), item.get("known_bug")
    if at is not None and (not isinstance(at, str) or not at or at not in text):
        raise CaseError(f"{where}: 'at' must be a non-empty part of the text, not {at!r}")
    if span is not None:
        if (not isinstance(span, list) or len(span) != 2 or not all(type(n) is int for n in span)
                or not 0 <= span[0] < span[1] <= len(text)):
            raise CaseError(f"{where}: 'span' must be [start, end] with 0 <= start < end <= {len(text)}")
        span = (span[0], span[1])
    if fld is not None and fld not in FIELDS:
        raise CaseError(f"{where}: 'field' must be one of {', '.join(sorted(FIELDS))}, not {fld!r}")
    if bug is not None and (not isinstance(bug, str) or not bug.strip() or (at is None and span is None)):
        raise CaseError(f"{where}: 'known_bug' is a description, on a case pinned with 'at' or 'span'")
    options, context = item.get("options") or {}, item.get("context") or {}
    for key, value in (("options", options), ("context", context)):
        if not isinstance(value, dict):
            raise CaseError(f"{where}: '{key}' must be a mapping")
    return Case(code, kind, text, cid, at, span, fld, dict(options), dict(context), bug,
                _config(code, options, context, where))


def load(path: Path) -> list[Case]:
    """Every case of one file, in order; CaseError on anything malformed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CaseError(f"{path.name}: must be a mapping with code, fires and passes")
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise CaseError(f"{path.name}: unknown key(s) {', '.join(sorted(map(str, unknown)))} "
                        f"(known: {', '.join(sorted(FILE_KEYS))})")
    code = data.get("code")
    if not isinstance(code, str) or get_rule(code, meta=False) is None or get_rule(code).code != code:
        raise CaseError(f"{path.name}: 'code' must be a registered rule code, not {code!r}")
    if path.stem != code and not path.stem.startswith(code + "-"):
        raise CaseError(f"{path.name}: the file name must be {code}.yml or {code}-topic.yml")
    cases = []
    for kind in ("fires", "passes"):
        items = data.get(kind) or []
        if not isinstance(items, list):
            raise CaseError(f"{path.name}: '{kind}' must be a list")
        cases += [_case(code, kind, i, item, path) for i, item in enumerate(items)]
    if not cases:
        raise CaseError(f"{path.name}: no cases")
    return cases


def all_cases(folder: Path = CASES) -> list[Case]:
    return [case for path in sorted(folder.glob("*.yml")) for case in load(path)]
