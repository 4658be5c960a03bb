"""Baselines: record findings, then fail only on new ones, whatever moved around them."""
from __future__ import annotations

import json

from .conftest import write

DRAFT = "Hi [First Name],\n\nSave XX% on every order this week.\n\nSam\n"


def _codes(stdout: str) -> list[tuple[str, str]]:
    return [(f["code"], f["excerpt"]) for fr in json.loads(stdout)["files"] for f in fr["findings"]]


def test_baseline_hides_known_findings_and_survives_line_shifts(tmp_path, cli) -> None:
    write(tmp_path, {"emails/promo.md": DRAFT, ".trustlint.toml": 'select = ["TL504"]\n'})
    made = cli(tmp_path, "check", "emails", "--write-baseline", "trustlint-baseline.json")
    assert made.exit_code == 0 and "recorded 2 finding(s)" in made.stderr
    data = json.loads((tmp_path / "trustlint-baseline.json").read_text())
    assert {(e["path"], e["code"], e["excerpt"], e["count"]) for e in data["findings"]} == {
        ("emails/promo.md", "TL504", "[first name]", 1), ("emails/promo.md", "TL504", "xx%", 1)}

    clean = cli(tmp_path, "check", "-f", "json", "emails", "--baseline", "trustlint-baseline.json")
    assert clean.exit_code == 0 and _codes(clean.stdout) == []
    assert "2 finding(s) hidden by baseline" in clean.stderr

    # new lines above and different spacing/case: still the same findings
    write(tmp_path, {"emails/promo.md": "Subject: Spring\n\n\n" + DRAFT.replace("[First Name]", "[first  name]")})
    moved = cli(tmp_path, "check", "-f", "json", "emails", "--baseline", "trustlint-baseline.json")
    assert moved.exit_code == 0 and _codes(moved.stdout) == []

    # a second copy of a known phrase and a new one are new findings
    write(tmp_path, {"emails/promo.md": DRAFT + "\nAnother XX% off, at <<Store>>.\n"})
    new = cli(tmp_path, "check", "-f", "json", "emails", "--baseline", "trustlint-baseline.json")
    assert new.exit_code == 1
    assert _codes(new.stdout) == [("TL504", "XX%"), ("TL504", "<<Store>>")]


def test_baseline_paths_do_not_depend_on_the_working_directory(tmp_path, cli) -> None:
    write(tmp_path, {"repo/emails/a.md": DRAFT, "repo/.trustlint.toml": 'select = ["TL504"]\n'})
    cli(tmp_path / "repo", "check", "emails/a.md", "--write-baseline", "baseline.json")
    result = cli(tmp_path / "repo" / "emails", "check", "a.md", "--baseline", "../baseline.json")
    assert result.exit_code == 0, result.output


def test_bad_baseline_is_a_usage_error(tmp_path, cli) -> None:
    write(tmp_path, {"a.md": DRAFT, "b.json": '{"version": 7}', "c.json": "not json"})
    for name, needle in (("missing.json", "baseline file not found"), ("b.json", "not a trustlint baseline"),
                         ("c.json", "not a trustlint baseline")):
        result = cli(tmp_path, "check", "a.md", "--baseline", name)
        assert result.exit_code == 2 and needle in result.stderr and name in result.stderr
        assert "Traceback" not in result.output
