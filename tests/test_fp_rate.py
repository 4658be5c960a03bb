"""Precision guard: each credibility rule fires on well under 1% of benign e-commerce text."""
from __future__ import annotations

import pytest

from .fp_rate import DATASET, fire_rates, rows

MAX_RATE = 0.01


@pytest.mark.skipif(not DATASET.is_file(), reason="../shared/data/ec-darkpattern is not beside this checkout")
def test_credibility_rules_stay_quiet_on_benign_rows() -> None:
    texts = rows()
    assert len(texts) > 1000  # the benign split really was read
    total, fired = fire_rates(texts, ("TL1",))
    too_noisy = {code: len(hit) / total for code, hit in fired.items() if len(hit) / total >= MAX_RATE}
    assert not too_noisy, {code: fired[code][:5] for code in too_noisy}
