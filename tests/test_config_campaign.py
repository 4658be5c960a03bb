"""Configuration: discovery from each draft's folder, --config, every key, clear errors."""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from trustlint.config import Config, ConfigError, ConfigResolver, from_mapping, load_config
from trustlint.config.show import render as render_config

from .conftest import write

BAD = "Dear valued customer,\n\nHi [First Name], your statement is ready.\n"  # TL506 + TL504
GOOD = "Hi Dana,\n\nYour March statement is ready. Reply if anything looks wrong.\n"


def _codes_by_file(stdout: str) -> dict[str, list[str]]:
    data = json.loads(stdout)
    return {Path(f["path"]).as_posix(): [x["code"] for x in f["findings"]] for f in data["files"]}


def test_each_folder_gets_its_nearest_config(tmp_path, cli) -> None:
    write(tmp_path, {
        "pyproject.toml": '[tool.trustlint]\nignore = ["TL506"]\n',
        "promo/.trustlint.toml": 'ignore = ["TL504"]\n',
        "promo/deep/x.md": BAD,
        "news/pyproject.toml": "[project]\nname = 'not-trustlint'\n",  # no table: keep looking up
        "news/x.md": BAD,
        "x.md": BAD,
    })
    result = cli(tmp_path, "check", "-f", "json", ".")
    got = _codes_by_file(result.stdout)
    assert got == {"news/x.md": ["TL504"], "promo/deep/x.md": ["TL506"], "x.md": ["TL504"]}


def test_explicit_config_applies_to_every_file(tmp_path, cli) -> None:
    write(tmp_path, {"promo/.trustlint.toml": 'ignore = ["TL504"]\n', "promo/x.md": BAD,
                     "ci.toml": 'select = ["TL504"]\n'})
    result = cli(tmp_path, "check", "-f", "json", "--config", "ci.toml", "promo/x.md")
    assert _codes_by_file(result.stdout) == {"promo/x.md": ["TL504"]}


def test_per_file_ignores_globs_are_relative_to_the_config(tmp_path, cli) -> None:
    write(tmp_path, {
        ".trustlint.toml": '[per-file-ignores]\n"archive/**" = ["TL5"]\n"*.txt" = ["TL506"]\n',
        "archive/2019/old.md": BAD, "drafts/new.md": BAD, "drafts/plain.txt": BAD,
    })
    result = cli(tmp_path / "drafts", "check", "-f", "json", "..")
    got = {Path(k).name: v for k, v in _codes_by_file(result.stdout).items()}
    assert got == {"old.md": [], "new.md": ["TL506", "TL504"], "plain.txt": ["TL504"]}


def test_fail_under_fails_on_low_trust_only(tmp_path, cli) -> None:
    # fail-on = error and only a warning-level rule: the trust threshold alone decides
    base = 'fail-on = "error"\nselect = ["TL506"]\n'
    write(tmp_path, {"bad.md": BAD, ".trustlint.toml": base})
    trust = json.loads(cli(tmp_path, "check", "-f", "json", "bad.md").stdout)["files"][0]["score"]["trust"]
    write(tmp_path, {".trustlint.toml": base + f"fail-under = {trust + 0.01:.2f}\n"})
    low = cli(tmp_path, "check", "bad.md")
    assert low.exit_code == 1
    assert "bad.md: trust score" in low.stderr and f"below fail-under {trust + 0.01:.2f}" in low.stderr
    write(tmp_path, {".trustlint.toml": base + f"fail-under = {trust - 0.01:.2f}\n"})
    assert cli(tmp_path, "check", "bad.md").exit_code == 0
    assert cli(tmp_path, "check", "bad.md", "--fail-under", "29").exit_code == 1  # the flag wins


def test_context_defaults_reach_the_rules(tmp_path) -> None:
    write(tmp_path, {".trustlint.toml": "[context]\nbulk = false\naudience = ['Retail']\n"})
    cfg = load_config(start=tmp_path)
    assert cfg.context.bulk is False and cfg.context.audience == ("retail",)


@pytest.mark.parametrize("toml,needle", [
    ('fial-on = "error"\n', "unknown key 'fial-on' (did you mean 'fail-on'?"),
    ('fail-on = "loud"\n', "'fail-on': unknown severity"),
    ('fail-under = "high"\n', "'fail-under' must be a number"),
    ("fail-under = 99\n", "'fail-under' must be a number"),
    ('select = "TL1"\nignore = [1]\n', "'ignore' must be a list of strings"),
    ('per-file-ignores = ["x"]\n', "'per-file-ignores' must be a table"),
    ('[per-file-ignores]\n"*.md" = [3]\n', "'per-file-ignores'.\"*.md\" must be a list of strings"),
    ('[severity]\nTL999 = "error"\n', "'severity': unknown rule 'TL999'"),
    ('lexicons = ["missing"]\n', "'lexicons': lexicon folder not found"),
    ("[context]\nbulk = 'yes'\n", "'bulk' must be true or false"),
    ("[context]\nmood = 'happy'\n", "unknown context key 'mood'"),
    ('[rules.TL506]\nstrictness = 3\n', "unknown option 'strictness'"),
    ("select = [\n", "invalid TOML"),
])
def test_bad_config_is_one_clear_line_naming_file_and_key(tmp_path, cli, toml, needle) -> None:
    write(tmp_path, {".trustlint.toml": toml, "x.md": GOOD})
    result = cli(tmp_path, "check", "x.md")
    assert result.exit_code == 2
    err = result.stderr.strip()
    assert err.startswith("trustlint: error: ") and ".trustlint.toml" in err, err
    assert needle in err, err
    assert len(err.splitlines()) == 1 and "Traceback" not in result.output
    assert result.stdout == ""


def test_config_errors_do_not_import_spacy(tmp_path) -> None:
    write(tmp_path, {".trustlint.toml": "nope = 1\n", "x.md": GOOD})
    code = ("import sys; from typer.testing import CliRunner; from trustlint.cli import app; "
            "r = CliRunner().invoke(app, ['check', 'x.md']); print(r.exit_code, 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "False"]


def test_config_command_prints_valid_toml_and_json(tmp_path, cli) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.trustlint]\nselect = ["TL5", "TL6"]\nfail-under = 3\n'
                                       '[tool.trustlint.per-file-ignores]\n"legacy/*.md" = ["TL504"]\n'
                                       '[tool.trustlint.context]\nbulk = false\n',
                     "legacy/a.md": GOOD})
    toml_out = cli(tmp_path, "config").stdout
    assert "from pyproject.toml" in toml_out
    again = from_mapping(tomllib.loads(toml_out), "printed")  # what it prints is a valid config
    assert again.select == ("TL5", "TL6") and again.fail_under == 3.0 and again.context.bulk is False
    assert again.per_file_ignores == (("legacy/*.md", ("TL504",)),)
    data = json.loads(cli(tmp_path, "config", "legacy/a.md", "-f", "json").stdout)
    assert data["origin"] == "pyproject.toml"
    assert data["config"]["ignore"] == ["TL504"]  # the per-file-ignores that apply to that file


def test_config_command_reports_errors(tmp_path, cli) -> None:
    write(tmp_path, {".trustlint.toml": "color = 'red'\n"})
    result = cli(tmp_path, "config")
    assert result.exit_code == 2 and "unknown key 'color'" in result.stderr


def test_defaults_print_without_a_config_file(tmp_path) -> None:
    text = render_config(Config())
    assert "built-in defaults" in text
    assert from_mapping(tomllib.loads(text), "x").as_dict() == {**Config().as_dict(), "origin": "x"}


def test_resolver_caches_per_folder(tmp_path) -> None:
    write(tmp_path, {".trustlint.toml": "fail-under = 2\n", "a/x.md": GOOD, "a/y.md": GOOD})
    resolver = ConfigResolver()
    assert resolver.for_path(str(tmp_path / "a/x.md")) is resolver.for_path(str(tmp_path / "a/y.md"))


def test_select_all_and_prefixes() -> None:
    cfg = Config(select=("ALL",), ignore=("TL5",))
    assert cfg.enabled("ACME101") and cfg.enabled("TL101") and not cfg.enabled("TL504")
    assert Config(select=("TL504",), ignore=("ALL",)).enabled("TL504")  # the longer match wins
    with pytest.raises(ConfigError):
        from_mapping({"max-file-size": -1}, "x.toml")
