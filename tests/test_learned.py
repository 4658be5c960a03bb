"""The learned layer (TL7xx): shipped weights, determinism of training, spans, words, off switch.

Every text here is written for these tests (never corpus text).
"""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from trustlint import learned
from trustlint.nlp import document as nlp
from trustlint.config import Config, ConfigError, from_mapping
from trustlint.source.formats import parse_draft
from trustlint.rules import all_rules, get_rule
from trustlint.rules.base import RuleContext
from trustlint.app.runner import lint_text

from .conftest import codes

ROOT = Path(__file__).resolve().parent.parent
PRESSURE = "Our spring sale is here.\n\nOnly a few left in stock, hurry before they're gone!\n\nSee you soon."
CALM = "The meeting is on Tuesday at 3 pm in room 4. Here is the agenda."
ON = Config(learned=True)


def learned_rules():
    return [r for r in all_rules() if r.code.startswith("TL7")]


# ------------------------------------------------------------------ the shipped model

def test_shipped_model_loads_from_the_package() -> None:
    model = learned.shipped()
    path = resources.files("trustlint.learned").joinpath(learned.MODEL_FILE)
    assert path.is_file()
    with path.open("rb") as fh:
        size = len(fh.read())
    assert size <= 10 * 1024 * 1024
    assert len(model.labels) >= 3 and set(model.labels) <= set(learned.LABEL_CODES)
    assert model.vocab.dtype == np.uint32 and np.all(np.diff(model.vocab.astype(np.int64)) > 0)
    assert model.weights.shape == (len(model.vocab), len(model.labels))
    assert model.bias.shape == (len(model.labels),)
    meta = model.meta
    assert meta["script"] == "benchmarks/train_model.py"
    assert re.fullmatch(r"[0-9a-f]{16}", meta["data_hash"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", meta["trained"])
    for label in model.labels:
        # every shipped label met the precision target in cross-validation
        assert meta["cv"][label]["precision"] >= 0.85
        assert 0 < model.thresholds[label] <= 1


def test_one_rule_per_shipped_label_with_the_table_code() -> None:
    rules = learned_rules()
    assert sorted(r.label for r in rules) == sorted(learned.shipped().labels)
    for r in rules:
        assert r.code == learned.LABEL_CODES[r.label]
        assert r.name.endswith("-like-sentence")
        assert r.severity.label == "info"
    # codes follow the labels table order
    order = list(learned.LABEL_CODES)
    assert [r.code for r in rules] == [learned.LABEL_CODES[lab] for lab in order if lab in {r.label for r in rules}]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    learned_weights = {"hurry": 1.5, "today": 0.5, "hurry today": 2.0}
    by_hash = sorted((learned.feature_hash(f), w) for f, w in learned_weights.items())
    vocab = np.asarray([h for h, _ in by_hash], dtype=np.uint32)
    weights = np.asarray([[w] for _, w in by_hash], dtype=np.float32)
    learned.save(path, ["pressure"], vocab, weights, np.asarray([-3.0]), {"pressure": 0.6}, {"script": "x"})
    with open(path, "rb") as fh:
        model = learned.load_file(fh)
    assert model.labels == ("pressure",) and model.thresholds == {"pressure": 0.6}
    assert np.array_equal(model.vocab, vocab) and np.array_equal(model.weights, weights)
    p = model.score([("Hurry today", "body"), ("Quiet afternoon", "body")])[:, 0]
    # logit = -3 + weights of "hurry", "today" and "hurry today" = 1.0
    assert p[0] == pytest.approx(1 / (1 + np.exp(-1.0)), abs=1e-6)
    assert p[1] == pytest.approx(1 / (1 + np.exp(3.0)), abs=1e-6)
    assert model.top_features("Hurry today", "body", "pressure", 2) == ["hurry today", "hurry"]


def test_features_are_stable_and_fold_unicode() -> None:
    assert learned.features("Save 50%!!", "subject") == sorted(
        ["save", "<num>", "%", "!", "save <num>", "<num> %", "% !", "! !", "~bang2", "~num", "~short", "~f:subject"])
    # Unicode bold letters read as plain ones (NFKC)
    assert learned.tokens("\U0001d407\U0001d42e\U0001d42b\U0001d42b\U0001d432 now") == ["hurry", "now"]
    # zlib.crc32, the same in every process and Python version (unlike hash())
    assert learned.feature_hash("hurry") == 0x5024F5ED


# ------------------------------------------------------------------ run time

def _parsed(text: str):
    return nlp.parse(parse_draft(text, "<t>", "text"))


def test_finding_span_is_a_sentence_and_names_present_words() -> None:
    rule = get_rule("TL705")
    doc = _parsed(PRESSURE)
    hits = list(rule.check(doc, RuleContext()))
    assert hits
    body = doc.body
    for hit in hits:
        assert (hit.start, hit.end) in body.sentences
        sentence = body.text[hit.start:hit.end]
        assert "hurry" in sentence.lower()
        m = re.match(r"pressure-like sentence \(p=(0\.\d\d|1\.00)\): (.+)$", hit.message)
        assert m, hit.message
        assert float(m.group(1)) >= learned.shipped().thresholds["pressure"] - 0.005
        words = re.findall(r"'([^']+)'", m.group(2))
        assert 1 <= len(words) <= 3
        present = set(learned.features(sentence, "body"))
        for w in words:
            assert w in present or w in learned.SHAPES.values()
    # only the pressure sentence, not the calm ones around it
    assert [body.text[h.start:h.end] for h in hits] == ["Only a few left in stock, hurry before they're gone!"]


def test_finding_through_the_engine_has_the_sentence_excerpt() -> None:
    report = lint_text(PRESSURE, ON)
    found = [f for f in report.findings if f.code == "TL705"]
    assert len(found) == 1
    f = found[0]
    assert f.excerpt == "Only a few left in stock, hurry before they're gone!"
    assert f.severity.label == "info" and f.location.line == 3
    assert "TL705" not in codes(CALM, ON)


def test_learned_findings_cost_nothing_in_the_score_by_default() -> None:
    fr = lint_text(PRESSURE, ON).files[0]
    assert any(f.code == "TL705" for f in fr.findings)
    assert not [c for c in fr.score.contributions if c.source.startswith("TL7") and c.delta != 0]


def test_opt_in_and_off_switches() -> None:
    assert Config().learned is False and Config().as_dict()["learned"] is False
    assert not [c for c in codes(PRESSURE) if c.startswith("TL7")]  # off by default
    on = from_mapping({"learned": True}, "t")
    assert on.learned is True and on.enabled("TL705") and on.enabled("TL603")
    assert "TL705" in codes(PRESSURE, on)
    off = from_mapping({"learned": False}, "t")
    assert not off.enabled("TL705") and off.enabled("TL603")
    # select cannot turn the layer on by itself; ignore still drops its codes when it is on
    assert "TL705" not in codes(PRESSURE, from_mapping({"select": ["TL705"]}, "t"))
    assert "TL705" in codes(PRESSURE, from_mapping({"learned": True, "select": ["TL705"]}, "t"))
    assert not [c for c in codes(PRESSURE, from_mapping({"learned": True, "ignore": ["TL7"]}, "t"))
                if c.startswith("TL7")]
    with pytest.raises(ConfigError, match="'learned' must be true or false"):
        from_mapping({"learned": "yes"}, "t")


def test_config_file_turns_it_on(tmp_path: Path, cli) -> None:
    (tmp_path / "d.txt").write_text(PRESSURE, encoding="utf-8")
    assert "TL705" not in cli(tmp_path, "check", "d.txt").stdout
    (tmp_path / ".trustlint.toml").write_text("learned = true\n", encoding="utf-8")
    out = cli(tmp_path, "check", "d.txt").stdout
    assert "TL705" in out and "pressure-like sentence (p=" in out


def test_min_probability_option() -> None:
    strict = from_mapping({"learned": True, "rules": {"TL705": {"min_probability": 0.999999}}}, "t")
    assert "TL705" not in codes(PRESSURE, strict)
    weak = "I'll pass, I enjoy paying more."  # the model leans to confirmshaming, below its threshold
    assert "TL708" not in codes(weak, ON)
    loose = from_mapping({"learned": True, "rules": {"TL708": {"min_probability": 0.2}}}, "t")
    assert "TL708" in codes(weak, loose)
    assert "TL708" not in codes(CALM, loose)


def test_documented_figures_are_the_shipped_models() -> None:
    cv = learned.shipped().meta["cv"]
    for rule in learned_rules():
        m = re.search(r"precision (\d\.\d\d), recall (\d\.\d\d)", rule.doc.why)
        assert m, rule.code
        assert (float(m.group(1)), float(m.group(2))) == (round(cv[rule.label]["precision"], 2),
                                                          round(cv[rule.label]["recall"], 2)), rule.code


def test_explain_a_learned_code() -> None:
    out = subprocess.run([sys.executable, "-m", "trustlint", "explain", "TL705"], capture_output=True,
                         text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "pressure-like-sentence" in out.stdout and "hurry before they're gone" in out.stdout


# ------------------------------------------------------------------ training

def _train_module():
    pytest.importorskip("sklearn")
    spec = importlib.util.spec_from_file_location("train_model", ROOT / "benchmarks" / "train_model.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["train_model"] = mod
    spec.loader.exec_module(mod)
    return mod


def _synthetic() -> list[tuple[str, tuple[str, ...], str, str]]:
    urgent = ["Hurry, the sale ends tonight.", "Last chance to grab yours today.",
              "Only two left, hurry now.", "Ends tonight, act now.", "Grab the last seats today."]
    calm = ["Here are the notes from the meeting.", "The library opens at nine.",
            "Our team wrote a short guide.", "The report covers the first quarter.",
            "Lunch is in the kitchen on Friday."]
    items = []
    for i in range(30):
        if i % 2:
            text = f"{calm[i % 5]} {urgent[i % 5]}"
            items.append((f"m{i:02d}", ("pressure",), text, f"'{urgent[i % 5]}'"))
        else:
            items.append((f"m{i:02d}", (), f"{calm[i % 5]} {calm[(i + 1) % 5]}", ""))
    return items


def test_training_is_deterministic_and_learns_the_phenomenon() -> None:
    tm = _train_module()
    rows = tm.prepare(_synthetic())
    again = tm.prepare(list(reversed(_synthetic())))  # input order does not matter
    assert [(r["id"], r["seeds"], r["sentences"]) for r in rows] == [(r["id"], r["seeds"], r["sentences"]) for r in again]
    # the quoted phrase of a positive message seeds its sentence
    assert rows[1]["seeds"] == [1]
    a = tm.train_all(rows, ["pressure"])
    b = tm.train_all(tm.prepare(_synthetic()), ["pressure"])
    for x, y in zip(a, b):
        assert np.array_equal(x, y)
    vocab, weights, bias = a
    model = learned.Model(("pressure",), vocab, weights, bias, {"pressure": 0.5}, {})
    p = model.score([("Hurry, only two left tonight.", "body"), ("The notes cover the meeting.", "body")])[:, 0]
    assert p[0] > 0.5 > p[1]
