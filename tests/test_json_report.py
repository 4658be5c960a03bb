"""The JSON contract (field names never change) and a golden report."""
from __future__ import annotations

import json
import os
from pathlib import Path

from trustlint.config import Config
from trustlint.reporters import render
from trustlint.app.runner import lint_paths, lint_text

GOLDEN = Path(__file__).parent / "golden"
FIXTURE = Path(__file__).parent / "fixtures" / "golden-draft.txt"
# Only the core rules, so new rules elsewhere in the catalog don't churn this golden file.
CORE = ("TL301", "TL302", "TL401", "TL501", "TL502", "TL504", "TL506", "TL601")

CONTRACT_FINDING = {"code", "name", "severity", "component", "line", "column", "end_line", "end_column",
                    "message", "suggestion", "excerpt"}


def test_contract_fields() -> None:
    report = lint_text("Subject: RE: hi\n\nAs we discussed, I'm sending the deck.\n")
    data = json.loads(render("json", report))
    assert data["tool"]["name"] == "trustlint" and data["tool"]["version"]
    assert set(data["summary"]) == {"files", "findings", "errors"}
    assert data["errors"] == []
    f = data["files"][0]
    assert set(f["score"]) == {"credibility", "reliability", "intimacy", "self_orientation", "trust"}
    assert {"path", "score", "findings"} <= set(f)
    finding = next(x for x in f["findings"] if x["code"] == "TL302")
    assert CONTRACT_FINDING <= set(finding)
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (3, 1, 3, 16)
    assert finding["severity"] == "error" and finding["component"] == "intimacy"
    assert finding["excerpt"] == "As we discussed"


def test_golden_json() -> None:
    report = lint_paths([str(FIXTURE)], Config(select=CORE))
    data = json.loads(render("json", report))
    data["files"][0]["path"] = "golden-draft.txt"
    data["tool"]["version"] = "X"
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    golden = GOLDEN / "golden-draft.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "rerun with UPDATE_GOLDEN=1 if the change is intended"


def test_golden_terminal() -> None:
    report = lint_paths([str(FIXTURE)], Config(select=CORE))
    text = render("terminal", report, color=False, width=100).replace(str(FIXTURE), "golden-draft.txt")
    golden = GOLDEN / "golden-draft.terminal.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "rerun with UPDATE_GOLDEN=1 if the change is intended"


def test_json_is_deterministic() -> None:
    a = render("json", lint_paths([str(FIXTURE)]))
    b = render("json", lint_paths([str(FIXTURE)]))
    assert a == b


def test_streamed_json_equals_plain_dumps(tmp_path) -> None:
    from trustlint.reporters.json import as_dict

    (tmp_path / "b.txt").write_text("Subject: RE: hi\n\nAs we discussed, \"quoted\" ünïcode.\n")
    (tmp_path / "a.md").write_text("Hi there, you can now export reports.\n")
    for paths in ([str(tmp_path)], [str(tmp_path), str(tmp_path / "missing.txt")], [str(tmp_path / "nope")]):
        report = lint_paths(paths)
        assert render("json", report) == json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"
