"""The HTML report in a real browser: headless Chromium loads it offline, at desktop and 320 px.

Checks: no console errors or exceptions, no request but the file itself, nothing wider than the
viewport, a screenshot that is not blank, the filter script works, and it prints (A4 PDF).
Skips only when no Chromium binary is installed (.ci/run installs Debian's `chromium`).
"""
from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest

from trustlint.config import Config
from trustlint.reporters import html
from trustlint.app.runner import lint_paths

from .browser import Browser, find_chromium

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
ROOT = Path(__file__).parent.parent
INPUTS = [ROOT / "samples", ROOT / "tests" / "fixtures" / "campaign"]  # the samples plus hostile and unreadable drafts


@pytest.fixture(scope="module")
def report():
    return lint_paths([str(p) for p in INPUTS if p.exists()], Config(), readability=True)


@pytest.fixture(scope="module")
def report_url(report, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("html") / "report.html"
    out.write_text(html.render(report, generated="2026-01-01 00:00 UTC"), encoding="utf-8")
    return out.as_uri()


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM) as b:
        yield b


def not_blank(png: bytes) -> tuple[float, int]:
    """Share of pixels that differ from the most common colour, and the number of colours."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    img.thumbnail((400, 400))
    data = img.tobytes()
    counts = Counter(data[i:i + 3] for i in range(0, len(data), 3))
    total = sum(counts.values())
    return 1 - counts.most_common(1)[0][1] / total, len(counts)


@pytest.mark.parametrize("width", [1280, 320])
def test_renders_cleanly_offline(browser, report, report_url, width):
    load = browser.load(report_url, width=width, height=900)
    assert load.errors == []
    assert load.requests == [report_url]  # nothing fetched but the page itself
    assert browser.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    n = len(report.files)
    assert n >= 5 and browser.evaluate("document.querySelectorAll('article.draft').length") == n
    assert browser.evaluate("document.title") == f"Trust review: {n} drafts (trustlint)"  # hostile draft did not run
    ink, colours = not_blank(browser.screenshot())
    assert ink > 0.05 and colours > 20, (ink, colours)


def test_filter_script_runs_under_its_content_security_policy(browser, report, report_url):
    load = browser.load(report_url)
    assert load.errors == []
    assert browser.evaluate("document.getElementById('filter').hidden") is False
    shown = browser.evaluate(
        "document.getElementById('band').value='low';"
        "document.getElementById('band').dispatchEvent(new Event('change'));"
        "[...document.querySelectorAll('article.draft')].filter(a => !a.hidden).length")
    assert shown == sum(1 for fr in report.files if html.band(fr.score.trust)["key"] == "low") >= 1


def test_works_with_javascript_disabled(browser, report_url):
    load = browser.load(report_url, javascript=False)
    assert load.errors == []
    ink, _ = not_blank(browser.screenshot())
    assert ink > 0.05


def test_prints_to_pdf(browser, report_url):
    browser.load(report_url)
    pdf = browser.pdf()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages > 5  # the overview, then each draft starts on a new page
