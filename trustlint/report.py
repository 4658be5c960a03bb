"""The Report every reporter takes: per-file results and read errors."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping

from .findings import Finding, RuleInfo, Severity, Signal, Stats
from .scoring.trust import TrustScore


@dataclass(frozen=True)
class FileReport:
    path: str
    findings: tuple[Finding, ...]
    signals: tuple[Signal, ...]
    score: TrustScore
    stats: Stats | None  # None: not counted (a report built by hand)
    source: str  # the draft's text, for reporters that show it
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)  # field -> source span
    platforms: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    readability: dict[str, float] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING  # from this draft's config, for the exit code
    fail_under: float | None = None

    def failures(self) -> list[str]:
        """Why this draft fails its config's thresholds (empty when it passes)."""
        out = []
        bad = [f for f in self.findings if f.severity >= self.fail_on]
        if bad:
            out.append(f"{len(bad)} finding(s) at or above {self.fail_on.label}")
        if self.fail_under is not None and self.score.trust < self.fail_under:
            out.append(f"trust score {self.score.trust:.2f} is below fail-under {self.fail_under:g}")
        return out


@dataclass(frozen=True)
class FileError:
    path: str
    message: str


@dataclass(frozen=True)
class Report:
    files: tuple[FileReport, ...] = ()
    errors: tuple[FileError, ...] = ()
    skipped: tuple[FileError, ...] = ()  # left out on purpose by the walker (trustlint.source.walk), with why
    #: metadata of the rules the findings name (trustlint.app.catalog.RuleCatalog), for reporters
    rules: Mapping[str, RuleInfo] = field(default_factory=dict, compare=False)

    @property
    def findings(self) -> list[Finding]:
        return [f for fr in self.files for f in fr.findings]

    def counts(self) -> Counter[str]:
        return Counter(f.code for f in self.findings)

    def max_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def failed(self) -> bool:
        return any(fr.failures() for fr in self.files)

    def summary(self) -> dict[str, int]:
        return {"files": len(self.files), "findings": len(self.findings), "errors": len(self.errors)}
