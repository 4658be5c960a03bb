"""Lexicons are validated on load with errors that name the file and entry."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trustlint.nlp.lexicon import LexiconError, load_lexicons, parse_lexicon
from trustlint.nlp.document import compiled


def test_builtin_lexicons_load_and_compile() -> None:
    lexicons = load_lexicons()
    names = {lex.name for lex in lexicons}
    assert {"false_familiarity", "intimacy_overclaim", "pronouns", "placeholders"} <= names
    assert compiled().entries  # compiles every phrase, pattern and regex once


@pytest.mark.parametrize("data,message", [
    ({"name": "x"}, "'entries' must be a non-empty list"),
    ({"name": "Bad Name", "entries": [{"id": "a", "phrases": ["a"]}]}, "lower-case identifier"),
    ({"name": "x", "entries": [{"id": "a"}]}, "needs at least one of"),
    ({"name": "x", "entries": [{"id": "a", "phrases": ["a"]}, {"id": "a", "phrases": ["b"]}]}, "duplicate entry id"),
    ({"name": "x", "entries": [{"id": "a", "regex": ["("]}]}, "bad regex"),
    ({"name": "x", "entries": [{"id": "a", "phrases": ["a"], "colour": 1}]}, "unknown key"),
    ({"name": "x", "entries": [{"id": "a", "patterns": [[{"LOWER": True}]]}]}, "quote words"),
    ({"name": "x", "surprise": 1, "entries": [{"id": "a", "phrases": ["a"]}]}, "unknown key"),
])
def test_invalid_lexicons(data: dict, message: str) -> None:
    with pytest.raises(LexiconError, match=message) as exc:
        parse_lexicon(data, "custom.yml")
    assert str(exc.value).startswith("custom.yml:")


def test_yaml_booleans_are_caught_from_text() -> None:
    data = yaml.safe_load("name: x\nentries:\n  - id: a\n    patterns: [[{LOWER: on}]]\n")
    with pytest.raises(LexiconError, match="quote words"):
        parse_lexicon(data, "x.yml")


def test_extra_lexicon_dir_name_clash(tmp_path: Path) -> None:
    (tmp_path / "dup.yml").write_text("name: pronouns\nentries:\n  - id: a\n    phrases: [a]\n")
    with pytest.raises(LexiconError, match="already used"):
        load_lexicons((str(tmp_path),))
