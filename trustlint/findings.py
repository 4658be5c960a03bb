"""Result records: severities, trust components, rule hits and findings.

Findings are small immutable records. Offsets become 1-based lines and columns in one place:
`trustlint.app.engine`, through `trustlint.source.reading.Draft.location`.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def letter(self) -> str:
        return self.name[0]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        """Accept 'error', 'E', 'warning', 'W', 'info', 'I' (any case)."""
        if isinstance(value, Severity):
            return value
        text = str(value).strip().lower()
        for sev in cls:
            if text in (sev.label, sev.letter.lower()):
                return sev
        raise ValueError(f"unknown severity {value!r} (use error, warning or info)")


class Component(str, Enum):
    CREDIBILITY = "credibility"
    RELIABILITY = "reliability"
    INTIMACY = "intimacy"
    SELF_ORIENTATION = "self_orientation"

    @property
    def letter(self) -> str:
        return "S" if self is Component.SELF_ORIENTATION else self.value[0].upper()


@dataclass(frozen=True)
class Hit:
    """What a rule yields: a character span in one field of the draft (field-text offsets)."""

    field: str
    start: int
    end: int
    message: str | None = None  # overrides the rule's default message
    suggestion: str | None = None  # overrides the rule's default suggestion


@dataclass(frozen=True)
class Location:
    line: int
    column: int
    end_line: int
    end_column: int  # exclusive, like SARIF's endColumn


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    component: Component
    field: str
    start: int  # offsets in the original file text
    end: int
    location: Location
    message: str
    suggestion: str
    excerpt: str

    @property
    def sort_key(self) -> tuple:
        return (self.location.line, self.location.column, self.code, self.end)


@dataclass(frozen=True)
class Signal:
    """A positive signal: something in the copy that builds trust (a credit, not a finding)."""

    kind: str
    component: Component
    field: str
    start: int
    end: int
    location: Location
    message: str
    excerpt: str


@dataclass(frozen=True)
class Stats:
    """A draft's counts (trustlint.nlp): what the score's pronoun balance and the reports read."""

    words: int
    sentences: int
    seller_pronouns: int
    self_pronouns: int
    reader_pronouns: int
    # surface cues (trustlint.nlp.cues): ALL-CAPS words among words of 3+ letters, runs of
    # exclamation marks, money amounts, account-trouble claims, disguised words, windfall offers; 0 when a caller
    # does not count them
    caps_words: int = 0
    long_words: int = 0
    exclamations: int = 0
    money_amounts: int = 0
    account_alarms: int = 0
    disguised_words: int = 0
    windfalls: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class RuleInfo:
    """A rule's metadata as reporters show it (summary, why, what to write instead), looked up
    in the registry by the app (trustlint.app.catalog), so reporters never ask the rules."""

    code: str
    name: str
    summary: str
    why: str
    suggestion: str
    severity: Severity
    component: Component
