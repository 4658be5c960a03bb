"""The examples of docs/campaign-repositories.md (moved there from the README's "Campaign
repositories" section) work as written."""
from __future__ import annotations

import json
import re
import shlex
import tomllib

import yaml

from trustlint.config import from_mapping
from trustlint.app.runner import lint_text

from .conftest import ROOT, write

SECTION = (ROOT / "docs" / "campaign-repositories.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", SECTION, re.S)


def blocks(lang: str) -> list[str]:
    found = [body for kind, body in BLOCKS if kind == lang]
    assert found, f"docs/campaign-repositories.md has no {lang} example"
    return found


def _trustlint_commands(text: str) -> list[list[str]]:
    out = []
    for line in text.splitlines():
        line = re.sub(r"\s+#.*$", "", line.split("run:", 1)[-1]).strip()
        if line.startswith("trustlint "):
            out.append(shlex.split(line)[1:])
    return out


def _campaign(tmp_path):
    """A campaign repo made of the page's config and custom rules."""
    (toml,) = blocks("toml")
    files = {"pyproject.toml": toml}
    for body in blocks("yaml"):
        first = body.splitlines()[0]
        if first.startswith("# trustlint-rules/"):
            files[first[2:]] = body
    assert len(files) == 4, "expected the config and three rule files"
    return write(tmp_path, files)


def test_config_example_parses_and_validates(tmp_path) -> None:
    root = _campaign(tmp_path)
    table = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["trustlint"]
    cfg = from_mapping(table, "docs", base=root)
    assert cfg.fail_under == 4.0 and cfg.severity["ACME301"].label == "warning"
    assert cfg.per_file_ignores[0] == ("archive/**", ("ALL",)) and cfg.context.first_contact is False


def test_custom_rule_examples_fire(tmp_path, cli) -> None:
    root = _campaign(tmp_path)
    write(root, {"emails/spring.md": "Hi Dana,\n\nGuaranteed results with our spring range.\n",
                 "archive/old.md": "Guaranteed results.\n"})
    result = cli(root, "check", "-f", "json-lines", "emails", "archive")
    assert result.exit_code == 1
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    found = {(r["path"], r["code"], r["severity"]) for r in rows if r["type"] == "finding"}
    assert ("emails/spring.md", "ACME101", "error") in found
    assert ("emails/spring.md", "ACME301", "warning") in found  # severity from the config
    assert not any(path.startswith("archive/") for path, _, _ in found)  # per-file-ignores ALL


def test_custom_conditional_rule_example(tmp_path, cli) -> None:
    """The page's `kind: conditional` example: a claim fires unless its support is adjacent,
    and the hypothetical guard drops a conditional clause."""
    root = _campaign(tmp_path)
    write(root, {"emails/a.md": "Hi Dana,\n\nOur award-winning app keeps your books tidy.\n",
                 "emails/b.md": "Hi Dana,\n\nOur award-winning app (named by Forbes, 2024) keeps your books.\n",
                 "emails/c.md": "Hi Dana,\n\nIf you want an award-winning app, ask us.\n"})
    result = cli(root, "check", "-f", "json-lines", "--select", "ACME201", "emails")
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    found = [(r["path"], r["excerpt"]) for r in rows if r["type"] == "finding"]
    assert found == [("emails/a.md", "award-winning")]


def test_precommit_examples_match_the_hook() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    configs = [yaml.safe_load(b) for b in blocks("yaml") if b.startswith("repos:")]
    assert len(configs) == 2
    remote, local = (c["repos"][0] for c in configs)
    assert remote["rev"] and [h["id"] for h in remote["hooks"]] == ["trustlint"]
    (hook,) = local["hooks"]
    assert hook["entry"] == hooks["trustlint"]["entry"] == "trustlint check --"
    assert hook["types_or"] == hooks["trustlint"]["types_or"]


def test_github_workflow_example(tmp_path, cli) -> None:
    (workflow,) = [yaml.safe_load(b) for b in blocks("yaml") if b.startswith("name: trustlint")]
    steps = workflow["jobs"]["trustlint"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert workflow["permissions"]["security-events"] == "write"
    commands = [c for s in steps if "run" in s for c in _trustlint_commands("run: " + s["run"])]
    assert len(commands) == 2
    write(tmp_path, {"emails/a.md": "Hi [First Name], thanks for your order.\n"})
    for args in commands:
        result = cli(tmp_path, *args)
        assert result.exit_code in (0, 1), result.output
    assert (tmp_path / upload["with"]["sarif_file"]).is_file()


def test_suppression_example() -> None:
    (example,) = blocks("markdown")
    report = lint_text(example)
    assert "TL506" not in [f.code for f in report.findings]
    assert "Dear valued customer" in example and not report.files[0].warnings


def test_baseline_example(tmp_path, cli) -> None:
    (sh,) = blocks("sh")
    write_cmd, check_cmd = _trustlint_commands(sh)
    write(tmp_path, {"emails/a.md": "Hi [First Name], thanks for your order.\n"})
    assert cli(tmp_path, *write_cmd).exit_code == 0
    assert cli(tmp_path, *check_cmd).exit_code == 0
    write(tmp_path, {"emails/b.md": "Save XX% today.\n"})
    assert cli(tmp_path, *check_cmd).exit_code == 1
