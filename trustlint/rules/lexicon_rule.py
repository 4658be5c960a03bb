"""Rules with no Python: a lexicon's `rule:` section plus its entries.

Three kinds, like Vale's styles:

- `existence` (the default) fires on every match of an entry (banned phrases, brand words;
  built-in TL304-TL307, TL402, TL504, TL506, TL606-TL608 ...);
- `required` fires once when NO entry matches anywhere in the rule's fields (a disclaimer or
  unsubscribe line a campaign must carry);
- `conditional` fires on a claim unless support is near it: entries of the same lexicon
  with a tag, another lexicon, a date, or the built-in evidence cues, in the same sentence,
  the same or next one, the adjacent ones, or anywhere (Vale's `conditional`; built-in
  TL101-TL103, TL202, TL604, TL605).

Every other key shapes which matches count and how they are reported, and is validated
here: `guards` (named checks that drop a match or silence the rule: MATCH_GUARDS and
DOC_GUARDS below: hypothetical, list-subscription, merge-token, named-list, quoted-thread,
bulk-first-contact), `tag_when` (entries with
a tag fire only in a campaign context), `claims: longest`, `unless: same-sentence`,
`join: overlapping`, `per_sentence: first`, `match_text`. An error names the file and key.
Built-in rules use TL codes; a campaign repository's own rules must use another prefix.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Iterator

from ..nlp import datetimes
from ..context import KEYS as CONTEXT_KEYS
from ..findings import Component, Hit, Severity
from ..nlp.lexicon import Lexicon, LexiconError
from .base import RuleContext, RuleDoc
from .evidence import ALL_KINDS, CITATION_KINDS, claim_matches, silenced, supported
from .guards import has_quoted_thread, is_hypothetical, names_own_list, names_subject_list
from .nearby import one_per_sentence

if TYPE_CHECKING:
    from ..nlp.document import Document, LexMatch

REQUIRED = ("code", "name", "severity", "component", "summary", "why", "message", "suggestion")
CUSTOM_REQUIRED = ("code", "name", "severity", "component", "message", "suggestion")
KINDS = ("existence", "required", "conditional")
FIELDS = ("subject", "preheader", "body")
CUSTOM_CODE = re.compile(r"[A-Z]{2,10}[0-9]{1,4}")


def _hypothetical(doc: Document, m: LexMatch) -> bool:
    return is_hypothetical(doc, m.field, m.start)


def _list_subscription(doc: Document, m: LexMatch) -> bool:
    return names_subject_list(doc, m.field, m.start)


def _in_merge_token(doc: Document, m: LexMatch) -> bool:
    return doc.field(m.field).tokens.overlaps(m.start, m.end)


def _named_list(doc: Document, m: LexMatch) -> bool:
    return names_own_list(doc, m.field, m.start, m.end)


def _quoted_thread(doc: Document, ctx: RuleContext) -> bool:
    return has_quoted_thread(doc)


def _not_bulk_first_contact(doc: Document, ctx: RuleContext) -> bool:
    return not (ctx.campaign.bulk and ctx.campaign.first_contact)


#: guards on one match: True drops it
MATCH_GUARDS: dict[str, Callable[[Any, Any], bool]] = {
    "hypothetical": _hypothetical,  # in a conditional or general clause, or a question (rules/guards.py)
    "list-subscription": _list_subscription,  # the sentence names the list the subject's tag names
    "merge-token": _in_merge_token,  # the match overlaps a merge token ({{ first_name }}, *|FNAME|*)
    "named-list": _named_list,  # a sign-up claim goes on to name the list by a proper name ("for Design Hacks")
}
#: guards on the whole draft: True silences the rule
DOC_GUARDS: dict[str, Callable[[Any, Any], bool]] = {
    "quoted-thread": _quoted_thread,  # the body quotes an earlier message (rules/guards.py)
    "bulk-first-contact": _not_bulk_first_contact,  # the rule judges only bulk first-contact mail
}
#: the campaign-context keys a guard reads (listed by `explain` with the rule's own)
GUARD_CONTEXT = {"bulk-first-contact": ("bulk", "first_contact")}
GUARDS = (*MATCH_GUARDS, *DOC_GUARDS)

#: where support may be, in sentences around the claim's (before, after); None: anywhere
WITHIN: dict[str, tuple[int, int] | None] = {"same": (0, 0), "next": (0, 1), "adjacent": (1, 1), "anywhere": None}
#: tags a support entry may carry to change where it counts, or what it needs
SCOPE_TAGS = {"same-sentence": "same", "anywhere": "anywhere"}
NEEDS_DATE = "needs-date"  # a support entry that counts only with a concrete date in its own sentence
#: time expressions that count as a date: `concrete` (trustlint.nlp.datetimes), or any dated kind
DATE_KINDS = {"concrete": None, "dated": frozenset({"date", "time", "datetime", "weekday"})}
SUPPORT_KEYS = {"tag", "lexicon", "date", "evidence", "within"}
MATCH_TEXT = ("raw", "collapsed", "stripped")
#: the sentence windows the nearby checks look in (trustlint/nlp/sentences.py)
GAP = "previous"


class LexiconRule:
    """A rule defined by data. Same interface as trustlint.rules.base.Rule."""

    def __init__(self, lexicon: Lexicon, known_lexicons: dict[str, Lexicon] | None = None) -> None:
        spec: dict[str, Any] = lexicon.rule or {}
        where = f"{lexicon.origin}: rule"
        for key in ("code", "name", "message", "suggestion", "summary", "why"):
            if isinstance(spec.get(key), bool):
                raise LexiconError(f"{where}.{key}: YAML read this as true/false; put the text in quotes")
        missing = [k for k in (REQUIRED if lexicon.builtin else CUSTOM_REQUIRED) if not spec.get(k)]
        if missing:
            raise LexiconError(f"{where}: missing {', '.join(missing)}")
        try:
            self.severity = Severity.parse(spec["severity"])
        except ValueError as exc:
            raise LexiconError(f"{where}.severity: {exc}") from None
        try:
            self.component = Component(spec["component"])
        except ValueError:
            raise LexiconError(f"{where}.component: {spec['component']!r} is not one of "
                               f"{', '.join(c.value for c in Component)}") from None
        self.lexicon = lexicon.name
        self.code = str(spec["code"])
        if not lexicon.builtin and (not CUSTOM_CODE.fullmatch(self.code) or self.code.startswith("TL")):
            raise LexiconError(f"{where}.code: '{self.code}' must be 2-10 capital letters then digits, "
                               "and not start with TL (reserved for built-in rules), e.g. ACME101")
        self.name = str(spec["name"])
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.name):
            raise LexiconError(f"{where}.name: '{self.name}' must be kebab-case, e.g. banned-phrase")
        self.kind = str(spec.get("kind", "existence"))
        if self.kind not in KINDS:
            raise LexiconError(f"{where}.kind: '{self.kind}' is not one of {', '.join(KINDS)}")
        self.message = str(spec["message"])
        self.suggestion = str(spec["suggestion"])
        templates = [("message", self.message)] + [
            (f"entry '{e.id}'.message", str(e.data["message"])) for e in lexicon.entries if "message" in e.data]
        for key, template in templates:
            try:
                template.format(match="")
            except (KeyError, IndexError, ValueError):
                raise LexiconError(f"{where}.{key}: the only placeholder allowed is {{match}}") from None
        fields = spec.get("fields") or []
        if not isinstance(fields, list) or any(f not in FIELDS for f in fields):
            raise LexiconError(f"{where}.fields: must be a list of {', '.join(FIELDS)}")
        self.fields = tuple(fields)
        self.when: dict[str, Any] = self._context_map(spec.get("when"), f"{where}.when")
        entry_tags = {str(t) for e in lexicon.entries for t in e.data.get("tags", ()) or ()}
        self.tag_when: dict[str, dict[str, Any]] = {}
        raw_tag_when = spec.get("tag_when") or {}
        if not isinstance(raw_tag_when, dict):
            raise LexiconError(f"{where}.tag_when: must map an entry tag to context conditions")
        for tag, cond in raw_tag_when.items():
            if tag not in entry_tags:
                raise LexiconError(f"{where}.tag_when: no entry carries the tag '{tag}'")
            self.tag_when[str(tag)] = self._context_map(cond, f"{where}.tag_when.{tag}")
        context = spec.get("context")
        if context is not None:
            if not isinstance(context, list) or set(context) - set(CONTEXT_KEYS):
                raise LexiconError(f"{where}.context: must be a list of context keys "
                                   f"({', '.join(CONTEXT_KEYS)})")
            self.context_keys = tuple(context)
        else:
            keys = [*self.when, *(k for cond in self.tag_when.values() for k in cond)]
            self.context_keys = tuple(dict.fromkeys(keys))
        self.guards = self._names(spec.get("guards"), GUARDS, f"{where}.guards", "guard")
        if context is None:
            guard_keys = (k for g in self.guards for k in GUARD_CONTEXT.get(g, ()))
            self.context_keys = tuple(dict.fromkeys((*self.context_keys, *guard_keys)))
        self.claims = self._choice(spec, "claims", ("each", "longest"), where)
        self.unless = self._choice(spec, "unless", ("none", "same-sentence"), where)
        self.join = self._choice(spec, "join", ("none", "overlapping"), where)
        self.per_sentence = self._choice(spec, "per_sentence", ("all", "first"), where)
        self.match_text = self._choice(spec, "match_text", MATCH_TEXT, where)
        if self.unless != "none" and "unless" not in entry_tags:
            raise LexiconError(f"{where}.unless: no entry carries the tag 'unless'")
        self.support = self._support(spec.get("support"), where, entry_tags, known_lexicons)
        self.lexicons: tuple[str, ...] = tuple(dict.fromkeys(
            [lexicon.name] + [s["lexicon"] for s in self.support if "lexicon" in s]
            + (["evidence_cues", "evidence_links"] if any("evidence" in s for s in self.support) else [])))
        self.tags: tuple[str, ...] = self._tags_read(lexicon, entry_tags)
        self.tag_values: tuple[str, ...] = ()
        self.options: dict[str, Any] = {}
        examples = spec.get("examples") or {}
        if not isinstance(examples, dict) or set(examples) - {"fires", "passes"}:
            raise LexiconError(f"{where}.examples: must be a mapping with 'fires' and 'passes' lists")
        summary = spec.get("summary") or lexicon.description or self.message.format(match="…")
        self.doc = RuleDoc(str(summary), str(spec.get("why") or ""), str(spec.get("source", "")),
                           tuple(examples.get("fires", ())), tuple(examples.get("passes", ())))
        self.summary = self.doc.summary
        self.origin = lexicon.origin

    # -- validation helpers -------------------------------------------------------------

    @staticmethod
    def _context_map(value: Any, where: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise LexiconError(f"{where}: must map context keys to values, e.g. {{bulk: true}}")
        bad = set(value) - set(CONTEXT_KEYS)
        if bad:
            raise LexiconError(f"{where}: names unknown context key(s) {', '.join(sorted(bad))} "
                               f"(known: {', '.join(CONTEXT_KEYS)})")
        return dict(value)

    @staticmethod
    def _names(value: Any, allowed: tuple[str, ...], where: str, what: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LexiconError(f"{where}: must be a list of {what} names ({', '.join(allowed)})")
        bad = [v for v in value if v not in allowed]
        if bad:
            raise LexiconError(f"{where}: unknown {what}(s) {', '.join(bad)} (known: {', '.join(allowed)})")
        return tuple(value)

    @staticmethod
    def _choice(spec: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
        value = spec.get(key, allowed[0])
        if value not in allowed:
            raise LexiconError(f"{where}.{key}: {value!r} is not one of {', '.join(allowed)}")
        return str(value)

    def _support(self, value: Any, where: str, entry_tags: set[str],
                 known: dict[str, Lexicon] | None) -> tuple[dict[str, Any], ...]:
        if self.kind != "conditional":
            if value is not None:
                raise LexiconError(f"{where}.support: only a conditional rule has support")
            return ()
        if not isinstance(value, list) or not value:
            raise LexiconError(f"{where}.support: a conditional rule needs a list of support items, "
                               "e.g. [{tag: evidence, within: next}]")
        out = []
        for i, item in enumerate(value):
            at = f"{where}.support[{i + 1}]"
            if not isinstance(item, dict):
                raise LexiconError(f"{at}: must be a mapping")
            bad = set(item) - SUPPORT_KEYS
            if bad:
                raise LexiconError(f"{at}: unknown key(s) {', '.join(sorted(bad))} "
                                   f"(allowed: {', '.join(sorted(SUPPORT_KEYS))})")
            sources = [k for k in ("tag", "lexicon", "date", "evidence") if k in item]
            if len(sources) != 1:
                raise LexiconError(f"{at}: needs exactly one of tag, lexicon, date, evidence")
            item = dict(item)
            if "evidence" in item:

                kinds = {"all": ALL_KINDS, "citation": CITATION_KINDS}.get(str(item["evidence"]))
                if kinds is None or "within" in item:
                    raise LexiconError(f"{at}.evidence: 'all' or 'citation' (evidence cues in the claim's "
                                       "sentence or an adjacent one; no 'within')")
                item["kinds"] = kinds
                out.append(item)
                continue
            within = item.get("within")
            if within not in WITHIN:
                raise LexiconError(f"{at}.within: {within!r} is not one of {', '.join(WITHIN)}")
            if "tag" in item and item["tag"] not in entry_tags:
                raise LexiconError(f"{at}.tag: no entry carries the tag '{item['tag']}'")
            if "lexicon" in item and known is not None and item["lexicon"] not in known:
                raise LexiconError(f"{at}.lexicon: no lexicon named '{item['lexicon']}'")
            if "date" in item and item["date"] not in DATE_KINDS:
                raise LexiconError(f"{at}.date: {item['date']!r} is not one of {', '.join(DATE_KINDS)}")
            out.append(item)
        return tuple(out)

    def _tags_read(self, lexicon: Lexicon, entry_tags: set[str]) -> tuple[str, ...]:
        """The entry tags check() acts on (tests/test_rule_registry.py checks them)."""
        tags = list(self.tag_when)
        if self.claims == "longest":
            tags += [t for t in ("unless", "exempt") if t in entry_tags]
        if self.unless != "none":  # an `unless` entry's other tags name the claims it silences
            tags.append("unless")
            tags += sorted({str(t) for e in lexicon.entries if "unless" in (e.data.get("tags") or ())
                            for t in e.data["tags"]} - {"unless"})
        for item in self.support:
            if "tag" in item:
                tags.append(item["tag"])
                tags += [t for t in (*SCOPE_TAGS, NEEDS_DATE) if t in entry_tags]
            if "evidence" in item:
                tags += sorted(item["kinds"])
        return tuple(t for t in dict.fromkeys(tags))

    # -- checking -----------------------------------------------------------------------

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Hit]:
        if not _holds(self.when, ctx):
            return
        if any(DOC_GUARDS[g](doc, ctx) for g in self.guards if g in DOC_GUARDS):
            return
        if self.kind == "required":
            yield from self._check_required(doc)
            return
        found = doc.matches(self.lexicon)
        if self.kind == "conditional" and self._anywhere(doc, found):
            return
        claims = self._claims(doc, found, ctx)
        if self.kind == "conditional" and self.join != "overlapping" and self.per_sentence == "first":
            # only the first unsupported claim of each sentence becomes a finding: support is
            # looked for only until its sentence has one (the same spans as filtering first)
            for field, s, e in self._first_unsupported(doc, claims, found):
                yield self._hit(doc, field, s, e, None)
            return
        if self.kind == "conditional":
            claims = [m for m in claims if not self._supported(doc, m, found)]
        if self.join == "overlapping" or self.per_sentence == "first":
            spans = self._spans(doc, claims)
            for field, s, e in spans:
                yield self._hit(doc, field, s, e, None)
            return
        for m in claims:
            yield self._hit(doc, m.field, m.start, m.end, m)

    def _hit(self, doc: Document, field: str, start: int, end: int, m: LexMatch | None) -> Hit:
        text = doc.field(field).text[start:end]
        if self.match_text == "collapsed":
            text = " ".join(text.split())
        elif self.match_text == "stripped":
            start += len(text) - len(text.lstrip())
            text = text.strip()
        message = m.entry.data.get("message") if m is not None else None
        return Hit(field, start, end, (message or self.message).format(match=text),
                   m.entry.data.get("suggestion") if m is not None else None)

    def _claims(self, doc: Document, found: list[LexMatch], ctx: RuleContext) -> list[LexMatch]:
        support_tags = {s["tag"] for s in self.support if "tag" in s}
        if self.claims == "longest":

            claims = claim_matches(doc, self.lexicon)
        else:
            claims = [m for m in found if not support_tags & set(_tags(m))]
        if self.fields:
            claims = [m for m in claims if m.field in self.fields]
        if self.tag_when:
            claims = [m for m in claims if all(_holds(self.tag_when[t], ctx) for t in _tags(m) if t in self.tag_when)]
        if self.unless == "same-sentence":

            claims = [m for m in claims if not silenced(doc, self.lexicon, m)]
        for g in self.guards:
            if g in MATCH_GUARDS:
                claims = [m for m in claims if not MATCH_GUARDS[g](doc, m)]
        return claims

    def _anywhere(self, doc: Document, found: list[LexMatch]) -> bool:
        """Support that counts anywhere in the draft silences every claim at once."""
        for item in self.support:
            if "tag" in item and any(item["tag"] in _tags(m) and (
                    item["within"] == "anywhere" or "anywhere" in _tags(m)) for m in found):
                return True
            if "lexicon" in item and item["within"] == "anywhere" and doc.matches(item["lexicon"]):
                return True
            if "date" in item and item["within"] == "anywhere" and any(
                    _dates(pf.times, item["date"], 0, len(pf.text)) for pf in doc.fields.values()):
                return True
        return False

    def _supported(self, doc: Document, m: LexMatch, found: list[LexMatch]) -> bool:
        pf = doc.field(m.field)
        for item in self.support:
            if "evidence" in item:

                if supported(doc, m, item["kinds"]):
                    return True
                continue
            if WITHIN[item["within"]] is None:
                continue  # handled once per draft (_anywhere)
            lo, hi = pf.window(m.start, m.end, *WITHIN[item["within"]], gap=GAP)
            if "date" in item:
                if _dates(pf.times, item["date"], lo, hi):
                    return True
                continue
            if "lexicon" in item:
                pool = doc.overlapping(item["lexicon"], m.field, lo, hi)
            else:
                pool = [e for e in found if e.field == m.field and item["tag"] in _tags(e)]
            for e in pool:
                tags = _tags(e)
                scope = next((SCOPE_TAGS[t] for t in tags if t in SCOPE_TAGS), None)
                elo, ehi = (lo, hi) if scope is None or scope == "anywhere" else \
                    pf.window(m.start, m.end, *WITHIN[scope], gap=GAP)
                if not (e.start < ehi and e.end > elo):
                    continue
                if NEEDS_DATE in tags and not _dates(pf.times, "concrete", *pf.window(e.start, e.end, 0, 0, gap=GAP)):
                    continue
                return True
        return False

    def _spans(self, doc: Document, claims: list[LexMatch]) -> list[tuple[str, int, int]]:
        """(field, start, end) per finding: overlapping claims joined, and/or the first per sentence."""
        out: list[list[Any]] = []
        if self.join == "overlapping":
            for m in sorted(claims, key=lambda m: (m.field, m.start, -m.end)):
                if out and out[-1][0] == m.field and m.start < out[-1][2]:
                    out[-1][2] = max(out[-1][2], m.end)
                    continue
                out.append([m.field, m.start, m.end])
        else:
            out = [[m.field, m.start, m.end] for m in claims]
        spans = [(f, s, e) for f, s, e in out]
        if self.per_sentence != "first":
            return spans

        kept = []
        for name in doc.fields:
            mine = [(s, e) for f, s, e in spans if f == name]
            kept += [(name, s, e) for s, e in one_per_sentence(doc.fields[name], mine)]
        return kept

    def _first_unsupported(self, doc: Document, claims: list[LexMatch],
                           found: list[LexMatch]) -> list[tuple[str, int, int]]:
        """What `_spans` gives for the claims `_supported` leaves (no join, first per sentence),
        asking `_supported` only for claims whose sentence has no finding yet."""
        kept = []
        for name in doc.fields:
            by_span: dict[tuple[int, int], list[LexMatch]] = {}
            for m in claims:
                if m.field == name:
                    by_span.setdefault((m.start, m.end), []).append(m)

            def unsupported(s: int, e: int) -> bool:
                return any(not self._supported(doc, m, found) for m in by_span[(s, e)])

            kept += [(name, s, e) for s, e in one_per_sentence(doc.fields[name], by_span, unsupported)]
        return kept

    def _check_required(self, doc: Document) -> Iterator[Hit]:
        """One hit, at the end of the body, when no entry matches in any of the rule's fields."""
        if any(not self.fields or m.field in self.fields for m in doc.matches(self.lexicon)):
            return
        text = doc.body.text.rstrip()
        start = text.rfind("\n") + 1  # the last line, where footers and disclaimers go
        yield Hit("body", start, len(text), self.message.format(match=""))


def _tags(m: Any) -> tuple[str, ...]:
    return tuple(str(t) for t in m.entry.data.get("tags", ()) or ())


def _holds(conditions: dict[str, Any], ctx: RuleContext) -> bool:
    return all(getattr(ctx.campaign, k) == v for k, v in conditions.items())


def _dates(times: Any, kind: str, lo: int, hi: int) -> bool:
    kinds = DATE_KINDS[kind]
    if kinds is None:
        return datetimes.has_concrete(times, lo, hi)
    return any(x.kind in kinds and x.start < hi and x.end > lo for x in times)
