"""The date/time grammar: concrete dates and times vs vague words, timers and look-backs."""
from __future__ import annotations

import pytest

from trustlint.nlp.datetimes import find, has_concrete

CONCRETE = [
    ("The sale ends 30 November 2026.", "30 November 2026"),
    ("Ends Nov 30.", "Nov 30"),
    ("Due 30/11/2026", "30/11/2026"),
    ("Due 2026-11-30", "2026-11-30"),
    ("We'll call Friday 5 pm ET.", "Friday 5 pm ET"),
    ("Doors close at midnight PST on Sunday.", "midnight PST on Sunday"),
    ("Reply by 5:00 pm and we'll hold it.", "5:00 pm"),
    ("Full refund within 30 days.", "within 30 days"),
    ("Your link works in 48 hours.", "in 48 hours"),
    ("Prices hold until 1 March 2026, 00:00 UTC.", "1 March 2026, 00:00 UTC"),
    ("See you this Friday.", "this Friday"),
    ("Webinar on the 3rd of December", "3rd of December"),
    ("Launch: December 3rd, 2026", "December 3rd, 2026"),
    ("Starts 9.30am BST", "9.30am BST"),
    ("Call at 14:00 CET", "14:00 CET"),
    ("Ships within 2-3 business days", "within 2-3 business days"),
    ("We reply within an hour.", "within an hour"),
    ("Cancel in the first 14 days", "in the first 14 days"),
    ("Sat, 30 Nov at 10 am", "Sat, 30 Nov at 10 am"),
    ("a 30-day money-back guarantee", "30-day"),
    ("Prices rise in March 2026", "March 2026"),
    ("Meet us at 19:30", "19:30"),
    ("Order by noon on Friday", "noon on Friday"),
    ("The offer closes 2 May at midnight", "2 May at midnight"),
    ("It's due Thursday.", "Thursday"),
    ("We'll email you at 5 o'clock", "5 o'clock"),
]

VAGUE = ["soon", "shortly", "ASAP", "as soon as possible", "in the near future", "at some point",
         "for a limited time", "in due course", "before long", "any day now", "in the coming weeks",
         "in a few days", "eventually"]

COUNTDOWNS = ["Offer ends in 9hrs 55min 29sec!", "DEAL ENDS IN 40:55:13", "00DAYS00HOURS14MINUTES21SECONDS",
              "Your cart is reserved for 09:58 minutes", "1day21:04:58", "Ends in 2 DAYS 04 HRS 12 MINS",
              "Hurry! DAYS HRS MINS SECS", "HURRY UP > 09H 42M 39S", "Order within 13:16 to get free shipping"]

LOOKBACKS = ["92 customers bought this in the last 48 hours", "Someone bought this 5 minutes ago",
             "6 people viewed this in the past few hours"]

NOT_DATES = ["You may 5x your revenue.", "Support is 24/7.", "I sat down with Sun Li.", "Version 2.4.10 is out.",
             "We march on.", "Rated 4.7/5 from 2,140 reviews.", "Save 20% on shoes.", "Room 101, floor 3",
             "Call 555-0142.", "It costs $19.99."]


@pytest.mark.parametrize("text,expected", CONCRETE)
def test_concrete(text: str, expected: str) -> None:
    exprs = [x for x in find(text) if x.concrete]
    assert [x.text for x in exprs] == [expected], find(text)
    assert has_concrete(find(text))


@pytest.mark.parametrize("phrase", VAGUE)
def test_vague(phrase: str) -> None:
    text = f"We will get back to you {phrase}."
    kinds = [x.kind for x in find(text)]
    assert kinds == ["vague"], find(text)
    assert not has_concrete(find(text))


@pytest.mark.parametrize("text", COUNTDOWNS)
def test_countdowns_are_not_deadlines(text: str) -> None:
    exprs = find(text)
    assert any(x.kind == "countdown" for x in exprs), exprs
    assert not has_concrete(find(text))


@pytest.mark.parametrize("text", LOOKBACKS)
def test_lookbacks_are_not_deadlines(text: str) -> None:
    exprs = find(text)
    assert [x.kind for x in exprs] == ["lookback"], exprs
    assert not has_concrete(find(text))


@pytest.mark.parametrize("text", NOT_DATES)
def test_no_false_dates(text: str) -> None:
    assert not has_concrete(find(text)), find(text)


def test_as_soon_as_condition_is_not_vague() -> None:
    assert find("We'll ship as soon as it's back in stock.") == ()
    assert [x.kind for x in find("We'll ship as soon as possible.")] == ["vague"]


def test_today_alone_is_not_concrete_but_with_a_time_it_is() -> None:
    assert not has_concrete(find("Ends today!"))
    assert has_concrete(find("Ends today at 6 pm."))


@pytest.mark.parametrize("text", ["Ends tonight at midnight", "Order by noon", "Offer ends at midnight!",
                                  "Doors close at midnight PST", "Reply by end of day"])
def test_a_named_time_on_no_named_day_is_not_a_deadline(text: str) -> None:
    exprs = find(text)
    assert exprs and all(x.kind == "relday" for x in exprs), exprs
    assert not has_concrete(exprs)


def test_values_compare_across_spellings() -> None:
    a = next(x for x in find("ends 30 Nov") if x.concrete)
    b = next(x for x in find("ends November 30th") if x.concrete)
    c = next(x for x in find("ends 1 December") if x.concrete)
    assert a.value == b.value == ("date", 11, 30)
    assert c.value != a.value
    fri = next(x for x in find("this Friday"))
    assert fri.value == ("weekday", 4)


def test_offsets_point_into_the_text() -> None:
    text = "Hi Sam,\nWe'll reply by 5 pm ET Thursday."
    x = next(x for x in find(text) if x.concrete)
    assert text[x.start:x.end] == x.text == "5 pm ET Thursday"


def test_garbage_does_not_crash() -> None:
    for text in ["", ":::", "99:99:99", "0" * 500, "in in in days", "🙂 at 5 pm 🙂"]:
        find(text)


def test_numeric_dates_resolve_order_only_when_unambiguous() -> None:
    assert find("due 30/11/2026")[0].value == ("date", 11, 30)
    assert find("due 11/30/2026")[0].value == ("date", 11, 30)
    assert find("due 03/04/2026")[0].value == ("date", None, None)
