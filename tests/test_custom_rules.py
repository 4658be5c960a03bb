"""A campaign repository's own rules: YAML lexicons with a `rule:` section, no Python."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import write

BANNED = """\
name: acme_banned
description: Phrases legal asked us never to use.
rule:
  code: ACME101
  name: banned-phrase
  severity: error
  component: credibility
  message: "'{match}' is banned by Acme legal"
  suggestion: Say what the product does instead.
entries:
  - id: guaranteed
    phrases: ["guaranteed results", "risk-free"]
  - id: best
    regex: ['\\bbest in (?:the )?(?:world|industry)\\b']
    message: "Superlative '{match}' needs a source"
"""
BRAND = """\
name: acme_brand
rule:
  code: ACME201
  name: brand-spelling
  severity: warning
  component: credibility
  message: "Write 'AcmePay', not '{match}'"
  suggestion: AcmePay is one word with a capital P.
entries:
  - id: acmepay
    case: true
    regex: ['\\bAcme ?pay\\b', '\\bACMEPAY\\b', '\\bAcme Pay\\b']
"""
DISCLAIMER = """\
name: acme_disclaimer
rule:
  code: ACME301
  name: missing-unsubscribe
  kind: required
  severity: error
  component: reliability
  message: Bulk mail must say how to unsubscribe
  suggestion: "Add a footer line: 'Unsubscribe: reply STOP or use the link below.'"
  fields: [body]
  when: {bulk: true}
entries:
  - id: unsubscribe
    phrases: ["unsubscribe", "opt out", "manage your preferences"]
"""
FOOTER = "\n\nTo unsubscribe, reply STOP.\n"


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    return write(tmp_path, {
        "pyproject.toml": '[tool.trustlint]\nlexicons = ["style"]\n[tool.trustlint.severity]\nACME201 = "info"\n',
        "style/banned.yml": BANNED, "style/brand.yml": BRAND, "style/disclaimer.yaml": DISCLAIMER,
    })


def _findings(cli, root: Path, *files: str) -> list[dict]:
    result = cli(root, "check", "-f", "json", *files)
    assert result.exit_code in (0, 1), result.output
    return [f for fr in json.loads(result.stdout)["files"] for f in fr["findings"]]


def test_banned_phrases_fire_with_their_own_metadata(campaign, cli) -> None:
    write(campaign, {"a.md": "Hi Dana,\n\nGuaranteed results, and we are best in the world." + FOOTER})
    found = [f for f in _findings(cli, campaign, "a.md") if f["code"].startswith("ACME")]
    assert [(f["code"], f["severity"], f["component"], f["excerpt"]) for f in found] == [
        ("ACME101", "error", "credibility", "Guaranteed results"),
        ("ACME101", "error", "credibility", "best in the world")]
    assert found[0]["message"] == "'Guaranteed results' is banned by Acme legal"
    assert found[1]["message"] == "Superlative 'best in the world' needs a source"  # entry message wins
    assert found[0]["suggestion"] == "Say what the product does instead."


def test_brand_words_are_case_sensitive_and_severity_is_configurable(campaign, cli) -> None:
    write(campaign, {"a.md": "Hi Dana,\n\nPay with Acme Pay or ACMEPAY today; AcmePay is free." + FOOTER})
    found = [f for f in _findings(cli, campaign, "a.md") if f["code"] == "ACME201"]
    assert [f["excerpt"] for f in found] == ["Acme Pay", "ACMEPAY"]
    assert {f["severity"] for f in found} == {"info"}  # [severity] override from config


def test_required_phrase_fires_only_when_absent(campaign, cli) -> None:
    write(campaign, {
        "missing.md": "Hi Dana,\n\nOur spring catalogue is out.\n\nSam\n",
        "present.md": "Hi Dana,\n\nOur spring catalogue is out." + FOOTER,
        "personal.md": "---\nbulk: false\n---\nHi Dana,\n\nHere is the quote you asked for.\n",
    })
    result = cli(campaign, "check", "-f", "json", "missing.md", "present.md", "personal.md")
    by_file = {fr["path"]: [f for f in fr["findings"] if f["code"] == "ACME301"]
               for fr in json.loads(result.stdout)["files"]}
    assert [f["line"] for f in by_file["missing.md"]] == [5]  # the last line, where footers go
    assert by_file["present.md"] == [] and by_file["personal.md"] == []  # `when: {bulk: true}`
    assert result.exit_code == 1


def test_custom_rules_are_listed_and_explained(campaign, cli) -> None:
    listed = json.loads(cli(campaign, "rules", "-f", "json").stdout)
    codes = {r["code"] for r in listed}
    assert {"ACME101", "ACME201", "ACME301", "TL001", "TL504"} <= codes
    out = cli(campaign, "explain", "ACME301").stdout
    assert "ACME301 missing-unsubscribe (error, reliability)" in out and "Add a footer line" in out


def test_select_by_custom_prefix(campaign, cli) -> None:
    write(campaign, {"a.md": "Dear valued customer,\n\nGuaranteed results." + FOOTER})
    assert {f["code"] for f in _findings(cli, campaign, "a.md")} >= {"ACME101", "TL506"}
    result = cli(campaign, "check", "-f", "json", "--select", "ACME", "a.md")
    assert {f["code"] for fr in json.loads(result.stdout)["files"] for f in fr["findings"]} == {"ACME101"}


WARRANTY = """\
name: acme_warranty
rule:
  code: ACME401
  name: warranty-without-terms
  kind: conditional
  severity: warning
  component: reliability
  message: "'{match}' with no terms nearby"
  suggestion: Link the warranty terms in the same or the next sentence.
  guards: [hypothetical]
  support:
    - {tag: terms, within: next}
    - {lexicon: acme_links, within: same}
    - {date: concrete, within: same}
entries:
  - id: claim
    phrases: ["lifetime warranty"]
  - id: terms
    tags: [terms]
    phrases: ["warranty terms"]
"""
LINKS = """\
name: acme_links
entries:
  - id: link
    regex: ['acme\\.com/warranty']
"""


def test_custom_conditional_rule_fires_unless_support_is_near(tmp_path, cli) -> None:
    root = write(tmp_path, {".trustlint.toml": 'lexicons = ["style"]\n', "style/warranty.yml": WARRANTY,
                            "style/links.yml": LINKS})
    drafts = {
        "bare.md": "Every kettle has a lifetime warranty. Order today.\n",
        "next.md": "Every kettle has a lifetime warranty. Read the warranty terms first.\n",
        "far.md": "Every kettle has a lifetime warranty. Order today. Read the warranty terms first.\n",
        "link.md": "A lifetime warranty: acme.com/warranty. Order today.\n",
        "dated.md": "A lifetime warranty on orders placed by 1 March 2026.\n",
        "if.md": "If you want a lifetime warranty, ask us.\n",
    }
    write(root, drafts)
    fired = {}
    for name in drafts:
        found = [f for f in _findings(cli, root, name) if f["code"] == "ACME401"]
        fired[name] = [(f["line"], f["column"], f["message"]) for f in found]
    assert fired["bare.md"] == [(1, 20, "'lifetime warranty' with no terms nearby")]
    assert fired["far.md"] == [(1, 20, "'lifetime warranty' with no terms nearby")]
    assert fired["next.md"] == fired["link.md"] == fired["dated.md"] == fired["if.md"] == []


GUARDED = """\
name: acme_guarded
rule:
  code: ACME501
  name: vague-item
  severity: warning
  component: reliability
  message: "'{match}' in a cold bulk email: say what it is"
  suggestion: Name the product.
  guards: [merge-token, bulk-first-contact]
entries:
  - id: item
    phrases: ["your item"]
"""


def test_custom_rule_guards_merge_token_and_bulk_first_contact(tmp_path, cli) -> None:
    """`merge-token` drops a match on a merge token's stand-in word; `bulk-first-contact` judges only bulk
    first-contact mail (and explain lists the context keys it reads)."""
    root = write(tmp_path, {".trustlint.toml": 'lexicons = ["style"]\n', "style/guarded.yml": GUARDED})
    drafts = {
        "plain.md": "Hi there,\n\nYour item ships this week.\n",
        # the token is linted as the neutral word "Item": without the guard this would fire
        "token.md": "Hi there,\n\nYour {{ product_name | default: 'order' }} ships this week.\n",
        "known.md": "---\nfirst_contact: false\n---\nHi there,\n\nYour item ships this week.\n",
    }
    write(root, drafts)
    fired = {name: [(f["line"], f["column"]) for f in _findings(cli, root, name) if f["code"] == "ACME501"]
             for name in drafts}
    assert fired == {"plain.md": [(3, 1)], "token.md": [], "known.md": []}
    explained = cli(root, "explain", "ACME501")
    assert "bulk" in explained.stdout and "first_contact" in explained.stdout


RULE_HEAD = "name: x\nrule:\n  name: banned-thing\n  severity: error\n  component: credibility\n" \
            "  message: nope\n  suggestion: do this\n"
ENTRIES = "entries:\n  - id: a\n    phrases: [foo]\n"


@pytest.mark.parametrize("lexicon,needle", [
    (RULE_HEAD.replace("name: banned", "code: TL901\n  name: banned") + ENTRIES, "rule.code: 'TL901'"),
    (RULE_HEAD.replace("name: banned", "code: acme1\n  name: banned") + ENTRIES, "rule.code: 'acme1'"),
    (RULE_HEAD + ENTRIES, "rule: missing code"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  name: banned").replace("error", "fatal") + ENTRIES,
     "rule.severity: unknown severity 'fatal'"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  name: banned").replace("credibility", "vibes") + ENTRIES,
     "rule.component: 'vibes' is not one of"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  kind: absent\n  name: banned") + ENTRIES,
     "rule.kind: 'absent' is not one of existence, required"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  name: Banned Thing\n  x: 1") + ENTRIES, "rule: unknown key(s) x"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  name: banned").replace("message: nope", "message: '{word}'")
     + ENTRIES, "rule.message: the only placeholder allowed is {match}"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  name: banned") + "entries:\n  - id: a\n    phrases: [yes]\n",
     "'phrases' must be a list of non-empty strings"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  fields: [footer]\n  name: banned") + ENTRIES,
     "rule.fields: must be a list of subject, preheader, body"),
    ("name: x\nrule: [1]\n" + ENTRIES, "'rule' must be a mapping"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  name: banned").replace("message: nope", "message: no")
     + ENTRIES, "rule.message: YAML read this as true/false"),
    ("name: x\nrule:\n  code: [oops\n", "invalid YAML"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  guards: [sarcasm]\n  name: banned") + ENTRIES,
     "rule.guards: unknown guard(s) sarcasm (known: hypothetical, list-subscription, merge-token, named-list, quoted-thread, bulk-first-contact)"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  kind: conditional\n  name: banned") + ENTRIES,
     "rule.support: a conditional rule needs a list of support items"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  kind: conditional\n  support: [{lexicon: nope, within: same}]"
                       "\n  name: banned") + ENTRIES, "rule.support[1].lexicon: no lexicon named 'nope'"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  kind: conditional\n  support: [{tag: terms, within: near}]"
                       "\n  name: banned") + ENTRIES, "rule.support[1].within: 'near' is not one of"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  kind: conditional\n  support: [{tag: terms, within: same}]"
                       "\n  name: banned") + ENTRIES, "rule.support[1].tag: no entry carries the tag 'terms'"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  tag_when: {vip: {bulk: true}}\n  name: banned") + ENTRIES,
     "rule.tag_when: no entry carries the tag 'vip'"),
    (RULE_HEAD.replace("name: banned", "code: AC1\n  when: {vip: true}\n  name: banned") + ENTRIES,
     "rule.when: names unknown context key(s) vip"),
])
def test_bad_custom_lexicons_are_clear_errors(tmp_path, cli, lexicon, needle) -> None:
    write(tmp_path, {".trustlint.toml": 'lexicons = ["style"]\n', "style/mine.yml": lexicon, "a.md": "Hi Dana.\n"})
    result = cli(tmp_path, "check", "a.md")
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert "style/mine.yml" in err and needle in err, err
    assert len(err.splitlines()) == 1 and "Traceback" not in result.output


def test_custom_code_used_twice_is_an_error(tmp_path, cli) -> None:
    write(tmp_path, {".trustlint.toml": 'lexicons = ["style"]\n', "style/one.yml": BANNED,
                     "style/two.yml": BANNED.replace("acme_banned", "acme_banned_again"), "a.md": "Hi.\n"})
    result = cli(tmp_path, "check", "a.md")
    assert result.exit_code == 2 and "rule code ACME101 is already used by banned-phrase" in result.stderr
