"""The README and docs/ stay true: the generated rule reference matches the registry, every path,
module and link they name exists, and the README stays a short guide."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from trustlint.reporters import rule_docs

from .conftest import ROOT, write

DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", *DOCS]
# a repository path: trustlint/rules/base.py, tests/cases/*.yml, lexicons/ (not ../shared/..., ~/.cache/...)
REPO_PATH = re.compile(r"(?<![\w/.~-])((?:trustlint|tests|benchmarks|lexicons|samples|docs)/[\w./*-]*[\w*/])")
MODULE = re.compile(r"(?<![\w.-])trustlint(?:\.[A-Za-z_]\w*)+")
LINK = re.compile(r"\]\(([^)\s]+)\)")
FILE_SUFFIXES = {"git", "sarif", "toml", "json", "html", "md", "txt", "yml", "yaml", "csv"}
PACKAGE_DATA = {"trustlint.lexicons"}  # lexicons/, shipped inside the wheel under this name


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _prose(text: str) -> str:
    """The text outside fenced code blocks."""
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def _anchors(path: Path) -> set[str]:
    """GitHub's heading anchors of a Markdown file."""
    out = set()
    for line in _prose(path.read_text(encoding="utf-8")).splitlines():
        m = re.match(r"#{1,6}\s+(.*)", line)
        if m:
            slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            out.add(slug)
    return out


def test_rule_reference_and_readme_table_match_the_registry() -> None:
    stale = [_id(p) for p in rule_docs.stale()]
    assert not stale, f"{', '.join(stale)} out of date with the rule registry; run: {rule_docs.COMMAND}"


def test_rule_reference_documents_every_rule() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in rule_docs.registry():
        assert f"### {rule.code} {rule.name}\n" in text
        assert f"| [{rule.code}](docs/rules.md#{rule.code.lower()}-{rule.name}) |" in readme
        for key in list(rule.options) + list(rule.context_keys):
            assert f"`{key}" in text.split(f"### {rule.code} ")[1].split("\n### ")[0], (rule.code, key)
    assert "Off by default: these run only with `learned = true`" in text


def test_generator_check_runs_without_spacy() -> None:
    code = ("import sys\nfrom trustlint.reporters import rule_docs\n"
            "rc = rule_docs.main(['--check'])\nassert 'spacy' not in sys.modules, 'spacy imported'\nsys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_rules_markdown_prints_the_reference_with_custom_rules(tmp_path, cli) -> None:
    assert cli(tmp_path, "rules", "--format", "markdown").stdout == rule_docs.reference(rule_docs.registry())
    write(tmp_path, {".trustlint.toml": 'lexicons = ["rules"]\n', "rules/banned.yml": (
        "name: acme_banned\nrule:\n  code: ACME101\n  name: banned-phrase\n  severity: error\n"
        "  component: credibility\n  message: \"'{match}' is banned\"\n  suggestion: Say what it does.\n"
        "entries:\n  - id: g\n    phrases: [\"guaranteed results\"]\n")})
    out = cli(tmp_path, "rules", "--format", "markdown").stdout
    assert "## Custom rules\n\n### ACME101 banned-phrase\n\nerror · credibility · data rule (existence) in `banned.yml`" in out
    assert out.index("### TL001 ") < out.index("### ACME101 ")


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_paths_and_modules_named_in_docs_exist(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    missing = []
    for m in REPO_PATH.finditer(text):
        path = m.group(1).rstrip(".")
        if "*" in path:
            if not list(ROOT.glob(path)):
                missing.append(path)
        elif not (ROOT / path).exists():
            missing.append(path)
    for m in MODULE.finditer(text):
        name = m.group(0)
        if name in PACKAGE_DATA or name.rsplit(".", 1)[-1] in FILE_SUFFIXES:
            continue
        if not _module_exists(name):
            missing.append(name)
    assert not missing, f"{_id(page)} names what does not exist: {sorted(set(missing))}"


def _module_exists(name: str) -> bool:
    """trustlint.a.b[.attr]: a module file, or a name defined or imported in the longest module prefix."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        base = ROOT.joinpath(*parts[:i])
        source = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
        if source.is_file():
            if i == len(parts):
                return True
            return re.search(rf"\b{re.escape(parts[i])}\b", source.read_text(encoding="utf-8")) is not None
    return False


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_links_in_docs_resolve(page: Path) -> None:
    broken = []
    for m in LINK.finditer(_prose(page.read_text(encoding="utf-8"))):
        target = m.group(1)
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        dest = (page.parent / file).resolve() if file else page
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(target)
    assert not broken, f"{_id(page)} has broken links: {broken}"


def test_readme_is_a_short_guide_with_quick_start_first() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", _prose(text), flags=re.M)
    assert sections[0] == "Quick start"
    quick = text.split("## Quick start\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", quick, flags=re.S)
    assert block.splitlines() == ['pip install . && trustlint check samples/',
                                  'pip install -e ".[test]" && python -m pytest']
    table = text.split(rule_docs.TABLE_START, 1)[1].split(rule_docs.TABLE_END, 1)[0]
    words = len(text.replace(table, "").split())
    assert words < 2200, f"README has {words} words besides the rule table: move reference material to docs/"
