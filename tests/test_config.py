"""Config: discovery, validation with clear errors, select/ignore by prefix, context, options."""
from __future__ import annotations

from pathlib import Path

import pytest

from trustlint.config import Config, ConfigError, load_config
from trustlint.findings import Severity
from trustlint.app.runner import lint_text


def test_defaults_without_file(tmp_path: Path) -> None:
    assert load_config(start=tmp_path) == Config()


def test_pyproject_discovered_upward(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.trustlint]\nignore = ["TL4"]\nfail-on = "error"\n'
        '[tool.trustlint.severity]\nTL301 = "info"\n'
        '[tool.trustlint.context]\nbulk = false\nconsented_topics = ["Pregnancy"]\n'
        '[tool.trustlint.rules.TL401]\nthreshold = 2.5\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    cfg = load_config(start=sub)
    assert cfg.origin.endswith("pyproject.toml")
    assert cfg.fail_on is Severity.ERROR and cfg.severity == {"TL301": Severity.INFO}
    assert not cfg.enabled("TL401") and cfg.enabled("TL302")
    assert cfg.context.bulk is False and cfg.context.consented_topics == ("pregnancy",)
    assert cfg.options_for("TL401") == {"threshold": 2.5}


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(start=tmp_path) == Config()


@pytest.mark.parametrize("toml,message", [
    ('bogus = 1', "unknown key 'bogus'"),
    ('fail-on = "sometimes"', "'fail-on': unknown severity"),
    ('[severity]\nTL999 = "error"', "unknown rule 'TL999'"),
    ('[context]\nbulk = "yes"', "'bulk' must be true or false"),
    ('[context]\nmood = "happy"', "unknown context key 'mood'"),
    ('[rules.TL401]\nthreshhold = 2', "unknown option 'threshhold'"),
    ('[rules.TL401]\nthreshold = "high"', "threshold must be a float"),
    ('select = 5', "must be a list of strings"),
    ('max-file-size = -1', "positive number"),
    ('this is not toml', "invalid TOML"),
])
def test_bad_config_names_file_and_key(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / ".trustlint.toml"
    path.write_text(toml + "\n")
    with pytest.raises(ConfigError, match=message) as exc:
        load_config(path)
    assert str(path) in str(exc.value)


def test_select_and_ignore_longest_prefix_wins() -> None:
    cfg = Config(select=("TL3",), ignore=("TL30",))
    assert not cfg.enabled("TL302") and not cfg.enabled("TL101")
    cfg = Config(select=("TL", "TL302"), ignore=("TL3",))
    assert cfg.enabled("TL302") and not cfg.enabled("TL301") and cfg.enabled("TL601")
    assert Config(ignore=("false-familiarity",)).enabled("TL302", "false-familiarity") is False


def test_config_changes_results() -> None:
    text = "As we discussed, here is the deck.\n"
    assert "TL302" in [f.code for f in lint_text(text).findings]
    assert lint_text(text, Config(ignore=("TL302",))).findings == []
    cfg = Config(severity={"TL302": Severity.INFO})
    assert lint_text(text, cfg).findings[0].severity is Severity.INFO
    cfg = load_config_from_text("[context]\nrelationship_verified = true\n")
    assert "TL302" not in [f.code for f in lint_text(text, cfg).findings]


def load_config_from_text(toml: str) -> Config:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / ".trustlint.toml"
        p.write_text(toml)
        return load_config(p)
