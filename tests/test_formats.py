"""CI formats: golden files for sarif, github, junit and json-lines; SARIF schema validation.

Regenerate the golden files after an intended change with
    TRUSTLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_formats.py
and review the diff. tests/data/formats/.trustlint.toml limits the rules these drafts run.
"""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from trustlint import __version__

from .conftest import ROOT, write

DATA = ROOT / "tests" / "data" / "formats"
GOLDEN = ROOT / "tests" / "golden"
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CASES = {"sarif": "report.sarif.json", "github": "report.github.txt", "junit": "report.junit.xml",
         "json-lines": "report.jsonl"}


def _golden(name: str, text: str) -> None:
    text = text.replace(f'"{__version__}"', '"<version>"')
    path = GOLDEN / name
    if os.environ.get("TRUSTLINT_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (see this module's docstring)"


@pytest.mark.parametrize("fmt", CASES)
def test_golden(cli, fmt: str) -> None:
    result = cli(DATA, "check", "-f", fmt, "bad.md", "good.md")
    assert result.exit_code == 1
    _golden(CASES[fmt], result.stdout)


def test_statistics_golden(cli) -> None:
    result = cli(DATA, "check", "--statistics", "-f", "json", "bad.md", "good.md")
    json.loads(result.stdout)  # statistics go to stderr: machine output stays valid
    _golden("statistics.txt", result.stderr)
    human = cli(DATA, "check", "--statistics", "bad.md", "good.md")
    assert human.stdout.endswith(result.stderr)  # after the terminal report


def _validate(sarif: dict) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA)
    errors = sorted(validator.iter_errors(sarif), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])


def test_sarif_is_valid_and_complete(cli) -> None:
    sarif = json.loads(cli(DATA, "check", "-f", "sarif", "bad.md", "good.md").stdout)
    _validate(sarif)
    run = sarif["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"TL001", "TL504", "TL506"}
    assert rules["TL504"]["defaultConfiguration"]["level"] == "error"
    assert rules["TL506"]["shortDescription"]["text"].startswith("A salutation that addresses a category")
    levels = {(r["ruleId"], r["level"]) for r in run["results"]}
    assert levels == {("TL001", "warning"), ("TL504", "error"), ("TL506", "warning")}
    first = run["results"][0]
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == first["ruleId"]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (3, 1, 21)
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.md"


def test_sarif_with_errors_custom_rules_and_odd_paths_is_valid(tmp_path, cli) -> None:
    write(tmp_path, {
        ".trustlint.toml": 'lexicons = ["style"]\n',
        "style/b.yml": "name: b\nrule:\n  code: ACME1\n  name: banned\n  severity: info\n  component: "
                       "self_orientation\n  message: banned\n  suggestion: remove it\nentries:\n  - id: a\n"
                       "    phrases: [synergy]\n",
        "my drafts/ünï code.md": "Hi Dana,\n\nOur synergy, 100% {# trustlint: disable=TL6 #}\n",
        "empty.md": "",
    })
    result = cli(tmp_path, "check", "-f", "sarif", "my drafts", "empty.md")
    assert result.exit_code == 2
    sarif = json.loads(result.stdout)
    _validate(sarif)
    run = sarif["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["results"][0]["ruleId"] == "ACME1" and run["results"][0]["level"] == "note"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "my%20drafts/%C3%BCn%C3%AF%20code.md"
    assert run["tool"]["driver"]["rules"][0]["properties"]["component"] == "self_orientation"


def test_github_annotations_escape_data_and_properties(tmp_path, cli) -> None:
    write(tmp_path, {"a,b:c.md": "Save XX% today, [First Name].\n"})
    lines = cli(tmp_path, "check", "-f", "github", "--select", "TL504", "a,b:c.md").stdout.splitlines()
    assert lines[0].startswith("::error file=a%2Cb%3Ac.md,line=1,col=6,endLine=1,endColumn=9,"
                               "title=TL504 unrendered-placeholder::Unrendered placeholder 'XX%25'")
    assert all("\n" not in x for x in lines) and len(lines) == 2


def test_junit_is_well_formed_xml(cli) -> None:
    root = ET.fromstring(cli(DATA, "check", "-f", "junit", "bad.md", "good.md").stdout)
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases["bad.md"].find("failure") is not None and cases["good.md"].find("failure") is None
    assert "bad.md:5:4: TL504 [error]" in cases["bad.md"].find("failure").text


def test_json_lines_every_line_is_json(cli) -> None:
    rows = [json.loads(x) for x in cli(DATA, "check", "-f", "json-lines", "bad.md", "good.md").stdout.splitlines()]
    assert [r["type"] for r in rows].count("score") == 2
    assert {r["code"] for r in rows if r["type"] == "finding"} == {"TL001", "TL504", "TL506"}


def test_exit_zero(cli, tmp_path) -> None:
    assert cli(DATA, "check", "--exit-zero", "bad.md").exit_code == 0
    write(tmp_path, {"empty.md": ""})
    assert cli(tmp_path, "check", "--exit-zero", "empty.md").exit_code == 2  # errors still fail


def test_output_file(cli, tmp_path) -> None:
    out = tmp_path / "trustlint.sarif"
    result = cli(DATA, "check", "-f", "sarif", "-o", str(out), "bad.md")
    assert result.stdout == "" and json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_unknown_format_lists_all(cli) -> None:
    result = cli(DATA, "check", "-f", "xml", "bad.md")
    assert result.exit_code == 2
    for name in ("sarif", "github", "junit", "json-lines"):
        assert name in result.stderr
