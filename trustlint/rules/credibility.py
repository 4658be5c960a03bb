"""Credibility rules (TL101-TL105): claims a reader cannot check.

The word lists are data (lexicons/superlatives.yml, statistics.yml, establishment_claims.yml,
absolutes.yml, weasel_words.yml, hedges.yml); what needs more than a list lives here: evidence
in the same or an adjacent sentence (rules/evidence.py), refund clauses that turn an outcome
guarantee into a policy, and hedges counted per clause.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterator

from ..findings import Component, Hit, Severity
from .base import Rule, RuleContext, option
from .evidence import ALL_KINDS, CITATION_KINDS, LEXICONS as EVIDENCE_LEXICONS, SPLIT, claim_matches, silenced, supported


class _NeedsEvidence:
    """Mixin: a claim lexicon whose matches need evidence nearby (not a rule by itself)."""

    lexicon = ""
    evidence_kinds = ALL_KINDS
    message = ""

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for m in claim_matches(doc, self.lexicon):
            if silenced(doc, self.lexicon, m):
                continue
            if not supported(doc, m, self.evidence_kinds):
                yield Hit(m.field, m.start, m.end, self.message.format(match=" ".join(m.text.split())))


class UnsupportedSuperlative(_NeedsEvidence, Rule):
    r"""A rank or superlative claim ("#1", "leading", "best-selling", "unbeatable") with no evidence nearby.

    Why: "#1" and "best-selling" are measurable claims, not puffery: the reader knows someone
    measured something, and when no source, sample or date is given they assume no one did.
    Unbacked superlatives are the first thing readers discount, and the brand's other claims go
    with them. Evidence in the same or an adjacent sentence (a source, "according to", a link,
    a footnote, a rating with its review count, a date of measurement) silences the rule. "Our
    best-selling mug" (a fact about the seller's own range) is not a market claim and passes.
    Source: FTC Policy Statement Regarding Advertising Substantiation (1984); FTC Policy
    Statement on Deception (1983) on puffery versus objective claims; Maister, Green & Galford,
    The Trusted Advisor (2000), on credibility.

    Fires:
        Acme is the #1 invoicing app for freelancers.
        We are the leading provider of payroll software for clinics.
        Meet America's best-selling standing desk.
        Unbeatable prices on every mattress this week.
        The fastest CRM on the market, now with email sync.
    Passes:
        Rated 4.7/5 from 2,140 reviews (May 2025).
        Our best-selling sunscreen in the US (Nielsen, May 2025) is back in stock.
        Named the #1 payroll app by G2 in its Winter 2025 report.
        Shop our best sellers before the holidays.
        Step #1: connect your bank account.
    """

    code = "TL101"
    name = "unsupported-superlative"
    severity = Severity.WARNING
    component = Component.CREDIBILITY
    lexicons = ("superlatives", *EVIDENCE_LEXICONS)
    tags = tuple(sorted(ALL_KINDS))
    message = "Superlative claim '{match}' with no source, rating or date nearby"
    suggestion = ("Back it in the same or next sentence (\"Rated 4.7/5 from 2,140 reviews, May 2025\", "
                  "\"#1 in G2's Winter 2025 report\"), or replace it with the concrete fact behind it.")
    lexicon = "superlatives"


class UnsourcedStatistic(_NeedsEvidence, Rule):
    r"""An outcome statistic (a percentage, multiplier or money result) with no study, sample, source or date.

    Why: A precise figure reads as measured. "Cut churn 47%" with no who, when or how-many makes
    the reader ask whose churn and in what test; with none of that given, the precision itself
    looks invented. Prices and offers ("20% off", "save $20"), counts ("3 steps") and
    composition ("100% cotton") are not outcome claims and pass.
    Source: FTC Policy Statement Regarding Advertising Substantiation (1984): a specific figure
    implies the advertiser holds the data behind it; Maister, Green & Galford (2000).

    Fires:
        Teams using Acme close 3x more deals.
        Our onboarding flow cut churn 47% for subscription brands.
        97% of customers recommend us to a friend.
        Clients earn an extra $4,000 a month with our playbook.
    Passes:
        In our 2024 survey of 412 customers, 61% said invoicing got faster.
        Save 20% on annual plans.
        Get $20 off your first box.
        Set up your store in 3 steps.
        A relaxed tee in 100% cotton.
    """

    code = "TL102"
    name = "unsourced-statistic"
    severity = Severity.WARNING
    component = Component.CREDIBILITY
    lexicons = ("statistics", *EVIDENCE_LEXICONS)
    tags = (*sorted(ALL_KINDS), "unless")
    message = "Outcome statistic '{match}' with no study, sample, source or date"
    suggestion = ("Say where the number comes from, next to it: \"In our 2024 survey of 412 customers, "
                  "61% said ...\" or \"median across 1,200 stores, Jan-Jun 2025 (methodology: link)\".")
    lexicon = "statistics"


class EstablishmentClaim(_NeedsEvidence, Rule):
    r"""Claims that science or professionals back the product ("clinically proven", "studies show") with no citation.

    Why: "Clinically proven" and "studies show" claim a specific level of support; the reader
    can only trust it if they could look the study up. Without a named study, link, footnote or
    sample, the phrase is borrowed authority, and regulators treat it as a claim the advertiser
    must substantiate to that level. A date or rating alone is not a citation.
    Source: FTC Policy Statement Regarding Advertising Substantiation (1984), on establishment
    claims; FTC Health Products Compliance Guidance (2022); Cialdini, Influence (1984), on
    authority cues.

    Fires:
        Our serum is clinically proven to reduce fine lines.
        Studies show that standing desks boost focus.
        Doctor recommended for sensitive skin.
        The only pillow proven to stop snoring.
    Passes:
        In a 2023 double-blind trial of 120 adults (Lee et al., Journal of Sleep Research), snoring fell by a third.
        Clinically proven to reduce redness: see the full study at https://example.org/redness-trial
        Our serum is gentle on sensitive skin.
    """

    code = "TL103"
    name = "establishment-claim"
    severity = Severity.ERROR
    component = Component.CREDIBILITY
    lexicons = ("establishment_claims", *EVIDENCE_LEXICONS)
    tags = tuple(sorted(CITATION_KINDS))
    message = "Establishment claim '{match}' with no citation"
    suggestion = ("Cite the study where the claim is made (authors or publisher, year, sample, link), or "
                  "say what was actually tested: \"In a 2023 trial of 120 adults, redness fell by a third.\"")
    lexicon = "establishment_claims"
    evidence_kinds = CITATION_KINDS


class AbsolutePromise(Rule):
    r"""An absolute booster on an outcome: guaranteed results, 100% effective, never again, will double.

    Why: Nobody can promise every reader the outcome; absolute words on results read as
    overclaiming, and one reader for whom it fails remembers the promise. Facts the seller
    controls ("100% cotton", "always free shipping over $50", "authenticity guaranteed") are not
    outcome promises and pass; a money-back clause in the same sentence turns "results
    guaranteed" into a refund policy, which TL202 checks for terms instead.
    Source: Hyland, Metadiscourse (2005) and Hedging in Scientific Research Articles (1998), on
    boosters; FTC Policy Statement Regarding Advertising Substantiation (1984).

    Fires:
        Guaranteed results in 30 days.
        This playbook will double your sales this quarter.
        Never worry about payroll taxes again.
        Our formula is 100% effective on stubborn acne.
        A zero-risk way to grow your audience.
    Passes:
        Most teams approve invoices faster within a month.
        A relaxed tee in 100% cotton.
        Always free shipping on orders over $50.
        Results guaranteed or your money back within 60 days.
        We are always ready to help by chat or email.
    """

    code = "TL104"
    name = "absolute-promise"
    severity = Severity.WARNING
    component = Component.CREDIBILITY
    lexicons = ("absolutes",)
    tags = ("guarantee", "unless")
    message = "Absolute promise on an outcome: '{match}'"
    suggestion = ("Promise what you control and describe the typical result: \"Most teams approve invoices "
                  "faster within a month\", or state the guarantee's terms (what you refund, when).")

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        for m in claim_matches(doc, "absolutes"):
            if silenced(doc, "absolutes", m):
                continue
            yield Hit(m.field, m.start, m.end, self.message.format(match=" ".join(m.text.split())))


_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")


class WeaselClaim(Rule):
    r"""A claim that commits to nothing: "up to" on an outcome, anonymous authorities, stacked hedges.

    Why: "Save up to 40%" is read as the typical result although it promises only a ceiling;
    "many experts agree" borrows authority from nobody; "may potentially help support" hedges a
    claim until nothing is left. Readers either take the strong reading and feel misled later,
    or notice the escape hatch and discount the sender. One or two hedges are honest caution and
    pass, and so do price ranges ("up to 50% off selected styles"); hedges count as stacked when
    each is at most two words from the next in one clause.
    Source: Hastak & Murphy, "Effects of a Bristol Windows Advertisement with an 'Up To' Savings
    Claim on Consumer Take-Away and Beliefs", FTC Bureau of Economics staff report (2012);
    Hyland, Hedging in Scientific Research Articles (1998).

    Fires:
        Save up to 40% on your energy bills with smart vents.
        Many experts agree that cold brew is healthier.
        This blend may potentially help support healthy joints.
        Some say it is the smoothest espresso in town.
    Passes:
        Save 20% on annual plans.
        Up to 50% off selected styles until Sunday.
        It may help to export your data before the upgrade.
    """

    code = "TL105"
    name = "weasel-claim"
    severity = Severity.WARNING
    component = Component.CREDIBILITY
    lexicons = ("weasel_words", "hedges")
    tags = ("exempt",)
    message = "Weasel claim: '{match}'"
    suggestion = ("Give the typical result and its basis instead of a ceiling (\"median saving 18% across "
                  "1,200 homes, 2024\"), name the authority, or drop hedges until one remains.")
    options = {"max_hedges": 2}

    def check(self, doc, ctx: RuleContext) -> Iterator[Hit]:
        exempt = [m for m in doc.matches("weasel_words") if "exempt" in m.entry.data.get("tags", ())]
        for m in claim_matches(doc, "weasel_words"):
            if any(e.field == m.field and e.start <= m.start < e.end for e in exempt):
                continue
            yield Hit(m.field, m.start, m.end, self.message.format(match=" ".join(m.text.split())))
        yield from self._stacked_hedges(doc, int(option(ctx, self, "max_hedges")))

    def _stacked_hedges(self, doc, max_hedges: int) -> Iterator[Hit]:
        hedges = claim_matches(doc, "hedges")
        for name, pf in doc.fields.items():
            mine = [h for h in hedges if h.field == name]
            if len(mine) <= max_hedges:
                continue
            starts = [h.start for h in mine]  # claim_matches are in start order: bisect per clause
            for lo, hi in pf.sentence_spans(SPLIT):
                cuts = [lo] + [lo + c.end() for c in _CLAUSE_BREAK.finditer(pf.text[lo:hi])] + [hi]
                for a, b in zip(cuts, cuts[1:]):
                    inside = mine[bisect_left(starts, a):bisect_left(starts, b)]
                    for chain in _chains(inside, pf.text):
                        if sum(int(h.entry.data.get("weight", 1)) for h in chain) > max_hedges:
                            start, end = chain[0].start, chain[-1].end
                            yield Hit(name, start, end, f"Stacked hedges in one clause: '{pf.text[start:end]}'")


def _chains(hedges: list, text: str, max_gap: int = 2) -> Iterator[list]:
    """Runs of hedges with at most `max_gap` words between neighbours: hedges stacked on one claim."""
    chain: list = []
    for h in hedges:
        if chain and len(text[chain[-1].end:h.start].split()) > max_gap:
            yield chain
            chain = []
        chain.append(h)
    if chain:
        yield chain
