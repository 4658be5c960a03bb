"""textstat's syllable-based scores must work offline (0.7.9+ calls nltk.download)."""
from __future__ import annotations

from trustlint.app.runner import lint_text


def test_syllable_based_scores_offline() -> None:
    import textstat

    text = "The cat sat on the mat. It was a very happy cat, and it purred all afternoon."
    assert 60 < textstat.flesch_reading_ease(text) < 120
    assert textstat.syllable_count("afternoon") == 3
    assert textstat.gunning_fog(text) > 0


def test_report_readability_figures() -> None:
    report = lint_text("You can now export reports. Your filters come along with the export.\n")
    from trustlint.app.runner import lint_draft
    from trustlint.source.draft import parse_text
    from trustlint.config import Config

    fr = lint_draft(parse_text("You can now export reports. Your filters come along.\n"), Config(), readability=True)
    assert set(fr.readability) >= {"flesch_reading_ease", "flesch_kincaid_grade", "avg_sentence_length"}
    assert report.files[0].readability == {}  # not computed unless asked
