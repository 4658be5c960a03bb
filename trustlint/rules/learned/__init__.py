"""Learned findings rules (TL7xx): one file per rule, named by its code (TLnnn_rule_name.py),
each a LearnedRule (below) for one labels.md label. The model they apply is trustlint.learned.
LearnedRule lives in this package's __init__, not in a TLnnn file, so the registry sees only
the concrete rules.
"""
from __future__ import annotations

from typing import Any, ClassVar, Iterator

from ...findings import Hit, Severity
from ...learned import display, shipped
from ..base import Rule, RuleContext, option


class LearnedRule(Rule):
    """Flags sentences the shipped model scores above its label's threshold."""

    #: the labels.md label this code predicts (rc benchmarks map TL7xx findings with it)
    label: ClassVar[str]
    severity = Severity.INFO
    # 0.0: the threshold shipped with the model (chosen on dev CV for precision >= 0.85)
    options = {"min_probability": 0.0}
    #: how many of the sentence's weightiest words the message names
    top_words: ClassVar[int] = 3

    def threshold(self, ctx: RuleContext) -> float:
        chosen = float(option(ctx, self, "min_probability"))
        return chosen if chosen > 0 else float(shipped().thresholds[self.label])

    def check(self, doc: Any, ctx: RuleContext) -> Iterator[Hit]:
        model = shipped()
        if self.label not in model.labels:
            return
        j, thr = model.index(self.label), self.threshold(ctx)
        for name, pf in doc.fields.items():
            probs = pf.learned_scores
            if not len(probs):
                continue
            for i in (probs[:, j] >= thr).nonzero()[0].tolist():
                (s, e), p = pf.sentences[i], float(probs[i, j])
                words = model.top_features(pf.text[s:e], name, self.label, self.top_words)
                named = ", ".join(f"'{display(w)}'" for w in words) or "no single word"
                yield Hit(name, s, e, f"{self.label}-like sentence (p={p:.2f}): {named}")
