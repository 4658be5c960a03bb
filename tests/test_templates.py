"""Merge tokens of each platform: detection, masking, fallbacks, TL503 and TL507."""
from __future__ import annotations

from pathlib import Path

import pytest

from trustlint.app.runner import lint_paths, lint_text
from trustlint.source.draft import Field
from trustlint.source.templates import mask_field
from trustlint.source.textmap import TextMap

TEMPLATES = Path(__file__).parent / "fixtures" / "templates"

# fixture -> (detected platform, codes it may report: real problems in that export)
PLATFORMS = {
    "mailchimp.html": ("mailchimp", set()),
    "hubspot.html": ("hubspot", set()),
    "salesforce.html": ("salesforce", set()),
    "klaviyo.html": ("klaviyo", set()),
    "marketo.html": ("marketo", set()),
    "braze.liquid": ("braze", set()),
    "sendgrid.hbs": ("sendgrid", {"TL502"}),  # {{order_id}} in the subject has no default
    "iterable.html": ("iterable", {"TL502"}),  # {{workoutsCompleted}} has no default
    "customerio.liquid": ("customerio", {"TL502"}),  # the trial date has no default
    "activecampaign.html": ("activecampaign", set()),
    "constantcontact.html": ("constantcontact", set()),
    "brevo.html": ("brevo", set()),
    "outreach.txt": ("liquid", {"TL502"}),  # {{first_name}} and {{company}} without fallbacks
}


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_platform_export_lints_cleanly(name: str) -> None:
    platform, allowed = PLATFORMS[name]
    report = lint_paths([str(TEMPLATES / name)])
    assert not report.errors
    (fr,) = report.files
    assert fr.platforms == (platform,)
    codes = {f.code for f in fr.findings}
    assert codes <= allowed, [(f.code, f.message) for f in fr.findings]
    for f in fr.findings:  # template syntax never becomes a finding of a copy rule
        assert f.code.startswith("TL50")


def test_every_platform_fixture_is_covered() -> None:
    assert {p.name for p in TEMPLATES.iterdir()} == set(PLATFORMS)


@pytest.mark.parametrize("raw,name,fallback", [
    ("*|FNAME|*", "FNAME", None),
    ("{{ contact.firstname|default('there') }}", "firstname", "there"),
    ("{{ personalization_token('contact.firstname', 'friend') }}", "firstname", "friend"),
    ("%%FirstName%%", "FirstName", None),
    ("{{ first_name|default:'there' }}", "first_name", "there"),
    ("{{lead.First Name:default=there}}", "First Name", "there"),
    ("{{${first_name} | default: 'there'}}", "first_name", "there"),
    ('{{insert first_name "default=there"}}', "first_name", "there"),
    ('{{defaultIfEmpty firstName "there"}}', "firstName", "there"),
    ('{{customer.first_name | default: "there"}}', "first_name", "there"),
    ("%FIRSTNAME%", "FIRSTNAME", None),
    ('[[FIRSTNAME OR "there"]]', "FIRSTNAME", "there"),
    ('{{ contact.FIRSTNAME | default : "there" }}', "FIRSTNAME", "there"),
    ("{{first_name}}", "first_name", None),
])
def test_name_and_fallback_of_each_platform(raw: str, name: str, fallback: str | None) -> None:
    text = f"Hi {raw}, thanks."
    masked, (tok,) = mask_field(Field("body", text, TextMap.identity(len(text))))
    assert (tok.name, tok.fallback, tok.is_name) == (name, fallback, True)
    assert masked.text == "Hi Alex, thanks."
    assert masked.map.to_source(3, 7) == (3, 3 + len(raw))


@pytest.mark.parametrize("text,platforms", [
    ("Hi {{ first_name }} {{${last_name}}}", ("braze",)),
    ("Hi {{ first_name }}", ("liquid",)),
    ("Hi *|FNAME|* and {{ first_name }}", ("liquid", "mailchimp")),
])
def test_generic_tokens_take_the_dialect_of_the_draft(text: str, platforms: tuple[str, ...]) -> None:
    (fr,) = lint_text(text).files
    assert fr.platforms == platforms


def test_tl502_hint_uses_the_detected_platform() -> None:
    (fr,) = lint_text("Hi {{ first_name }},\n\nYou have {{${points} | default: '0'}} points.").files
    (f,) = [f for f in fr.findings if f.code == "TL502"]
    assert "{{${first_name} | default: 'there'}}" in f.suggestion


def test_tl503_points_at_the_unclosed_block_in_the_source() -> None:
    text = "Hi there,\n\n{% if vip %}You get early access.\n\nThanks."
    (fr,) = lint_text(text).files
    (f,) = [f for f in fr.findings if f.code == "TL503"]
    assert fr.source[f.start:f.end] == "{% if vip %}"
    assert (f.location.line, f.location.column) == (3, 1)


def test_tl503_mixed_platforms_names_both() -> None:
    (fr,) = lint_text("Hi *|FNAME|*,\n\nYour {{ product_name | default: 'order' }} shipped.").files
    (f,) = [f for f in fr.findings if f.code == "TL503"]
    assert "Mailchimp" in f.message and "{{ product_name" in f.message


def test_system_tokens_need_no_fallback() -> None:
    codes = {f.code for f in lint_text("Hi there,\n\nNews. *|LIST:ADDRESS|* *|UNSUB|* {{ unsubscribe_link }}").findings}
    assert "TL502" not in codes and "TL507" not in codes
