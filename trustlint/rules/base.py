"""What every rule is: metadata, documentation with examples, and a pure check().

A rule's docstring is its user documentation and its test input. Sections:

    One-line summary.

    Why: why the pattern erodes trust.
    Source: where that claim comes from.

    Fires:
        an example that must produce this rule's code (\\n for a new line)
    Passes:
        an example that must not

`trustlint explain CODE` prints it; tests run every example.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterator, Protocol, runtime_checkable

from ..context import CampaignContext
from ..findings import Component, Hit, Severity

if TYPE_CHECKING:
    from ..nlp.document import Document

SECTIONS = ("why", "source", "fires", "passes", "instead")


@dataclass(frozen=True)
class RuleDoc:
    summary: str
    why: str
    source: str
    fires: tuple[str, ...]
    passes: tuple[str, ...]


def parse_doc(text: str) -> RuleDoc:
    """Parse a rule docstring into its sections; examples are one per line, '\\n' = newline."""
    lines = (text or "").strip("\n").splitlines()
    summary = lines[0].strip() if lines else ""
    parts: dict[str, list[str]] = {k: [] for k in SECTIONS}
    current: str | None = None
    for line in lines[1:]:
        m = re.match(r"\s*(Why|Source|Fires|Passes|Instead)\s*:\s*(.*)$", line)
        if m:
            current = m.group(1).lower()
            if m.group(2):
                parts[current].append(m.group(2).strip())
            continue
        if current is None:
            continue
        if line.strip():
            parts[current].append(line.strip())
        elif current in ("why", "source"):
            current = None

    def examples(key: str) -> tuple[str, ...]:
        return tuple(e.replace("\\n", "\n") for e in parts[key])

    return RuleDoc(summary, " ".join(parts["why"]), " ".join(parts["source"]),
                   examples("fires"), examples("passes"))


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know beyond the parsed draft: campaign context and its own options."""

    campaign: CampaignContext = field(default_factory=CampaignContext)
    options: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class RuleProtocol(Protocol):
    """What every rule is to the engine, the reporters and the docs: a Python rule (a Rule
    subclass, one file per rule under rules/<family>/) and a data rule (LexiconRule) alike."""

    code: str
    name: str
    severity: Severity
    component: Component
    message: str
    suggestion: str
    context_keys: tuple[str, ...]
    options: dict[str, Any]
    lexicons: tuple[str, ...]
    tags: tuple[str, ...]
    tag_values: tuple[str, ...]

    @property
    def doc(self) -> RuleDoc: ...

    @property
    def summary(self) -> str: ...

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Hit]: ...


class Rule:
    """Base class of the Python rules. Subclasses set the metadata and implement check()."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    component: ClassVar[Component]
    message: ClassVar[str]
    suggestion: ClassVar[str]
    #: campaign-context keys the rule depends on (printed by `explain`)
    context_keys: ClassVar[tuple[str, ...]] = ()
    #: options the rule accepts in config, with their defaults
    options: ClassVar[dict[str, Any]] = {}
    #: the lexicons check() reads (Document.matches/overlapping), and the entry tags it acts
    #: on; tests/test_rule_registry.py fails on an unknown, undeclared or unused one
    lexicons: ClassVar[tuple[str, ...]] = ()
    tags: ClassVar[tuple[str, ...]] = ()
    #: lexicons whose other tags are data compared with the campaign context (topic keys,
    #: audience names), not control words: they need no declaration one by one
    tag_values: ClassVar[tuple[str, ...]] = ()

    @property
    def doc(self) -> RuleDoc:
        return parse_doc(type(self).__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.summary

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Hit]:  # pragma: no cover
        raise NotImplementedError


def option(ctx: RuleContext, rule: Rule, key: str) -> Any:
    return ctx.options.get(key, rule.options[key])

