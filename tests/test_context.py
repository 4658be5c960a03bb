"""Campaign context end to end: front matter, sidecar file, config; errors; `explain`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trustlint.cli import app
from trustlint.config import ConfigError, load_config
from trustlint.rules import all_rules
from trustlint.app.runner import lint_paths

from .conftest import codes

COLD = "Subject: RE: our chat\n\nAs we discussed, I'm attaching our pricing deck.\n"
REPLY = ("Subject: RE: pricing\n\nAs we discussed, the deck is attached.\n\n"
         "On Mon, 3 Nov 2025 at 09:14, Dana Lee wrote:\n> Could you send the pricing deck?\n")
PREGNANCY = "Congratulations on your pregnancy! Our maternity range is 20% off.\n"


def _lint_file(path: Path, config=None) -> list[str]:
    report = lint_paths([str(path)], config)
    assert not report.errors, report.errors
    return [f.code for f in report.files[0].findings]


def test_defaults_flag_a_cold_fake_reply() -> None:
    found = codes(COLD)
    assert "TL302" in found and "TL601" in found


def test_genuine_reply_thread_silences_tl302_and_tl601() -> None:
    found = codes(REPLY)
    assert "TL302" not in found and "TL601" not in found


def test_front_matter_relationship_verified_silences_tl302_and_tl601() -> None:
    found = codes("---\nrelationship_verified: true\n---\n" + COLD)
    assert "TL302" not in found and "TL601" not in found


def test_front_matter_consent_silences_tl303() -> None:
    assert "TL303" in codes(PREGNANCY)
    assert "TL303" not in codes("---\nconsented_topics: [pregnancy]\n---\n" + PREGNANCY)
    # Another topic's consent does not cover this one.
    assert "TL303" in codes("---\nconsented_topics: [religion]\n---\n" + PREGNANCY)


def test_sidecar_next_to_draft_applies(tmp_path: Path) -> None:
    draft = tmp_path / "cold.md"
    draft.write_text(COLD, encoding="utf-8")
    assert {"TL302", "TL601"} <= set(_lint_file(draft))
    (tmp_path / "cold.context.yml").write_text("relationship_verified: true\n", encoding="utf-8")
    found = _lint_file(draft)
    assert "TL302" not in found and "TL601" not in found
    assert draft.read_text(encoding="utf-8") == COLD  # input never modified


def test_sidecar_with_full_name_and_front_matter_precedence(tmp_path: Path) -> None:
    draft = tmp_path / "offer.txt"
    draft.write_text("---\nowned_products: [Acme Pro]\n---\nUpgrade to Acme Pro today and save 20%.\n",
                     encoding="utf-8")
    (tmp_path / "offer.txt.context.yml").write_text("owned_products: []\n", encoding="utf-8")
    assert "TL505" in _lint_file(draft)  # front matter wins over the sidecar
    draft.write_text("Upgrade to Acme Pro today and save 20%.\n", encoding="utf-8")
    assert "TL505" not in _lint_file(draft)
    (tmp_path / "offer.txt.context.yml").write_text("owned_products: [acme pro]\n", encoding="utf-8")
    assert "TL505" in _lint_file(draft)


def test_config_context_applies_and_draft_overrides(tmp_path: Path) -> None:
    cfg_file = tmp_path / "pyproject.toml"
    cfg_file.write_text("[tool.trustlint.context]\nrelationship_verified = true\nconsented_topics = [\"pregnancy\"]\n",
                        encoding="utf-8")
    config = load_config(cfg_file)
    assert config.context.relationship_verified is True
    draft = tmp_path / "d.md"
    draft.write_text(COLD + PREGNANCY, encoding="utf-8")
    found = _lint_file(draft, config)
    assert not {"TL302", "TL601", "TL303"} & set(found)
    draft.write_text("---\nrelationship_verified: false\n---\n" + COLD, encoding="utf-8")
    assert "TL302" in _lint_file(draft, config)


def test_config_context_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "d.md").write_text(COLD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["check", "d.md", "--select", "TL302,TL601", "--format", "json"])
    assert result.exit_code == 1, result.output
    (tmp_path / ".trustlint.toml").write_text("[context]\nrelationship_verified = true\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "d.md", "--select", "TL302,TL601", "--format", "json"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("sidecar,key", [
    ("bulk: \"yes\"\n", "'bulk'"),
    ("consented_topics: 5\n", "'consented_topics'"),
    ("first_contct: false\n", "'first_contct'"),
])
def test_invalid_sidecar_names_file_and_key(tmp_path: Path, sidecar: str, key: str) -> None:
    draft = tmp_path / "d.md"
    draft.write_text("Hello there.\n", encoding="utf-8")
    (tmp_path / "d.context.yml").write_text(sidecar, encoding="utf-8")
    other = tmp_path / "ok.md"
    other.write_text("Hello there.\n", encoding="utf-8")
    report = lint_paths([str(draft), str(other)])
    assert len(report.files) == 1  # the other file is still linted
    (error,) = report.errors
    assert "d.context.yml" in error.message and key in error.message


def test_invalid_front_matter_names_file_and_key(tmp_path: Path) -> None:
    draft = tmp_path / "d.md"
    draft.write_text("---\nrelationship_verified: maybe\n---\nHello.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(draft)])
    assert result.exit_code == 2
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "d.md" in out and "front matter" in out and "'relationship_verified'" in out


def test_invalid_config_context_names_file_and_key(tmp_path: Path) -> None:
    cfg_file = tmp_path / ".trustlint.toml"
    cfg_file.write_text("[context]\nfirst_contact = \"no\"\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(cfg_file)
    assert str(cfg_file) in str(exc.value) and "'first_contact'" in str(exc.value)
    cfg_file.write_text("[context]\naudiences = [\"mac\"]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown context key 'audiences'"):
        load_config(cfg_file)


@pytest.mark.parametrize("rule", [r for r in all_rules() if r.context_keys], ids=lambda r: r.code)
def test_explain_prints_context_keys(rule) -> None:
    result = CliRunner().invoke(app, ["explain", rule.code])
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if x.startswith("Depends on campaign context:"))
    assert line.split(":", 1)[1].strip().split(", ") == list(rule.context_keys)


def test_rules_declare_the_context_they_read() -> None:
    by_code = {r.code: r for r in all_rules()}
    assert by_code["TL303"].context_keys == ("consented_topics", "bulk")  # targeting offers fire only in bulk copy
    assert set(by_code["TL505"].context_keys) == {"owned_products", "audience"}
    assert {"first_contact", "relationship_verified"} <= set(by_code["TL404"].context_keys)


def test_explain_does_not_import_spacy() -> None:
    code = ("import sys; from typer.testing import CliRunner; from trustlint.cli import app; "
            "r = CliRunner().invoke(app, ['explain', 'TL303']); "
            "assert r.exit_code == 0 and 'consented_topics' in r.output, r.output; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("consent", ["sexual orientation", "Sexual-Orientation", "lgbtq"])
def test_consent_keys_are_normalised(consent: str) -> None:
    text = "As a gay man, you deserve a travel company that gets you.\n"
    assert "TL303" in codes(text)
    assert "TL303" not in codes(f"---\nconsented_topics: [\"{consent}\"]\n---\n" + text)
