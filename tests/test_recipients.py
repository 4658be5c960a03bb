"""--recipients: per-row rendering, safe conditionals, TL507, aggregation and the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trustlint.cli import app
from trustlint.config import Config
from trustlint.app.recipients import RecipientsError, lint_recipients
from trustlint.source.render import compile_field, evaluate, render_field
from trustlint.source.draft import Field
from trustlint.source.textmap import TextMap


def _render(template: str, row: dict[str, str]) -> str:
    f = Field("body", template, TextMap.identity(len(template)))
    columns = set(row)
    return "".join(p[0] for p in render_field(f, compile_field(f), row, columns))


@pytest.mark.parametrize("template", [
    "{% if first_name %}Hi {{ first_name }},{% else %}Hi there,{% endif %}",
    "{{#if first_name}}Hi {{first_name}},{{else}}Hi there,{{/if}}",
    "*|IF:FNAME|*Hi *|FNAME|*,*|ELSE:|*Hi there,*|END:IF|*",
    "%IF $FIRSTNAME != ''%Hi %FIRSTNAME%,%ELSE%Hi there,%/IF%",
    "{% if ${first_name} != blank %}Hi {{${first_name}}},{% else %}Hi there,{% endif %}",
    "{% unless contact.firstname == blank %}Hi {{ contact.firstname }},{% else %}Hi there,{% endunless %}",
    "Hi {{ first_name | default: 'there' }},",
    'Hi [[FIRSTNAME OR "there"]],',
    "Hi {{lead.First Name:default=there}},",
])
def test_conditionals_and_fallbacks_of_each_platform(template: str) -> None:
    assert _render(template, {"firstname": "Maria"}) == "Hi Maria,"
    assert _render(template, {"firstname": ""}) == "Hi there,"


def test_equality_and_elif() -> None:
    t = "{% if plan == 'pro' %}Pro{% elsif plan == \"team\" %}Team{% else %}Free{% endif %}"
    assert [_render(t, {"plan": p}) for p in ("pro", "team", "")] == ["Pro", "Team", "Free"]
    t = '{{#ifEq plan "pro"}}Pro{{else}}Other{{/ifEq}}'
    assert [_render(t, {"plan": p}) for p in ("Pro", "basic")] == ["Pro", "Other"]


def test_evaluator_never_executes_anything() -> None:
    lookup = {"a": "1", "b": ""}.get
    assert evaluate("a and not b", lookup)
    assert evaluate("b or a == '1'", lookup)
    assert not evaluate("__import__('os').system('false')", lookup)


def _write(tmp_path: Path, draft: str, rows: list[str]) -> tuple[str, str]:
    d, c = tmp_path / "draft.txt", tmp_path / "contacts.csv"
    d.write_text(draft, encoding="utf-8")
    c.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(d), str(c)


DRAFT = "Subject: Your order\n\nHi {{ first_name }},\n\nYour {{ product }} order ships on Monday 3 March.\n"


def test_empty_render_is_counted_per_recipient_with_examples(tmp_path: Path) -> None:
    rows = ["email,first_name,product"] + [f"u{i}@x.com,{'' if i % 4 == 0 else 'Maria'},beans" for i in range(40)]
    report = lint_recipients(*_write(tmp_path, DRAFT, rows), Config())
    assert report.rows == 40
    assert report.variants == 2  # "Maria" rows share one variant, empty-name rows another
    tl507 = report.rules["TL507"]
    assert tl507.recipients == 10
    assert [e["row"] for e in tl507.examples] == [2, 6, 10]
    assert tl507.examples[0]["id"] == "u0@x.com"
    assert tl507.examples[0]["rendered"].startswith("Hi ,")
    assert [(line, col) for line, col, _ in tl507.locations] == [(3, 1)]


def test_missing_column_sends_the_raw_tag(tmp_path: Path) -> None:
    report = lint_recipients(*_write(tmp_path, DRAFT, ["email,first_name", "a@x.com,Maria"]), Config())
    assert report.missing_columns == ["{{ product }}"]
    assert "sent raw" in next(iter(report.rules["TL507"].locations))[2]


def test_row_products_and_audience_reach_the_campaign_context(tmp_path: Path, monkeypatch) -> None:
    import trustlint.app.runner as runner

    seen = []
    real = runner.lint_draft

    def spy(draft, config, readability=False):
        seen.append(draft.context.get("owned_products"))
        return real(draft, config, readability)

    monkeypatch.setattr(runner, "lint_draft", spy)
    rows = ["email,first_name,product,owned_products", "a@x.com,Ann,beans,pro;team", "b@x.com,Bo,beans,"]
    lint_recipients(*_write(tmp_path, DRAFT, rows), Config())
    assert ["pro", "team"] in seen and [] in seen


def test_bad_recipients_files(tmp_path: Path) -> None:
    d, c = _write(tmp_path, DRAFT, [""])
    with pytest.raises(RecipientsError):
        lint_recipients(d, c, Config())
    with pytest.raises(RecipientsError):
        lint_recipients(d, str(tmp_path / "nope.csv"), Config())
    ragged = ["email,first_name,product", "a@x.com", "b@x.com,Bo,beans,extra,cols", '"c@x.com,"Cy', "\x00bad"]
    report = lint_recipients(*_write(tmp_path, DRAFT, ragged), Config())
    assert report.rows == 4


def test_cli_recipients_json(tmp_path: Path) -> None:
    d, c = _write(tmp_path, DRAFT, ["email,first_name,product", "a@x.com,,beans", "b@x.com,Bo,beans"])
    result = CliRunner().invoke(app, ["check", d, "--recipients", c, "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert {"tool", "files", "errors", "summary", "recipients"} <= set(data)  # check's top level, plus
    assert data["recipients"]["rows"] == 2
    (rule,) = [r for r in data["recipients"]["rules"] if r["code"] == "TL507"]
    assert rule["recipients"] == 1 and rule["examples"][0]["row"] == 2
    (draft,) = data["files"]
    assert any(f["code"] == "TL507" and f["message"].endswith("(1 of 2 recipient(s))") for f in draft["findings"])


def test_cli_recipients_clean_list_exits_zero(tmp_path: Path) -> None:
    draft = "Hi {{ first_name | default: 'there' }},\n\nYour order ships on Monday 3 March.\n"
    d, c = _write(tmp_path, draft, ["email,first_name", "a@x.com,", "b@x.com,Bo"])
    result = CliRunner().invoke(app, ["check", d, "--recipients", c, "--fail-on", "warning"])
    assert result.exit_code == 0, result.output
    assert "2 recipient(s)" in result.stdout
