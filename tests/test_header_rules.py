"""The From header as a field (exact offsets, text and .eml), the `sender` context key, and
the subject/From rules TL609-TL612 end to end (CLI listing, explain, locations)."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from trustlint.cli import app
from trustlint.config import Config, ConfigError, load_config
from trustlint.context import CampaignContext, ContextError
from trustlint.source.formats import parse_draft
from trustlint.rules.deception.TL611_obscured_sender import ObscuredSender
from trustlint.rules.deception.TL612_fake_thread_sender import FakeThreadSender
from trustlint.rules.headers import fold
from trustlint.app.runner import lint_paths, lint_text
from trustlint.source.draft import parse_text, split_from


@pytest.mark.parametrize("value,name,addr", [
    ("Dana Ortiz <dana@x.io>", "Dana Ortiz", "dana@x.io"),
    ('"Ortiz, Dana" <dana@x.io>', "Ortiz, Dana", "dana@x.io"),
    ("dana@x.io (Dana Ortiz)", "Dana Ortiz", "dana@x.io"),
    ("dana@x.io", None, "dana@x.io"),
    ("Dana at Ledgerly", "Dana at Ledgerly", ""),
    ("<dana@x.io>", None, "dana@x.io"),
])
def test_split_from_offsets_point_into_the_header(value: str, name: str | None, addr: str) -> None:
    field, address = split_from(value, 6)
    assert address == addr
    if name is None:
        assert field is None
    else:
        assert field is not None and field.text == name
        start, end = field.map.to_source(0, len(field.text))
        assert ("From: " + value)[start:end] == name


def test_text_draft_exposes_from_name_and_keeps_fields() -> None:
    d = parse_text("Subject: Hi\nFrom: Official Notice <n@x.io>\n\nBody text.")
    assert d.sender is not None and d.sender.text == "Official Notice"
    assert d.sender_address == "n@x.io"
    assert [f.name for f in d.fields] == ["subject", "body"]  # the From name is not copy
    assert d.headers["from"] == "Official Notice <n@x.io>"


def test_finding_on_from_name_points_at_the_from_line() -> None:
    report = lint_text("Subject: Your plan\nFrom: Account Security <a@x.io>\n\nHi Sam.", Config())
    [f] = [f for f in report.findings if f.code == "TL611"]
    assert f.field == "from"
    assert (f.location.line, f.location.column, f.location.end_column) == (2, 7, 23)
    assert f.excerpt == "Account Security"
    assert f.severity.label == "error"


def test_eml_from_name_exact_and_encoded(tmp_path: Path) -> None:
    plain = "From: Alert Team <a@b.org>\nSubject: hi\nContent-Type: text/plain\n\nbody text\n"
    d = parse_draft(plain, "x.eml", "eml")
    assert d.sender.text == "Alert Team" and d.sender_address == "a@b.org"
    assert d.location(*d.sender.map.to_source(0, len(d.sender.text))) == d.location(6, 16)
    encoded = "From: =?utf-8?q?BREAKING_NEWS?= <a@b.org>\nSubject: hi\nContent-Type: text/plain\n\nbody\n"
    path = tmp_path / "m.eml"
    path.write_text(encoded, encoding="utf-8")
    report = lint_paths([str(path)])
    [f] = [f for f in report.files[0].findings if f.code == "TL611"]
    assert (f.location.line, f.location.column) == (1, 7)  # the whole encoded header value


def test_from_name_counts_in_no_statistic() -> None:
    a = lint_text("Subject: Your plan\n\nWe help you plan your week.", Config())
    b = lint_text("Subject: Your plan\nFrom: We Our Us Team <a@x.io>\n\nWe help you plan your week.", Config())
    assert a.files[0].stats == b.files[0].stats


def test_from_name_does_not_feed_body_rules() -> None:
    # only the header rules read the From name: TL611 (a label), TL603 in its header form (the
    # deadline pressure of "Hurry"), TL609/TL612; body rules such as TL403 never see it
    report = lint_text("From: Hurry Up Sale <a@x.io>\nSubject: Spring catalogue\n\nOur spring catalogue.", Config())
    codes = [f.code for f in report.findings if f.field == "from"]
    assert "TL611" in codes and set(codes) <= {"TL603", "TL609", "TL611", "TL612"}
    [f] = [f for f in report.findings if f.code == "TL603"]
    assert f.field == "from" and f.excerpt == "Hurry"
    quiet = lint_text("From: Dana at Ledgerly <a@x.io>\nSubject: Spring catalogue\n\nOur spring catalogue.", Config())
    assert not [f for f in quiet.findings if f.field == "from"]


def test_sender_context_key_validation() -> None:
    ctx = CampaignContext().merged({"sender": "  Ledgerly   Inc. "}, "test")
    assert ctx.sender == ("Ledgerly Inc.",)
    assert CampaignContext().merged({"sender": ["Ledgerly", "Ledgerly Ltd"]}, "t").sender == ("Ledgerly", "Ledgerly Ltd")
    with pytest.raises(ContextError, match="'sender' must be a list of strings"):
        CampaignContext().merged({"sender": 3}, "front matter")


def test_sender_in_config_and_bad_sender_in_config(tmp_path: Path) -> None:
    good = tmp_path / "pyproject.toml"
    good.write_text('[tool.trustlint.context]\nsender = "Ledgerly"\n', encoding="utf-8")
    cfg = load_config(good)
    draft = "From: The Accounts Desk <hi@ledgerly.io>\nSubject: Your plan\n\nHi."
    assert "TL611" in [f.code for f in lint_text(draft, cfg).findings]
    assert "TL611" not in [f.code for f in lint_text(draft, Config()).findings]
    bad = tmp_path / "sub" / "pyproject.toml"
    bad.parent.mkdir()
    bad.write_text('[tool.trustlint.context]\nsender = [1, 2]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="sender"):
        load_config(bad)


def test_bad_sender_in_front_matter_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("---\nsender: {a: 1}\n---\nSubject: x\n\nHi.\n", encoding="utf-8")
    report = lint_paths([str(path)])
    assert report.errors and "sender" in report.errors[0].message


@pytest.mark.parametrize("name,sender,fires", [
    ("Ledgerly", ("Ledgerly",), False),
    ("LEDGERLY news", ("Ledgerly",), False),
    ("Dana from Ledgerly", ("Ledgerly",), False),
    ("Harbour Offers Store", ("Ledgerly",), True),
    ("Harbour Deals Desk", ("Ledgerly",), True),
    ("Dana Ortiz", ("Ledgerly",), False),
    ("Microsoft", ("Ledgerly",), True),
    ("Microsoft", (), False),
    ("Microsoft", ("Microsoft",), False),
])
def test_obscured_sender_against_sender(name: str, sender: tuple[str, ...], fires: bool) -> None:
    assert (ObscuredSender().reason(name, sender) is not None) is fires


def test_fold_keeps_length_and_folds_styled_letters() -> None:
    for text in ("𝐁𝐑𝐄𝐀𝐊𝐈𝐍𝐆 news", "ʙʀᴇᴀᴋɪɴɢ", "it’s ＯＶＥＲ", "ﬁne"):
        assert len(fold(text)) == len(text)
    assert fold("𝐁𝐑𝐄𝐀𝐊𝐈𝐍𝐆") == "BREAKING" and fold("ʙʀᴇᴀᴋ") == "break" and fold("it’s") == "it's"
    assert FakeThreadSender.fires("𝙢𝙚, 𝙏𝙤𝙢 (2)") and not FakeThreadSender.fires("Tom Meyer")


def test_rules_lists_and_explain_shows_new_codes() -> None:
    r = CliRunner().invoke(app, ["rules"])
    assert r.exit_code == 0
    for code, name in (("TL609", "sensational-subject"), ("TL610", "curiosity-gap"),
                       ("TL611", "obscured-sender"), ("TL612", "fake-thread-sender")):
        assert code in r.stdout and name in r.stdout
    r = CliRunner().invoke(app, ["explain", "TL611"])
    assert r.exit_code == 0
    assert "Mathur" in r.stdout and "sender" in r.stdout and "Dana at Ledgerly" in r.stdout


def _table_regexes():
    from trustlint.rules.headers import _table

    t = _table()
    groups = [t["sensational"], t["gap"], t["labels"]]
    found = [rx for g in groups for rxs in g.values() for rx in rxs]
    return found + list(t["urgency"])


def test_subject_table_regexes_stay_linear_on_long_lines() -> None:
    """Worst cases for nested repeats: many words, long words, long punctuation runs. The
    rules read at most MAX_HEADER_CHARS characters; each regex must take well under 0.1 s."""
    import time

    from trustlint.rules.headers import MAX_HEADER_CHARS

    texts = [("ab " * 400)[:MAX_HEADER_CHARS] + "?", "a" * MAX_HEADER_CHARS, ("! " * 400)[:MAX_HEADER_CHARS],
             ("we are " * 200)[:MAX_HEADER_CHARS] + "...", ("x'" * 400)[:MAX_HEADER_CHARS] + "…"]
    slow = []
    for rx in _table_regexes():
        for text in texts:
            t0 = time.perf_counter()
            rx.search(text)
            if time.perf_counter() - t0 > 0.1:
                slow.append(rx.pattern)
    assert not slow, slow


def test_long_subject_is_read_only_at_its_start() -> None:
    long = "Subject: " + "plain words " * 20000 + "DISASTER!!!\n\nHi."
    assert "TL609" not in [f.code for f in lint_text(long, Config()).findings]
    assert "TL609" in [f.code for f in lint_text("Subject: DISASTER!!! " + "plain words " * 20000 + "\n\nHi.",
                                                 Config()).findings]
