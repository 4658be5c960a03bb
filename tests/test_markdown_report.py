"""The Markdown summary for pull-request comments: a golden file, escaping, the CLI."""
from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from trustlint.cli import app
from trustlint.config import Config
from trustlint.reporters import FORMATS, markdown
from trustlint.app.runner import lint_paths, lint_text

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden" / "campaign.md"


def test_golden_summary_of_the_fixture_campaign(monkeypatch):
    monkeypatch.chdir(FIXTURES)  # paths in the report are as given on the command line
    out = markdown.render(lint_paths(["campaign"], Config()))
    if os.environ.get("TRUSTLINT_UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_draft_text_cannot_inject_markdown_or_html():
    text = "Subject: hi\n\nHi [First Name], <img src=x onerror=alert(1)> | cell | @octocat `code` **bold**"
    out = markdown.render(lint_text(text, path="a|b<script>.txt"))
    assert "<img" not in out and "<script>" not in out
    assert "a\\|b&lt;script&gt;.txt" in out  # the path cannot break the table
    assert "\\[First Name\\]" in out  # not a link
    assert markdown.escape("@octocat **x** `y` a|b") == "@\u200boctocat \\*\\*x\\*\\* \\`y\\` a\\|b"


def test_clean_and_empty_reports():
    out = markdown.render(lint_text("Subject: Your order shipped\n\nYour parcel left today; tracking is below."))
    assert out.startswith("### trustlint: 1 draft, 0 findings")
    assert "<details>" not in out and "| none |" in out


def test_cli_formats_html_and_markdown(tmp_path):
    runner = CliRunner()
    help_text = runner.invoke(app, ["check", "--help"]).output
    for name in FORMATS:
        assert name in help_text
    drafts = [str(FIXTURES / "campaign" / n) for n in ("01-fake-reply.txt", "02-honest-renewal.txt")]
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["check", "--format", "html", "--output", str(report), *drafts])
    assert result.exit_code == 1, result.output  # errors found
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and page.count("<article") == 2
    assert "Reading ease" in page  # the CLI asks the runner for readability figures for html
    result = runner.invoke(app, ["check", "-f", "markdown", drafts[1]])
    assert result.exit_code == 0 and result.output.startswith("### trustlint: 1 draft, 0 findings")


def test_a_big_campaign_still_fits_in_one_pr_comment():
    from dataclasses import replace

    base = lint_paths([str(FIXTURES / "campaign")], Config())
    files = tuple(replace(fr, path=f"drafts/{i:03d}/{Path(fr.path).name}") for i in range(40) for fr in base.files)
    out = markdown.render(type(base)(files, base.errors * 80))
    assert len(out) < 65536  # GitHub's limit for a comment body
    assert out.count("\n| drafts/") == markdown.MAX_ROWS
    assert "| … 150 more, T " in out and "… and 105 more drafts with findings" in out and "… and 30 more" in out
