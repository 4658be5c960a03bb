"""The real pre-commit runs this checkout's .pre-commit-hooks.yaml in a temporary campaign repo.

pre-commit clones the hook repo at a commit and pip-installs trustlint into its own virtualenv
(offline, from the configured package index), so this is slow the first time; PRE_COMMIT_HOME
is one temporary folder per test session so the install happens once per run.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytest.importorskip("pre_commit")
# the first hook run pip-installs trustlint into pre-commit's own virtualenv (subprocess limit 900 s)
pytestmark = pytest.mark.timeout(1000)

BAD = "Subject: Quick question\n\nDear valued customer,\n\nHi [First Name], save XX% on every order this week.\n"
GOOD = "Hi Dana,\n\nYour March statement is ready. Reply if anything looks wrong and I will fix it.\n"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1"}


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def _snapshot(dest: Path) -> str:
    """This checkout's working tree (tracked and new files) as a one-commit git repo; its sha."""
    try:
        listed = _git(ROOT, "ls-files", "-co", "--exclude-standard", "-z")
        files = [f for f in listed.split("\0") if f and (ROOT / f).is_file()]
    except (subprocess.CalledProcessError, FileNotFoundError):
        files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()
                 and not any(part.startswith(".") and part != ".pre-commit-hooks.yaml"
                             for part in p.relative_to(ROOT).parts)]
    for f in files:
        target = dest / f
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, target)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "snapshot")
    return _git(dest, "rev-parse", "HEAD")


@pytest.fixture(scope="session")
def campaign_repo(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hook_repo = tmp_path_factory.mktemp("hook-repo")
    sha = _snapshot(hook_repo)
    repo = tmp_path_factory.mktemp("campaign")
    _git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {sha}\n    hooks:\n      - id: trustlint\n", encoding="utf-8")
    (repo / "emails").mkdir()
    (repo / "emails" / "bad.md").write_text(BAD, encoding="utf-8")
    (repo / "emails" / "good.md").write_text(GOOD, encoding="utf-8")
    (repo / "notes.py").write_text("print('Dear valued customer')\n", encoding="utf-8")
    _git(repo, "add", "-A")
    home = tmp_path_factory.mktemp("pre-commit-home")
    return repo, home


def _pre_commit(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never", "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_precommit_fails_on_bad_draft_and_shows_findings(campaign_repo) -> None:
    repo, home = campaign_repo
    result = _pre_commit(repo, home, "emails/bad.md")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "trustlint" in out and "Failed" in out, out
    assert "TL504" in out and "TL506" in out, out
    assert (repo / "emails" / "bad.md").read_text(encoding="utf-8") == BAD  # never modified


def test_precommit_passes_good_draft_and_skips_code(campaign_repo) -> None:
    repo, home = campaign_repo
    result = _pre_commit(repo, home, "emails/good.md", "notes.py")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Passed" in out, out
