"""mbox and Maildir input: one draft per message, through the eml reader, named ARCHIVE:#N."""
from __future__ import annotations

import json
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

from trustlint.config import Config
from trustlint.app.runner import lint_paths

MESSAGES = [
    ("RE: our call last week", "Hi Sam,\n\nAs we discussed, our platform is the best on the market. Act now!\n"),
    ("Your March invoice", "Hello Priya,\n\nYour invoice for March is attached. It is due on 14 April.\n"),
    ("Quick question", "Dear valued customer,\n\nOnly 2 left! This offer ends tonight, don't miss out.\n"),
]


def _message(subject: str, body: str, i: int) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Ana <ana@example.com>"
    msg["To"] = "sam@example.org"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<m{i}@example.com>"
    msg.set_content(body)
    return msg


@pytest.fixture
def mail(tmp_path: Path) -> dict[str, Path]:
    box = mailbox.mbox(str(tmp_path / "sent.mbox"))
    md = mailbox.Maildir(str(tmp_path / "Sent"), create=True)
    eml = tmp_path / "eml"
    eml.mkdir()
    for i, (subject, body) in enumerate(MESSAGES, 1):
        box.add(_message(subject, body, i))
        md.add(_message(subject, body, i))
        (eml / f"m{i}.eml").write_bytes(bytes(_message(subject, body, i)))
    box.flush()
    box.close()
    return {"mbox": tmp_path / "sent.mbox", "maildir": tmp_path / "Sent", "eml": eml}


def _findings(report, rename=None):
    return [((rename or (lambda p: p))(fr.path), [(f.code, f.location.line, f.location.column, f.message)
                                                  for f in fr.findings]) for fr in report.files]


def test_mbox_one_draft_per_message_same_as_eml_files(mail) -> None:
    report = lint_paths([str(mail["mbox"])], Config())
    assert not report.errors
    assert [fr.path for fr in report.files] == [f"{mail['mbox']}:#{i}" for i in (1, 2, 3)]
    as_files = lint_paths([str(mail["eml"] / f"m{i}.eml") for i in (1, 2, 3)], Config())
    assert [f for _, f in _findings(report)] == [f for _, f in _findings(as_files)]
    codes = [{c for c, *_ in f} for _, f in _findings(report)]
    assert "TL601" in codes[0] and codes[2] and codes[0] != codes[2]


def test_maildir_messages_in_key_order(mail) -> None:
    report = lint_paths([str(mail["maildir"])], Config())
    keys = sorted(mailbox.Maildir(str(mail["maildir"])).keys())
    assert [fr.path for fr in report.files] == [f"{mail['maildir']}:#{k}" for k in keys]
    subjects = {fr.path: fr.source.split("Subject: ")[1].split("\n")[0] for fr in report.files}
    assert sorted(subjects.values()) == sorted(s for s, _ in MESSAGES)


def test_cli_json_names_messages_and_jobs_agree(mail, cli, tmp_path) -> None:
    one = cli(tmp_path, "check", "--format", "json", "--jobs", "1", str(mail["mbox"]))
    data = json.loads(one.stdout)
    assert [f["path"] for f in data["files"]] == [f"{mail['mbox']}:#{i}" for i in (1, 2, 3)]
    assert one.exit_code == 1


def test_bad_message_number_is_one_error(mail) -> None:
    report = lint_paths([f"{mail['mbox']}:#9", str(mail["eml"] / "m2.eml")], Config())
    assert len(report.files) == 1 and len(report.errors) == 1
    assert "no message #9" in report.errors[0].message
