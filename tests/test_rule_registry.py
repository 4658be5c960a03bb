"""Rules declare the lexicons and tags they read; the declarations are checked both ways.

A rule names its lexicons (`lexicons = (...)`), the entry tags it acts on (`tags = (...)`) and
the lexicons whose tags are context values (`tag_values`). These tests fail on a declared
lexicon or tag no file defines, on a lexicon or tag that nothing reads, and on a rule that
reads a lexicon it did not declare (every documented example and test case is run with the
lookups recorded per rule). Document.matches() on an unknown name raises.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from trustlint.config import Config
from trustlint.nlp.lexicon import UnknownLexicon, load_lexicons
from trustlint.nlp.document import Document, parse
from trustlint.rules import all_rules
from trustlint.rules import signals
from trustlint.app.runner import lint_text
from trustlint.source.draft import parse_text

from . import rulecases

#: read by the pipeline itself (trustlint.nlp.document.parse counts pronouns for Stats)
PIPELINE_LEXICONS = {"pronouns"}

#: declared lexicons that no documented example or test case makes the rule read
NOT_EXERCISED = {"TL204": {"email_shape"}}  # read only for a long body with no subject line

LEXICONS = {lex.name: lex for lex in load_lexicons()}


def _tags(name: str) -> set[str]:
    return {str(t) for e in LEXICONS[name].entries for t in e.data.get("tags", ()) or ()}


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_declared_lexicons_and_tags_exist(rule) -> None:
    unknown = [name for name in (*rule.lexicons, *rule.tag_values) if name not in LEXICONS]
    assert not unknown, f"{rule.code} declares unknown lexicon(s) {unknown}"
    assert set(rule.tag_values) <= set(rule.lexicons), f"{rule.code}: tag_values must be declared lexicons"
    present = set().union(*(_tags(name) for name in rule.lexicons)) if rule.lexicons else set()
    missing = sorted(set(rule.tags) - present)
    assert not missing, f"{rule.code} declares tag(s) {missing} that none of {rule.lexicons} carries"


def test_every_lexicon_is_read() -> None:
    used = set(PIPELINE_LEXICONS) | set(signals.LEXICONS)
    for rule in all_rules():
        used.update(rule.lexicons)
    unused = sorted(set(LEXICONS) - used)
    assert not unused, f"lexicons no rule, signal or the pipeline declares: {unused}"


def test_every_tag_is_declared() -> None:
    declared: dict[str, set[str]] = {}
    free: set[str] = set()
    for rule in all_rules():
        for name in rule.lexicons:
            declared.setdefault(name, set()).update(rule.tags)
        free.update(rule.tag_values)
    problems = {}
    for name in LEXICONS:
        if name in free:
            continue
        extra = _tags(name) - declared.get(name, set())
        if extra:
            problems[name] = sorted(extra)
    assert not problems, f"tags in lexicons that no rule reading them declares: {problems}"


def test_unknown_lexicon_lookup_raises() -> None:
    doc = parse(parse_text("Hello there."))
    with pytest.raises(UnknownLexicon, match="no lexicon named 'superlative'"):
        doc.matches("superlative")
    with pytest.raises(UnknownLexicon):
        doc.overlapping("no_such_file", "body", 0, 5)
    assert doc.matches("superlatives") == []  # known, just no match


def _examples():
    for rule in all_rules():
        yield from ((rule.code, t) for t in (*rule.doc.fires, *rule.doc.passes))
    for case in rulecases.all_cases():  # tests/cases/*.yml: strings or {text, at, options, ...}
        yield case.code, case.text


def test_rules_read_only_declared_lexicons(monkeypatch) -> None:
    """Every lookup a rule makes while checking the documented examples and test cases is of
    a lexicon it declares (recorded per rule: the rule whose check() is running)."""
    current: list[str] = []
    read: dict[str, set[str]] = {}
    for cls in {type(rule) for rule in all_rules()}:  # the engine's rule instances are other objects
        original = cls.check

        def check(self, doc, ctx, _original=original):
            current.append(self.code)
            try:
                yield from _original(self, doc, ctx)
            finally:
                current.pop()

        monkeypatch.setattr(cls, "check", check)
    for method in ("matches", "overlapping"):
        original = getattr(Document, method)

        def lookup(self, lexicon, *args, _original=original, **kwargs):
            if current:
                read.setdefault(current[-1], set()).add(lexicon)
            return _original(self, lexicon, *args, **kwargs)

        monkeypatch.setattr(Document, method, lookup)
    config = Config(learned=True)
    for _, text in _examples():
        report = lint_text(text, config)
        assert not report.errors, report.errors
    by_code = {r.code: r for r in all_rules()}
    undeclared = {code: sorted(names - set(by_code[code].lexicons)) for code, names in read.items()
                  if names - set(by_code[code].lexicons)}
    assert not undeclared, f"rules reading lexicons they do not declare: {undeclared}"
    declared_unread = {r.code: set(r.lexicons) - read.get(r.code, set()) for r in all_rules()
                       if set(r.lexicons) - read.get(r.code, set())}
    assert declared_unread == NOT_EXERCISED, "rules declaring lexicons no example makes them read"


def test_one_file_per_python_rule_named_by_its_code() -> None:
    """rules/<family>/TLnnn_rule_name.py holds exactly the rule TLnnn (rule-name), in the
    folder of its family: from a code to its file is mechanical."""
    import importlib

    from trustlint.rules import FAMILIES, PYTHON_RULES, RULE_FILE, rule_classes, rule_modules

    seen = []
    for family, name in rule_modules():
        m = RULE_FILE.fullmatch(name)
        assert m, f"rules/{family}/{name}.py: a rule file is named TLnnn_rule_name.py (helpers go in rules/)"
        module = importlib.import_module(f"trustlint.rules.{family}.{name}")
        classes = rule_classes(module)
        assert len(classes) == 1, f"rules/{family}/{name}.py defines {len(classes)} rule classes, not one"
        rule = classes[0]
        assert rule.code == m["code"], f"rules/{family}/{name}.py holds {rule.code}"
        assert rule.name.replace("-", "_") == m["name"], f"rules/{family}/{name}.py holds '{rule.name}'"
        assert FAMILIES[rule.code[2]] == family, f"{rule.code} belongs in rules/{FAMILIES[rule.code[2]]}/"
        seen.append(rule)
    assert tuple(seen) == PYTHON_RULES


def test_every_rule_is_on_the_protocol() -> None:
    from trustlint.rules import RuleProtocol

    for rule in all_rules():
        assert isinstance(rule, RuleProtocol), rule.code


def test_data_rules_are_lexicon_files() -> None:
    """A data rule is one YAML file whose `rule:` section holds its metadata, docs and examples."""
    from trustlint.rules import PYTHON_RULES
    from trustlint.rules.lexicon_rule import LexiconRule

    data = [r for r in all_rules() if isinstance(r, LexiconRule)]
    assert len(data) + len(PYTHON_RULES) == len(all_rules())
    for rule in data:
        assert Path(rule.origin).name == f"{rule.lexicon}.yml"
        assert rule.doc.why and rule.doc.source and rule.doc.fires and rule.doc.passes


def test_rule_families_ship_in_the_wheel() -> None:
    import tomllib

    from trustlint.rules import FAMILIES

    packages = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    missing = [f for f in FAMILIES.values() if f"trustlint.rules.{f}" not in packages]
    assert not missing, f"rule folders missing from [tool.setuptools] packages: {missing}"
