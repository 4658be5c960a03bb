"""`trustlint lsp` driven over stdio by a real LSP client (tests/lspclient.py): initialize,
didOpen, didChange, publishDiagnostics, hover, codeAction. A quick fix, applied, must silence
its finding without leaving an unused suppression (TL001), as `trustlint check` sees it."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from trustlint.app.runner import lint_text  # noqa: E402

from .lspclient import LspClient  # noqa: E402

DRAFT = ("Subject: RE: your Q3 plan\n\nHi Sam,\n\nAs we discussed, here is the deck for your team.\n"
         "Only 3 left at this price.\n")


@pytest.fixture(scope="module")
def client():
    with LspClient([sys.executable, "-m", "trustlint", "lsp"], timeout=60) as c:
        result = c.initialize(options={"ruleDocs": "https://docs.example/rules/{code}"})
        caps = result["capabilities"]
        assert caps["hoverProvider"] is True and caps["codeActionProvider"]["codeActionKinds"] == ["quickfix"]
        assert caps["textDocumentSync"]["openClose"] is True
        assert result["serverInfo"]["name"] == "trustlint"
        yield c


def open_doc(client, path: Path, text: str, language: str = "markdown", version: int = 1) -> dict:
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language,
                                                            "version": version, "text": text}})
    return client.wait("textDocument/publishDiagnostics", lambda p: p["uri"] == uri and p.get("version") == version)


def change(client, path: Path, text: str, version: int) -> dict:
    uri = path.as_uri()
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                             "contentChanges": [{"text": text}]})
    return client.wait("textDocument/publishDiagnostics", lambda p: p["uri"] == uri and p.get("version") == version)


def by_code(diags: list[dict]) -> dict[str, dict]:
    return {d["code"]: d for d in diags}


def apply(text: str, edit: dict) -> str:
    lines = text.split("\n")
    start, end = edit["range"]["start"], edit["range"]["end"]
    assert start == end
    line = lines[start["line"]]
    lines[start["line"]] = line[:start["character"]] + edit["newText"] + line[start["character"]:]
    return "\n".join(lines)


def test_diagnostics_on_open_and_change_match_check(client, tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    diags = by_code(open_doc(client, path, DRAFT)["diagnostics"])
    expected = {f.code: f for f in lint_text(DRAFT, path=str(path), fmt="markdown").findings}
    assert set(diags) == set(expected) and {"TL601", "TL302", "TL604"} <= set(diags)
    d = diags["TL601"]
    assert d["range"] == {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 13}}
    assert d["severity"] == 1 and d["source"] == "trustlint"
    assert d["codeDescription"] == {"href": "https://docs.example/rules/TL601"}
    assert diags["TL604"]["severity"] == 2 and diags["TL604"]["range"]["start"] == {"line": 5, "character": 0}
    assert "Instead:" in d["message"]

    fixed = DRAFT.replace("RE: your Q3 plan", "Your Q3 plan").replace("Only 3 left at this price.\n", "")
    after = by_code(change(client, path, fixed, 2)["diagnostics"])
    assert "TL601" not in after and "TL604" not in after and "TL302" in after


def test_columns_are_utf16_for_the_client(client, tmp_path):
    path = tmp_path / "emoji.txt"
    text = "Hi Sam 🎉🎉, as we discussed, here is the deck.\n"
    diags = by_code(open_doc(client, path, text, language="plaintext")["diagnostics"])
    # "as we discussed" starts at code point 11; each emoji is two UTF-16 units
    assert diags["TL302"]["range"]["start"] == {"line": 0, "character": 13}
    assert diags["TL302"]["range"]["end"] == {"line": 0, "character": 28}
    assert text.encode("utf-16-le")[26:56].decode("utf-16-le") == "as we discussed"


def test_hover_explains_the_rule_and_the_lever(client, tmp_path):
    path = tmp_path / "hover.md"
    open_doc(client, path, DRAFT)
    hover = client.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()},
                                                  "position": {"line": 0, "character": 10}})
    value = hover["contents"]["value"]
    assert hover["contents"]["kind"] == "markdown"
    assert value.startswith("**TL601 fake-reply-subject** (error, credibility)")
    assert "*Why:*" in value and "*Instead:*" in value and "Fixing TL601 here: T " in value
    none = client.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()},
                                                 "position": {"line": 2, "character": 1}})
    assert none is None or "TL601" not in none["contents"]["value"]


@pytest.mark.parametrize("name, language, text, code, comment", [
    ("body.md", "markdown", DRAFT, "TL302", "<!-- trustlint: disable-next-line=TL302 -->"),
    ("header.md", "markdown", DRAFT, "TL601", "<!-- trustlint: disable-line=TL601 -->"),
    ("plain.txt", "plaintext", DRAFT, "TL302", "trustlint: disable-next-line=TL302"),
    ("page.html", "html", "<html><body><p>Hi Sam,</p>\n  <p>As we discussed, here is the deck.</p></body></html>\n",
     "TL302", "  <!-- trustlint: disable-next-line=TL302 -->"),
    ("mail.j2", "jinja", "Hi {{ name | default('there') }},\n\nAs we discussed, here is the deck.\n",
     "TL302", "{# trustlint: disable-next-line=TL302 #}"),
])
def test_code_action_inserts_a_suppression_that_check_honours(client, tmp_path, name, language, text, code, comment):
    path = tmp_path / name
    diags = open_doc(client, path, text, language)["diagnostics"]
    target = by_code(diags)[code]
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": path.as_uri()}, "range": target["range"],
        "context": {"diagnostics": [target], "only": ["quickfix"]}})
    assert len(actions) == 1
    action = actions[0]
    assert action["kind"] == "quickfix" and code in action["title"] and action["diagnostics"][0]["code"] == code
    edits = action["edit"]["changes"][path.as_uri()]
    assert len(edits) == 1 and comment in edits[0]["newText"]
    fixed = apply(text, edits[0])
    after = by_code(change(client, path, fixed, 2)["diagnostics"])
    assert code not in after and "TL001" not in after
    path.write_text(fixed, encoding="utf-8")  # and trustlint check agrees
    from trustlint.app.runner import lint_paths

    report = lint_paths([str(path)])
    assert code not in [f.code for f in report.findings] and "TL001" not in [f.code for f in report.findings]


def test_config_comes_from_the_files_folder(client, tmp_path):
    folder = tmp_path / "brand"
    folder.mkdir()
    (folder / ".trustlint.toml").write_text('ignore = ["TL601"]\n', encoding="utf-8")
    diags = by_code(open_doc(client, folder / "a.md", DRAFT)["diagnostics"])
    assert "TL601" not in diags and "TL302" in diags
    (folder / "b.md.context.yml").write_text("relationship_verified: true\n", encoding="utf-8")
    diags = by_code(open_doc(client, folder / "b.md", DRAFT)["diagnostics"])
    assert "TL302" not in diags  # the sidecar context, as check reads it


def test_other_file_types_are_left_alone_and_errors_are_one_diagnostic(client, tmp_path):
    uri = (tmp_path / "script.py").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                            "text": "# As we discussed\n"}})
    bad = tmp_path / "bad.md"
    diags = open_doc(client, bad, "---\nfirst_contact: maybe\n---\nHello.\n")["diagnostics"]
    assert len(diags) == 1 and diags[0]["severity"] == 1
    assert "'first_contact' must be true or false" in diags[0]["message"]
    empty = tmp_path / "empty.md"
    assert open_doc(client, empty, "")["diagnostics"] == []  # an empty buffer is not an error
    assert not [n for n in client.notifications if n.get("params", {}).get("uri") == uri]  # .py: not a draft
