"""The desk's HTTP API through Starlette's TestClient, and the resident engine under it.

/api/lint must be byte-for-byte `trustlint check --format json` (compared with a real
subprocess on the same file); config is found per folder and re-read when it changes;
hostile and oversized requests get clear errors and stay inert.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from trustlint.desk.resident import ResidentEngine  # noqa: E402
from trustlint.desk.serve import CSP, create_app  # noqa: E402

DRAFT = ("---\nbulk: true\n---\nSubject: RE: your pipeline\nPreheader: Only 3 left\n\nHi {{first_name}},\n\n"
         "As we discussed, we're thrilled to announce the #1 planner for teams like yours. "
         "Since you signed up for our list, here are this week's deals.\n")


@pytest.fixture(scope="module")
def engine():
    e = ResidentEngine()
    e.warm()
    return e


@pytest.fixture(scope="module")
def client(engine):
    with TestClient(create_app(engine, max_request=256 * 1024, hosts=["testserver"])) as c:
        yield c


def post(client, url, body, **kw):
    return client.post(url, content=json.dumps(body), headers={"Content-Type": "application/json"}, **kw)


def check_json(path: Path, cwd: Path) -> str:
    proc = subprocess.run([sys.executable, "-m", "trustlint", "check", "--format", "json", str(path)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


def test_api_lint_is_exactly_check_json(client, tmp_path):
    draft = tmp_path / "campaign" / "draft.md"
    draft.parent.mkdir()
    draft.write_text(DRAFT, encoding="utf-8")
    context = {"first_contact": True, "bulk": False, "consented_topics": ["billing"]}
    res = post(client, "/api/lint", {"text": DRAFT, "format": "markdown", "context": context, "path": str(draft)})
    assert res.status_code == 200 and res.headers["content-type"].startswith("application/json")
    # the request's context plays the part of the draft's sidecar file
    (tmp_path / "campaign" / "draft.md.context.yml").write_text(
        "first_contact: true\nbulk: false\nconsented_topics: [billing]\n", encoding="utf-8")
    expected = check_json(draft, tmp_path)
    assert res.text == expected
    codes = [f["code"] for f in json.loads(res.text)["files"][0]["findings"]]
    assert {"TL601", "TL302", "TL402"} <= set(codes)


def test_api_lint_without_path_is_check_of_stdin_text(client, engine):
    res = post(client, "/api/lint", {"text": DRAFT})
    data = res.json()
    assert data["files"][0]["path"] == "<text>"
    assert res.text == engine.lint_json(DRAFT)
    assert data["summary"] == {"files": 1, "findings": len(data["files"][0]["findings"]), "errors": 0}


def test_first_contact_off_removes_the_list_signup_claim(client):
    body = {"text": "Hi Sam,\n\nSince you signed up for our list, here are this week's picks for you.\n",
            "context": {"first_contact": True, "bulk": True}}
    on = [f["code"] for f in post(client, "/api/lint", body).json()["files"][0]["findings"]]
    body["context"] = {"first_contact": False, "bulk": True}
    off = [f["code"] for f in post(client, "/api/lint", body).json()["files"][0]["findings"]]
    assert "TL302" in on and "TL302" not in off


def test_config_is_found_per_folder_and_reread_when_it_changes(tmp_path):
    engine = ResidentEngine(cwd=tmp_path)
    folder = tmp_path / "brand"
    folder.mkdir()
    draft = folder / "welcome.txt"
    text = "Subject: RE: hello\n\nAs we discussed, here is the deck for you.\n"
    codes = lambda: [f.code for f in engine.lint(text, path=str(draft)).findings]  # noqa: E731
    assert "TL601" in codes()
    cfg = folder / ".trustlint.toml"
    cfg.write_text('ignore = ["TL601"]\n', encoding="utf-8")
    assert "TL601" not in codes() and "TL302" in codes()
    loads = engine.config_loads
    for _ in range(5):
        codes()
    assert engine.config_loads == loads  # unchanged config: not re-read
    cfg.write_text('ignore = ["TL302"]\n', encoding="utf-8")
    import os

    os.utime(cfg, ns=(cfg.stat().st_mtime_ns + 10**9,) * 2)  # a different stamp even on coarse clocks
    found = codes()
    assert "TL601" in found and "TL302" not in found
    assert engine.config_loads == loads + 1
    # another folder without a config: the defaults
    other = tmp_path / "other" / "x.txt"
    other.parent.mkdir()
    assert {"TL601", "TL302"} <= set(f.code for f in engine.lint(text, path=str(other)).findings)


def test_a_bad_config_is_a_clear_422(client, tmp_path):
    (tmp_path / ".trustlint.toml").write_text('ignor = ["TL601"]\n', encoding="utf-8")
    res = post(client, "/api/lint", {"text": "Hello there.", "path": str(tmp_path / "d.txt")})
    assert res.status_code == 422
    assert "unknown key 'ignor'" in res.json()["error"] and "did you mean 'ignore'" in res.json()["error"]


def test_levers_and_tokens(client, engine):
    from trustlint.scoring.trust import levers

    body = {"text": DRAFT, "format": "markdown"}
    data = post(client, "/api/levers", body).json()
    fr = engine.lint(DRAFT, "markdown").files[0]
    expected = levers(fr.findings, fr.signals, fr.stats)
    assert [(lv["code"], lv["gain"]) for lv in data["levers"]] == [(lv.key, lv.gain) for lv in expected]
    tl302 = next(lv for lv in data["levers"] if lv["code"] == "TL302")
    assert tl302["gain"] > 0 and tl302["trust"] == pytest.approx(fr.score.trust + tl302["gain"], abs=0.011)
    tok = data["tokens"][0]
    assert DRAFT[tok["offset"]:tok["end_offset"]] == "{{first_name}}" == tok["token"]


def test_errors_are_reported_like_check(client):
    data = post(client, "/api/lint", {"text": "   \n"}).json()
    assert data["files"] == [] and data["errors"] == [{"path": "<text>", "message": "file is empty"}]
    data = post(client, "/api/lint", {"text": "Hello.", "context": {"first_contact": "yes"}}).json()
    assert data["errors"][0]["message"] == "context: 'first_contact' must be true or false, not 'yes'"


@pytest.mark.parametrize("body, status, needle", [
    (b"not json", 400, "not valid JSON"),
    (b'{"format": "text"}', 400, "string 'text'"),
    (b'{"text": "hi", "format": "docx"}', 422, "unknown draft format 'docx'"),
    (b'{"text": "hi", "context": [1]}', 400, "'context' must be a JSON object"),
])
def test_bad_requests_get_one_clear_line(client, body, status, needle):
    res = client.post("/api/lint", content=body, headers={"Content-Type": "application/json"})
    assert res.status_code == status and needle in res.json()["error"]


def test_request_size_limit_is_a_clear_413(client):
    huge = {"text": "Buy now! " * 40000}  # ~360 KB > the 256 KB limit of this app
    res = post(client, "/api/lint", huge)
    assert res.status_code == 413
    assert res.json()["error"] == ("request is over the 0.2 MB limit of trustlint serve; "
                                   "lint a file this large with 'trustlint check'")


def test_streamed_body_without_length_is_bounded(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(400):
            yield b"x" * 1024
        yield b'"}'
    res = client.post("/api/lint", content=chunks(), headers={"Content-Type": "application/json"})
    assert res.status_code == 413


def test_only_json_from_this_origin_and_host(client):
    assert client.post("/api/lint", content=b'{"text": "hi"}', headers={"Content-Type": "text/plain"}).status_code == 415
    res = client.post("/api/lint", content=b'{"text": "hi"}',
                      headers={"Content-Type": "application/json", "Origin": "https://evil.example"})
    assert res.status_code == 403
    assert client.get("/", headers={"Host": "rebind.example"}).status_code == 400  # DNS rebinding


def test_page_assets_have_a_strict_csp_and_no_external_references(client):
    for path in ("/", "/desk.js", "/desk.css", "/favicon.svg"):
        res = client.get(path)
        assert res.status_code == 200 and res.headers["content-security-policy"] == CSP
        assert res.headers["x-content-type-options"] == "nosniff"
        assert "http://" not in res.text.replace("http://www.w3.org/2000/svg", "") and "https://" not in res.text
    html = client.get("/").text
    assert "<script src=\"/desk.js\"" in html and "<script>" not in html and "style=" not in html
    js = client.get("/desk.js").text
    assert "innerHTML" not in js and "eval(" not in js and "insertAdjacentHTML" not in js
    assert "script-src 'self'" in CSP and "connect-src 'self'" in CSP and "unsafe" not in CSP


def test_hostile_draft_is_inert_in_the_json_and_the_exported_report(client):
    hostile = ('Subject: <img src=x onerror=alert(1)>\n\n<script>alert("x")</script>\n'
               '<a href="javascript:alert(2)">Claim your prize</a> As we discussed, act now!\n')
    data = post(client, "/api/lint", {"text": hostile}).json()
    assert data["files"][0]["findings"]  # linted as text
    res = post(client, "/api/report", {"text": hostile, "format": "html"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
    assert "attachment" in res.headers["content-disposition"]
    page = res.text
    assert '<script>alert("x")</script>' not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page
    assert "Trust review" in page


def test_recipient_preview_shows_tl507_for_an_empty_field(client):
    csv_text = "email,first_name,company\na@example.com,Dana,Acme\nb@example.com,,Globex\n"
    text = "Subject: A note for {{company}}\n\nHi {{first_name}},\n\nHere is the schedule we promised for June 3.\n"
    ok = post(client, "/api/recipients", {"text": text, "csv": csv_text, "row": 1}).json()
    assert ok["rows"] == 2 and ok["rendered"]["body"].startswith("Hi Dana,")
    assert "TL507" not in [f["code"] for f in ok["findings"]]
    bad = post(client, "/api/recipients", {"text": text, "csv": csv_text, "row": 2}).json()
    assert bad["rendered"]["body"].startswith("Hi ,")
    tl507 = [f for f in bad["findings"] if f["code"] == "TL507"]
    assert tl507 and tl507[0]["line"] == 3
    res = post(client, "/api/recipients", {"text": text, "csv": csv_text, "row": 9})
    assert res.status_code == 422 and "row 9 is out of range (the CSV has 2 row(s))" == res.json()["error"]


def test_meta_lists_rules_with_explanations_and_context(client):
    meta = client.get("/api/meta").json()
    rules = {r["code"]: r for r in meta["rules"]}
    assert rules["TL302"]["name"] == "false-familiarity" and rules["TL302"]["why"]
    assert rules["TL001"]["code"] == "TL001"
    assert meta["context"]["first_contact"] is True and "first_contact" in meta["context_keys"]
    assert meta["max_request"] == 256 * 1024


def test_serve_on_a_busy_port_fails_at_once_with_one_line(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "trustlint", "serve", "--no-open", "--port", str(port)],
                              capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"trustlint: error: cannot listen on 127.0.0.1:{port}: ")
    assert proc.stderr.rstrip().endswith("(choose another --port)") and proc.stderr.count("\n") == 1
    assert proc.stdout == ""


def test_serve_with_a_bad_config_names_the_file(tmp_path):
    (tmp_path / ".trustlint.toml").write_text("fail-on = 'sometimes'\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "trustlint", "serve", "--no-open", "--port", "0"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and ".trustlint.toml: 'fail-on'" in proc.stderr


def test_page_assets_ship_in_the_wheel():
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parent.parent
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "trustlint.desk.web" in data["tool"]["setuptools"]["packages"]
    globs = data["tool"]["setuptools"]["package-data"]["trustlint.desk.web"]
    from trustlint.desk.serve import ASSETS

    for name, _ in ASSETS.values():
        assert (root / "trustlint" / "desk" / "web" / name).is_file()
        assert any(fnmatch.fnmatch(name, g) for g in globs), name


def test_sender_context_key_is_offered_and_accepted(client):
    assert "sender" in client.get("/api/meta").json()["context_keys"]
    data = post(client, "/api/lint", {"text": "From: Dana at Acme <dana@acme.example>\n\nHello Sam, here is the "
                                              "schedule for June 3.\n", "context": {"sender": "Acme"}}).json()
    assert data["errors"] == [] and data["files"][0]["path"] == "<text>"
