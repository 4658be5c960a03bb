"""What counts as a real thread (issue 11, precision on real mail): attribution lines, '>' and
'|' quote blocks, forwards and quoted headers, and discussion-list posts. A reply that shows
one is not a fake reply (TL601) nor a commercial bulk mailing (TL204); a mailing relayed
through a list, with its own removal line above the list footer, still is."""
from __future__ import annotations

import pytest

from .conftest import codes

FOOTER = ("\n\n_______________________________________________\ngear-talk mailing list\n"
          "gear-talk@lists.example.org\nhttps://lists.example.org/mailman/listinfo/gear-talk\n")

REPLIES = {
    "writes": "Subject: Re: stoves\n\nIn message <42@example.org>, Sam Ortiz writes:\n\nTry the alcohol ones.",
    "wrote-own-line": "Subject: Re: stoves\n\nOn Fri, 4 Oct 2002 03:25:30 +0200\nSam <sam@example.org> wrote:\n\nTry the alcohol ones.",
    "quoting": "Subject: Re: stoves\n\nQuoting Sam Ortiz <sam@example.org>:\n\nTry the alcohol ones.",
    "pipe-quote": "Subject: Re: stoves\n\n| Which stove is lightest?\n| Mine weighs a ton.\n\nTry the alcohol ones.",
    "name-quote": "Subject: Re: stoves\n\nSO> Which stove is lightest?\n\nTry the alcohol ones.",
    "indented-headers": "Subject: Re: stoves\n\n    Date: Thu, 22 Aug 2002\n    From: Sam Ortiz <sam@example.org>\n\nTry the alcohol ones.",
    "indented-forward": "Subject: Re: stoves\n\nTry the alcohol ones.\n\n  ----- Original Message -----\n  From: Sam Ortiz\n  Sent: Monday",
    "list-tag": "Subject: Re: [gear-talk] stoves\n\nTry the alcohol ones.",
    "list-footer": "Subject: Re: stoves\n\nTry the alcohol ones." + FOOTER,
    "yahoo-footer": "Subject: Re: stoves\n\nTry the alcohol ones.\n\nTo unsubscribe from this group, send an email to:\ngear-unsubscribe@example.org",
}


@pytest.mark.parametrize("name", sorted(REPLIES))
def test_a_real_reply_is_not_a_fake_reply(name: str) -> None:
    assert "TL601" not in codes(REPLIES[name])


@pytest.mark.parametrize("text", [
    "Subject: Re: stoves\n\nOur stoves are the best. Buy one today.",
    # a '|' table is not a quote block
    "Subject: Re: stoves\n\n| Model | Price |\n| Alpha | $90 |\n\nBuy one today.",
    # a sender's alert tag is not a list's
    "Subject: Re: [URGENT] your account\n\nVerify your account now.",
    # a mailing relayed through a list carries its own removal line above the list's footer
    "Subject: Re: new deals\n\nSee the deals.\n\nTo be removed from our list, reply STOP." + FOOTER,
])
def test_a_reply_prefix_without_a_thread_still_fires(text: str) -> None:
    assert "TL601" in codes(text)


@pytest.mark.parametrize("text", [
    "Subject: Re: [gear-talk] stoves\n\nMine cost $90 and works fine.",
    "Subject: stoves\n\nMine cost $90 and works fine." + FOOTER,
    "Subject: Re: stoves\n\nMine cost $90.\n\nSam Ortiz wrote:\n> What did yours cost?",
    "Subject: Stove prices climb\n\nURL: http://news.example.org/item/1\nDate: 2002-10-01\n\n"
    "Stoves now cost $90 on average, up from $70 last year, the survey of 40 shops found, "
    "with the cheapest at $45 and the dearest at $300; makers blame the price of steel and "
    "freight, and say prices will settle next year.",
])
def test_conversation_and_feed_items_are_not_commercial_bulk(text: str) -> None:
    assert "TL204" not in codes(text)


@pytest.mark.parametrize("text", [
    # a mailing relayed through a list carries its own removal line above the list's footer
    "Subject: Stoves from $90\n\nShop now.\n\nTo be removed from our list, reply STOP." + FOOTER,
    # a list post or a reply that offers and asks the reader to buy is judged: only a price
    # mentioned in conversation is not advertising
    "Subject: Re: [gear-talk] stoves\n\nAll stoves 20% off this week. Shop now at example.com.",
    "Subject: Re: stoves\n\nOur stoves are $90. Buy now at example.com.\n\nSam Ortiz wrote:\n> Any deals?",
])
def test_a_mailing_is_still_commercial_bulk(text: str) -> None:
    assert "TL204" in codes(text)
