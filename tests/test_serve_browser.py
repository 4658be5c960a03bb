"""`trustlint serve` as a real process, driven in real headless Chromium (tests/browser.py).

Types a draft, sees the highlights, the findings list and T update, toggles first_contact off
and sees TL302 go away; no console errors, no request to anything but 127.0.0.1, a hostile
draft stays inert. Saves the screenshot the README shows (docs/serve.png).
Skips only when no Chromium binary is installed (.ci/run installs Debian's `chromium`).
"""
from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from .browser import Browser, find_chromium  # noqa: E402

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
ROOT = Path(__file__).parent.parent
# The README's screenshot is refreshed only on request (TRUSTLINT_UPDATE_SCREENSHOT=1), so a test
# run never modifies the checkout; otherwise the screenshot still goes through a real capture.
SCREENSHOT = ROOT / "docs" / "serve.png"

SUBJECT = "RE: quick question about your Q3 pipeline"
BODY = ("Hi {{first_name | default: 'there'}},\n\n"
        "Since you signed up for our list, here are this week's picks. We're thrilled to announce "
        "the #1 planner for sales teams, and there are only 3 seats left, so hurry!\n\n"
        "Our survey of 412 customers (March 2026) found that weekly planning saves 2 hours a week.\n\n"
        "Reply to this email with questions; Dana reads every reply.\n\n"
        "Acme Planning Ltd, 1 Mill Street, Leeds LS1 4AP. Unsubscribe: https://acme.example/u\n")
HOSTILE = ('<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">\n'
           '<a href="javascript:document.title=\'pwned\'">Claim your prize</a>\n')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("desk")
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "trustlint", "serve", "--no-open", "--port", str(port)],
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = ""
    while time.monotonic() - started < 60:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            break
        if proc.poll() is not None:
            break
    url = f"http://127.0.0.1:{port}/"
    try:
        assert url in line, (line, proc.stderr.read() if proc.poll() is not None else "")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM) as b:
        yield b


def events(b: Browser) -> tuple[list[str], list[str]]:
    """Requests and errors seen since the page loaded (events buffered by the driver)."""
    requests, errors = [], []
    for ev in b._events:
        p = ev.get("params", {})
        if ev["method"] == "Network.requestWillBeSent":
            requests.append(p.get("request", {}).get("url", ""))
        elif ev["method"] == "Runtime.exceptionThrown":
            errors.append(str(p.get("exceptionDetails", {}).get("text")))
        elif ev["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            errors.append(str(p.get("args")))
        elif ev["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            errors.append(str(p["entry"].get("text")))
    return requests, errors


def wait_for(b: Browser, expression: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = b.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {expression}")


def type_into(b: Browser, element_id: str, text: str) -> None:
    b.evaluate(f"document.getElementById('{element_id}').focus()")
    chunks = text.split("\n")
    for i, chunk in enumerate(chunks):  # real key input: insertText for the words, Enter for new lines
        if chunk:
            b.page("Input.insertText", text=chunk)
        if i < len(chunks) - 1:
            b.page("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13, text="\r")
            b.page("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13)


def codes(b: Browser) -> list[str]:
    return b.evaluate("[...document.querySelectorAll('#findings li[data-code]')].map(li => li.dataset.code)")


def lint_settled(b: Browser, after: int) -> int:
    """Wait until a lint newer than `after` has rendered and no newer one is pending."""
    wait_for(b, f"window.trustlintDesk.lintCount > {after}")
    time.sleep(0.4)  # debounce window: a later keystroke would start another lint
    wait_for(b, "document.getElementById('status').textContent.startsWith('linted')")
    return b.evaluate("window.trustlintDesk.lintCount")


def test_the_desk_lints_as_you_type(server, browser, tmp_path):
    load = browser.load(server, width=1400, height=1000)
    assert load.errors == []
    assert all(u.startswith(server) for u in load.requests), load.requests
    wait_for(browser, "document.getElementById('status').textContent.startsWith('ready')")
    assert browser.evaluate("document.getElementById('ctx-first_contact').checked") is True
    assert browser.evaluate("document.getElementById('t').textContent") == "–"

    type_into(browser, "f-subject", SUBJECT)
    type_into(browser, "f-body", BODY)
    n = lint_settled(browser, 0)
    assert browser.evaluate("document.getElementById('f-body').value") == BODY  # what we typed is what is linted
    found = codes(browser)
    assert {"TL601", "TL302", "TL402", "TL604"} <= set(found), found
    t = float(browser.evaluate("document.getElementById('t').textContent"))
    assert 0 < t < 5
    last = browser.evaluate("window.trustlintDesk.last.files[0].score.trust")
    assert t == pytest.approx(last, abs=0.005)

    # highlights sit on the exact spans: the marked text is the finding's excerpt
    spans = browser.evaluate("""(() => { const d = window.trustlintDesk, text = d.composed.text;
        return d.last.files[0].findings.map((f, n) => [f.code,
          [...document.querySelectorAll('mark[data-refs~="f' + n + '"]')].map(m => m.textContent).join(''),
          text.slice(f.offset, f.end_offset)]); })()""")
    for code, marked, expected in spans:
        if code != "TL401":  # a whole-message finding spans the header block too
            assert marked == expected, (code, marked, expected)
    assert ["TL302", "you signed up", "you signed up"] in [[c, m.lower(), e.lower()] for c, m, e in spans]
    subject_marks = browser.evaluate("[...document.querySelectorAll('.field[data-field=subject] mark')].map(m => m.textContent)")
    assert subject_marks[0] == "RE: "  # TL601 spans the prefix and its space (subject rules may mark more)
    token = browser.evaluate("[...document.querySelectorAll('mark.token')].map(m => m.textContent)")
    assert token == ["{{first_name | default: 'there'}}"]  # merge tag shown as a token
    # the mirrored layer holds exactly the field's text, so highlights line up with it
    assert browser.evaluate("document.querySelector('.field[data-field=body] .backdrop').textContent") == BODY + "\n"

    # levers and explanations
    levers = browser.evaluate("[...document.querySelectorAll('#levers li .label')].map(e => e.textContent)")
    assert any(x.startswith("fix TL302: T +") for x in levers), levers
    why = browser.evaluate("document.querySelector('#findings li[data-code=TL302] details p').textContent")
    assert "first-contact" in why
    signals = browser.evaluate("document.querySelectorAll('#signals li.signal').length")
    assert signals >= 1

    shot = SCREENSHOT if os.environ.get("TRUSTLINT_UPDATE_SCREENSHOT") == "1" else tmp_path / "serve.png"
    shot.parent.mkdir(exist_ok=True)
    browser.screenshot(str(shot))
    assert shot.stat().st_size > 10_000  # a real, non-blank PNG of the page

    # first_contact off: the list-signup claim is no longer false familiarity, and T rises
    browser.evaluate("document.getElementById('ctx-first_contact').click()")
    n = lint_settled(browser, n)
    assert "TL302" not in codes(browser) and "TL601" not in codes(browser)
    assert float(browser.evaluate("document.getElementById('t').textContent")) > t

    # an edit re-lints: removing the scarcity claim removes TL604
    browser.evaluate("""(() => { const a = document.getElementById('f-body');
        a.value = a.value.replace('and there are only 3 seats left, so hurry!', 'with a free trial.');
        a.dispatchEvent(new Event('input')); })()""")
    lint_settled(browser, n)
    assert "TL604" not in codes(browser)

    requests, errors = events(browser)
    assert errors == []
    assert requests and all(u.startswith(server) for u in requests), requests
    assert any(u == server + "api/lint" for u in requests)


def test_a_hostile_draft_stays_inert(server, browser):
    browser.load(server)
    wait_for(browser, "document.getElementById('status').textContent.startsWith('ready')")
    browser.evaluate("document.getElementById('format').value = 'html'")
    type_into(browser, "f-body", HOSTILE + "As we discussed, act now!")
    lint_settled(browser, 0)
    assert browser.evaluate("document.title") == "trustlint desk"
    assert browser.evaluate("document.querySelectorAll('.backdrop script, .backdrop img, .backdrop a, #findings a').length") == 0
    assert "<script>" in browser.evaluate("document.querySelector('.field[data-field=body] .backdrop').textContent")
    requests, errors = events(browser)
    assert errors == []
    assert all(u.startswith(server) for u in requests), requests  # the <img src=x> was never fetched


def test_an_oversized_draft_gets_a_clear_message(server, browser):
    browser.load(server)
    wait_for(browser, "document.getElementById('status').textContent.startsWith('ready')")
    browser.evaluate("""(() => { const a = document.getElementById('f-body');
        a.value = 'Buy now. '.repeat(1100000); a.dispatchEvent(new Event('input')); })()""")
    message = wait_for(browser, "document.getElementById('errors').textContent")
    assert "MB limit of the desk" in message


def set_file(b: Browser, selector: str, path: Path) -> None:
    root = b.page("DOM.getDocument")["root"]["nodeId"]
    node = b.page("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
    b.page("DOM.setFileInputFiles", files=[str(path)], nodeId=node)


def test_open_an_eml_and_preview_a_recipient(server, browser, tmp_path):
    eml = tmp_path / "offer.eml"
    eml.write_text("From: Dana <dana@acme.example>\nTo: {{email}}\nSubject: A note for {{company}}\n"
                   "Content-Type: text/plain; charset=utf-8\n\nHi {{first_name}},\n\n"
                   "As we discussed, the schedule is attached.\n", encoding="utf-8")
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("email,first_name,company\na@example.com,Dana,Acme\nb@example.com,,Globex\n", encoding="utf-8")
    browser.load(server)
    wait_for(browser, "document.getElementById('status').textContent.startsWith('ready')")
    set_file(browser, "#open", eml)
    lint_settled(browser, 0)
    assert browser.evaluate("document.getElementById('format').value") == "eml"
    assert browser.evaluate("document.getElementById('f-subject').disabled") is True  # the .eml has its own headers
    assert "TL302" in codes(browser)
    browser.evaluate("document.getElementById('recipients').open = true")
    set_file(browser, "#csv", csv_file)
    wait_for(browser, "document.getElementById('preview').textContent.includes('Hi Dana,')")
    assert browser.evaluate("document.querySelectorAll('#preview-findings li.error').length") == 0
    browser.evaluate("(() => { const r = document.getElementById('row'); r.value = '2'; r.dispatchEvent(new Event('input')); })()")
    wait_for(browser, "document.getElementById('preview').textContent.includes('Hi ,')")
    first = wait_for(browser, "document.querySelector('#preview-findings li.error .code')?.textContent")
    assert first.startswith("TL507 ")
    requests, errors = events(browser)
    assert errors == [] and all(u.startswith(server) for u in requests), (errors, requests)
