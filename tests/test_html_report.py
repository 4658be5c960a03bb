"""The HTML report, parsed: sections, ordering, exact spans, inert hostile text, no external resources."""
from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from trustlint.config import Config
from trustlint.findings import Component, Finding, Location, Severity, Signal
from trustlint.report import FileReport, Report
from trustlint.reporters import FORMATS, html
from trustlint.app.runner import lint_paths, lint_text
from trustlint.scoring.trust import score

FIXTURES = Path(__file__).parent / "fixtures"
VOID = {"meta", "br", "img", "input", "link", "hr", "source", "wbr", "area", "base", "col", "embed", "track", "use",
        "rect", "line", "circle", "path", "stop"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self, skip: tuple[str, ...] = ()) -> str:
        return "".join(c if isinstance(c, str) else ("" if c.matches(skip) else c.text(skip)) for c in self.children)

    def matches(self, skip: tuple[str, ...]) -> bool:
        classes = (self.attrs.get("class") or "").split()
        return any(s in classes or s == self.tag for s in skip)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        out = []
        for n in self.iter():
            if tag and n.tag != tag:
                continue
            if all((n.attrs.get(k.rstrip("_")) or "").split().count(v) or n.attrs.get(k.rstrip("_")) == v
                   for k, v in attrs.items()):
                out.append(n)
        return out

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(found) == 1, (ident, len(found))
        return found[0]


class Tree(HTMLParser):
    """A small DOM (stdlib only) that also checks tags are balanced."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.feed(text)
        self.close()
        assert self.cur is self.root, f"unclosed <{self.cur.tag}>"

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, dict(attrs), self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>"
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)


@pytest.fixture(scope="module")
def campaign() -> Report:
    return lint_paths([str(FIXTURES / "campaign")], Config(), readability=True)


@pytest.fixture(scope="module")
def page(campaign) -> tuple[str, Node]:
    text = html.render(campaign, generated="2026-01-01 00:00 UTC")
    return text, Tree(text).root


def test_registered_and_deterministic(campaign, page):
    assert FORMATS["html"] == "trustlint.reporters.html"
    assert html.render(campaign, generated="2026-01-01 00:00 UTC") == page[0]


def test_overview_sections_and_totals(campaign, page):
    _, root = page
    for section in ("overview", "weakest", "rules", "errors", "drafts"):
        assert root.by_id(section).tag == "section"
        assert root.by_id(f"{section}-h").tag == "h2"
    assert [h.text().strip() for h in root.find_all("h1")] == ["Trust review: 5 drafts"]
    overview = root.by_id("overview").text()
    found = campaign.findings
    by_sev = {sev: sum(1 for f in found if f.severity.label == sev) for sev in ("error", "warning", "info")}
    assert str(len(found)) in overview
    assert f"{by_sev['error']} error, {by_sev['warning']} warning, {by_sev['info']} info" in overview
    # The distribution chart is an SVG with a text alternative naming every non-empty bin.
    chart = root.by_id("overview").find_all("svg", role="img")[0]
    desc = chart.find_all("desc")[0].text()
    bins: dict[int, int] = {}
    for fr in campaign.files:
        bins[int(fr.score.trust)] = bins.get(int(fr.score.trust), 0) + 1
    for low, n in bins.items():
        assert f"{n} with T {low}–{low + 1}" in desc, (bins, desc)
    assert len(chart.find_all("rect")) == html.HIST_BINS
    # The unreadable file is listed with its reason.
    assert "06-broken.txt" in root.by_id("errors").text()
    assert "binary file skipped" in root.by_id("errors").text()


def test_weakest_first_in_table_and_sections(campaign, page):
    _, root = page
    expected = [fr.path for fr in sorted(campaign.files, key=lambda fr: fr.score.trust)]
    rows = root.by_id("weakest").find_all("tr")[1:]
    assert [r.find_all("a")[0].text() for r in rows] == expected
    articles = root.find_all("article")
    assert [a.find_all("h2")[0].text() for a in articles] == expected
    assert [a.attrs["data-band"] for a in articles][0] == "low"


def test_rules_that_fire_most_are_counted(campaign, page):
    _, root = page
    top_code, top_n = campaign.counts().most_common(1)[0]
    first = root.by_id("rules").find_all("tr")[1]
    assert top_code in first.text() and str(top_n) in [td.text() for td in first.find_all("td")]


def _article(root: Node, path_end: str) -> Node:
    return next(a for a in root.find_all("article") if a.find_all("h2")[0].text().endswith(path_end))


def test_draft_text_is_shown_verbatim_with_every_finding_at_its_exact_span(campaign, page):
    _, root = page
    for fr in campaign.files:
        art = _article(root, fr.path)
        src = art.find_all("ol", class_="src")[0]
        lines = [li.text(skip=("mk",)) for li in src.find_all("li")]
        assert "\n".join(lines) == fr.source.rstrip("\n").replace("\r", "")
        marks = src.find_all("mark")
        for n, f in enumerate(fr.findings, 1):
            covered = "".join(m.text() for m in marks if f"f{n}" in m.attrs["data-refs"].split())
            assert covered == fr.source[f.start:f.end].replace("\n", ""), (fr.path, f.code)
            # A numbered marker links from the text to the finding beside it.
            assert src.find_all("a", href=f"#{art.attrs['id']}-f{n}")
            item = art.by_id(f"{art.attrs['id']}-f{n}")
            assert f.code in item.text() and f.message in item.text() and f.suggestion in item.text()
        for n, s in enumerate(fr.signals, 1):
            covered = "".join(m.text() for m in marks if f"s{n}" in m.attrs["data-refs"].split())
            assert covered == fr.source[s.start:s.end].replace("\n", "")
            assert all("sig" in m.attrs["class"].split() for m in marks if f"s{n}" in m.attrs["data-refs"].split())


def test_overlapping_findings_share_the_text_and_are_marked(campaign, page):
    _, root = page
    art = _article(root, "01-fake-reply.txt")  # TL501 and TL502 on the same merge token
    overlap = [m for m in art.find_all("mark") if "overlap" in m.attrs["class"].split()]
    assert [m.text() for m in overlap] == ["{{ first_name }}"]
    assert set(overlap[0].attrs["data-refs"].split()) == {"f2", "f3"}
    assert "TL501" in overlap[0].attrs["title"] and "TL502" in overlap[0].attrs["title"]


def test_partial_overlaps_and_zero_width_spans():
    source = "Subject: hello\n\nabcdefghij\nklm"
    loc = Location(1, 1, 1, 1)

    def f(code, start, end, sev=Severity.WARNING):
        return Finding(code, code, sev, Component.INTIMACY, "body", start, end, loc, f"m{code}", "s", "")

    findings = (f("TL1", 16, 22), f("TL2", 19, 30, Severity.ERROR), f("TL3", 25, 25))
    signals = (Signal("good", Component.INTIMACY, "body", 17, 20, loc, "nice", ""),)
    fr = FileReport("x.txt", findings, signals, score(findings, signals, None), None, source,
                    {"subject": (9, 14), "body": (16, len(source))})
    lines = html.source_lines(fr, "d1")
    assert ["".join(p["text"] for p in line) for line in lines] == ["Subject: hello", "", "abcdefghij", "klm"]
    pieces = {p["text"]: p for p in lines[2]}
    assert pieces["a"]["refs"] == "f1" and "sev-warning" in pieces["a"]["classes"]
    assert pieces["bc"]["refs"] == "f1 s1" and "overlap" not in pieces["bc"]["classes"]
    assert pieces["d"]["refs"] == "f1 f2 s1" and {"overlap", "sig", "sev-error"} <= set(pieces["d"]["classes"])
    assert pieces["ef"]["refs"] == "f1 f2"
    assert pieces["ghi"]["refs"] == pieces["j"]["refs"] == "f2"
    assert lines[3][0]["refs"] == "f2" and lines[3][0]["text"] == "klm"  # a span across a line break
    zero = [p for p in lines[2] + lines[3] if any(m["n"] == 3 for m in p["markers"])]
    assert [p["text"] for p in zero] == ["j"]  # the zero-width finding still gets its marker, at its offset
    assert "meta" in lines[0][0]["classes"]  # "Subject: " is not a linted field


HOSTILE = ("Subject: <script>alert('s')</script> {{ 7*7 }} RE: hi\n\n"
           "Hi [First Name],\n<script>document.title='pwned'</script>\n"
           "<img src=x onerror=\"alert('b')\"> {% if x %}{{ config }}{% endif %} ${7*7} </textarea></pre>\n"
           "<a href=\"javascript:alert(1)\">click</a> &amp; &lt;b&gt; <!-- comment --> ]]>\n")


def test_hostile_draft_text_is_inert():
    report = lint_text(HOSTILE, path="<img src=x onerror=alert(9)>.txt", readability=True)
    out = html.render(report, generated="x")
    root = Tree(out).root
    assert len(root.find_all("script")) == 1  # only the report's own filter script
    assert not root.find_all("img") and not root.find_all("textarea") and not root.find_all("pre")
    assert not [n for n in root.iter() if any(k.startswith("on") for k in n.attrs)]
    assert not [n for n in root.iter() if "javascript:" in (n.attrs.get("href") or "")]
    # no template evaluation ({{ 7*7 }} and ${7*7} shown as written; the score figures elsewhere
    # in the article may contain "49" by chance, e.g. a lever's T of 4.49)
    assert "49" not in root.find_all("ol", class_="src")[0].text()
    assert "49" not in root.find_all("article")[0].find_all("h2")[0].text()
    lines = [li.text(skip=("mk",)) for li in root.find_all("ol", class_="src")[0].find_all("li")]
    assert lines == HOSTILE.rstrip("\n").split("\n")  # every character shown as text
    assert "<img src=x onerror=alert(9)>.txt" in root.find_all("article")[0].find_all("h2")[0].text()
    # and the raw markup never appears unescaped
    assert "<script>alert" not in out and "<img src=x" not in out


def test_self_contained_no_external_resources(page):
    text, root = page
    assert not root.find_all("link") and not root.find_all("img") and not root.find_all("iframe")
    for n in root.iter():
        for attr in ("src", "href", "action", "xlink:href"):
            value = n.attrs.get(attr) or ""
            assert not value or value.startswith("#"), (n.tag, attr, value)
    assert not re.search(r"url\(|@import|https?://", "".join(s.text() for s in root.find_all("style")))
    csp = next(m for m in root.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp.attrs["content"] and "sha256-" in csp.attrs["content"]
    script = root.find_all("script")[0].text()
    assert html._script() == (script, re.search(r"'(sha256-[^']+)'", csp.attrs["content"]).group(1))


def test_accessible_structure(page):
    _, root = page
    assert root.find_all("html")[0].attrs["lang"] == "en"
    assert root.find_all("main") and root.find_all("nav")
    for svg in root.find_all("svg", role="img"):
        assert svg.attrs.get("aria-labelledby"), "every chart has a text alternative"
        for ident in svg.attrs["aria-labelledby"].split():
            assert root.by_id(ident).text().strip()
    # Severity is never colour alone: each severity badge carries a word (visible or for screen readers).
    for badge in root.find_all("span", class_="sev"):
        assert badge.text().strip() and badge.find_all("svg")
    heads = [n.tag for n in root.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert heads[0] == "h1" and all(int(b[1]) - int(a[1]) <= 1 for a, b in zip(heads, heads[1:]))


def test_levers_and_readability_in_each_draft(campaign, page):
    _, root = page
    art = _article(root, "01-fake-reply.txt")
    text = art.text()
    assert "Levers: what fixing would raise T" in text
    gains = [td.text() for td in art.find_all("td", class_="gain")]
    assert gains and all(g.startswith("+") for g in gains)
    assert gains == sorted(gains, key=lambda g: -float(g))
    fr = next(f for f in campaign.files if f.path.endswith("01-fake-reply.txt"))
    assert f"{fr.readability['flesch_kincaid_grade']:.1f}" in text
    assert "Reading ease" in text and "Sentence length" in text
    clean = _article(root, "02-honest-renewal.txt").text()
    honest = next(f for f in campaign.files if f.path.endswith("02-honest-renewal.txt"))
    assert not honest.findings and len(honest.signals) >= 2
    assert "No findings" in clean and f"Positive signals ({len(honest.signals)})" in clean


def test_size_for_200_drafts_stays_under_5_mb(campaign):
    files = tuple(replace(fr, path=f"drafts/{i:03d}-{Path(fr.path).name}")
                  for i in range(40) for fr in campaign.files)
    assert len(files) == 200
    out = html.render(Report(files, campaign.errors), generated="x")
    size = len(out.encode("utf-8"))
    assert size < 5 * 1024 * 1024, size
    assert out.count("<article") == 200


def test_empty_report_renders():
    root = Tree(html.render(Report(), generated="x")).root
    assert "No drafts were linted." in root.by_id("weakest").text()
    assert not root.find_all("script")


def test_templates_ship_in_the_wheel():
    import tomllib
    from importlib import resources

    ROOT = Path(__file__).resolve().parent.parent
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = data["tool"]["setuptools"]["package-data"]["trustlint.reporters"]
    assert "templates/*" in globs  # a flat glob: the templates folder must stay flat
    shipped = resources.files("trustlint.reporters").joinpath("templates")
    names = sorted(p.name for p in shipped.iterdir())
    assert {"report.html.j2", "draft.html.j2", "macros.html.j2", "report.css", "filter.js"} <= set(names)
    assert all(p.is_file() for p in shipped.iterdir())
