"""Phrasing of real bulk mail the existing rules now catch, each pinned to where it fires.

Examples are written here, to the phenomenon (old spam, campaign fundraising, phishing lures,
cold templates); `None` means the rule must stay quiet on that text.
"""
from __future__ import annotations

import pytest

from trustlint import lint_text

CASES = [
    # TL603: pressure idioms with no date a reader could check
    ("TL603", "Subject: rates\n\nCALL NOW! Our operators are standing by.", "CALL NOW"),
    ("TL603", "Subject: rates\n\nGet a free quote today and lock in a lower payment.", "Get a free quote today"),
    ("TL603", "Subject: goal\n\nCan you chip in $7 right now to keep us on the air?", "chip in $7 right now"),
    ("TL603", "Subject: goal\n\nThese are the final 48 hours of our spring drive.", "final 48 hours"),
    ("TL603", "Subject: goal\n\nPlease give before our end-of-month deadline.", "end-of-month deadline"),
    ("TL603", "Subject: goal\n\nA donor will double every gift until the match expires.", "match expires"),
    ("TL603", "Subject: notice\n\nYour mailbox will be suspended unless you sign in.", "mailbox will be suspended"),
    ("TL603", "Subject: notice\n\nURGENT: confirm your details.", "URGENT"),
    ("TL603", "Subject: rates\n\nRates this low won't stay around forever.", "won't stay around forever"),
    ("TL603", "Subject: sale\n\nEverything is 30% off. The sale ends at midnight!", "sale ends"),
    ("TL603", "Subject: sale\n\nThe sale ends tonight at midnight.", "sale ends"),
    ("TL603", "Subject: rates\n\n\U0001d5d4\U0001d5f0\U0001d601 \U0001d5fb\U0001d5fc\U0001d604 and save.",
     "\U0001d5d4\U0001d5f0\U0001d601 \U0001d5fb\U0001d5fc\U0001d604"),
    ("TL603", "Subject: sale\n\nThe sale ends 30 November at midnight GMT.", None),
    ("TL603", "Subject: call\n\nCall me now if that suits; I'm at my desk until four.", None),
    ("TL603", "Subject: call\n\nWe published the new guide today.", None),
    ("TL603", "Subject: papers\n\nThe deadline for abstracts is 3 June 2026.", None),
    ("TL603", "Subject: clinic\n\nOur urgent care clinic is open on weekends.", None),
    ("TL603", "Subject: log\n\nChecked in as r1.4 2002/03/12 18:00:36 by the release bot.", None),
    # TL303: offers aimed at credit, debt, weight, age or sexual health in bulk copy
    ("TL303", "Subject: loans\n\nApproved even with bad credit - apply in minutes.", "bad credit"),
    ("TL303", "Subject: loans\n\nWe accept all credit situations.", "all credit situations"),
    ("TL303", "Subject: bills\n\nStruggling with your bills? One payment could fix that.", "Struggling with your bills"),
    ("TL303", "Subject: bills\n\nConsolidate your card debts into one monthly payment.", "Consolidate your card debts"),
    ("TL303", "Subject: tea\n\nLose 15 lbs before summer with our tea.", "Lose 15 lbs"),
    ("TL303", "Subject: cream\n\nFeeling your age? Our cream helps.", "Feeling your age"),
    ("TL303", "Subject: pills\n\nNo more erectile worries.", "erectile"),
    ("TL303", "Subject: pills\n\nOrder meds online without a prescription.", "without a prescription"),
    ("TL303", "---\nbulk: false\n---\nSubject: notes\n\nAs promised, the weight-loss trial results from Tuesday.", None),
    ("TL303", "Subject: bank\n\nThe credit union posts rates every Monday.", None),
    ("TL303", "Subject: news\n\nOur new guide to becoming debt free is out.", None),
    # TL302: opt-in boilerplate, requests and transactions a first bulk touch cannot back
    ("TL302", "Subject: offer\n\nYou get this as a subscriber to the Bright Deals mailing list.", "as a subscriber to the Bright Deals mailing list"),
    ("TL302", "Subject: offer\n\nYou registered at one of our partner sites to hear about offers.", "You registered"),
    ("TL302", "Subject: offer\n\nThis address has requested details on home offers.", "address has requested"),
    ("TL302", "Subject: offer\n\nHere is the brochure you requested.", "Here is the brochure you requested"),
    ("TL302", "Subject: offer\n\nThank you for your interest in our programme.", "Thank you for your interest in"),
    ("TL302", "Subject: loan\n\nGood news: your home equity loan has been approved!", "your home equity loan has been approved"),
    ("TL302", "Subject: wallet\n\nYour account has been credited with 0.5 BTC.", "Your account has been credited"),
    ("TL302", "Subject: prize\n\nYou have won a weekend for two!", "You have won"),
    ("TL302", "Subject: review\n\nYou have received a document to sign.", "You have received a document"),
    ("TL302", "Subject: offer\n\nYou won't find a lower price anywhere.", None),
    ("TL302", "Subject: team\n\nYou won the regional final last year; here is the trophy photo.", None),
    ("TL302", "---\nfirst_contact: false\n---\nSubject: loan\n\nYour loan application has been approved; the papers follow.", None),
    # TL501: a rendered name-like greeting is the only personal element of bulk copy
    ("TL501", "Subject: ink\n\nHello, pat.w@example.org\n\nCheap cartridges for every printer.", "pat.w@example.org"),
    ("TL501", "Subject: ink\n\nDear marco_77,\n\nCheap cartridges for every printer.", "marco_77"),
    ("TL501", "Subject: ink\n\ntkovacs, is your printer costing you too much?", "tkovacs"),
    ("TL501", "Subject: ink\n\nHi Friend,\n\nCheap cartridges for every printer.", "Friend"),
    ("TL501", "Subject: ink\n\nFriend -- we are so close to our goal.", "Friend"),
    ("TL501", "Subject: ink\n\nHey there Subscriber,\n\nCheap cartridges for every printer.", "Subscriber"),
    ("TL501", "Subject: ink\n\nDEAR ROSALIND,\n\nCheap cartridges for every printer.", "ROSALIND"),
    ("TL501", "Subject: lena, cheap ink inside\n\nCartridges for every printer.", "lena"),
    ("TL501", "Subject: ink\n\nHi there,\n\nCheap cartridges for every printer.", None),
    ("TL501", "Subject: ink\n\nURL: https://example.org/ink\n\nCheap cartridges.", None),
    ("TL501", "Subject: ink\n\nThanks, that fixed it.", None),
    ("TL501", "---\nbulk: false\n---\nSubject: ink\n\nHi Dana,\n\nthe cartridges arrived.", None),
    # TL101/TL104: claim idioms of old spam and modern campaigns
    ("TL104", "Subject: plan\n\nResults garanteed in a week.", "garanteed"),
    ("TL104", "Subject: plan\n\nLearn to make money fast with our kit.", "make money fast"),
    ("TL104", "Subject: plan\n\nIt is easy money for anyone with a phone.", "easy money"),
    ("TL104", "Subject: plan\n\nTry it with no risk for a month.", "no risk"),
    ("TL104", "Subject: plan\n\n100% satisfaction on every box.", "100% satisfaction"),
    ("TL104", "Subject: plan\n\n$$$ for you today $$$", "$$$"),
    ("TL101", "Subject: tonic\n\nThis miracle formula melts stress.", "miracle formula"),
    ("TL101", "Subject: tonic\n\nOur proven system does the work.", "proven system"),
    ("TL101", "Subject: loans\n\nCompare and get the lowest rates.", "the lowest rates"),
    ("TL101", "Subject: race\n\nShe is the best candidate in this race.", "the best candidate in this race"),
    ("TL104", "Subject: plan\n\nThere is no risk of frost this week.", None),
    ("TL104", "Subject: shirt\n\nA shirt in 100% cotton.", None),
    ("TL101", "Subject: notes\n\nThe secret to the sauce is patience, says our cook.", None),
    # TL305: ultimatums and put-downs
    ("TL305", "Subject: gym\n\nYou either want a stronger back or you don't.", "You either want a stronger back or you don't"),
    ("TL305", "Subject: gym\n\nStop making excuses and book a class.", "Stop making excuses"),
    ("TL305", "Subject: app\n\nYou don't have to be a genius to run payroll with us.", "You don't have to be a genius"),
    ("TL305", "Subject: gym\n\nWake up call is at 7 on the retreat.", None),
    ("TL305", "Subject: gym\n\nAs everyone knows, stretching is for beginners.", "As everyone knows"),
    ("TL305", "Subject: voice\n\nEveryone knows that delay hurts call quality; here is how to measure it.", None),
    ("TL305", "Subject: gym\n\nYou can want both comfort and speed.", None),
    # TL301: reading the reader's mind
    ("TL301", "Subject: hi\n\nI know what you're thinking: another app.", "I know what you're thinking"),
    ("TL301", "Subject: hi\n\nYou're the kind of person who finishes what they start.", "You're the kind of person who"),
    ("TL301", "Subject: hi\n\nI can tell you're ambitious.", "I can tell you're ambitious"),
    ("TL301", "Subject: hi\n\nWe know what readers asked for: a shorter form.", None),
    ("TL301", "Subject: hi\n\nWe already know how generous you are, so here is one more ask.", "We already know how generous you are"),
    ("TL301", "Subject: hi\n\nYou have been with us since day one of this fight.", "You have been with us since day one"),
    ("TL301", "Subject: hi\n\nFrom day one, you believed in this school.", "From day one, you believed"),
    ("TL301", "Subject: hi\n\nI already know your answer: yes.", "I already know your answer"),
    ("TL301", "Subject: hi\n\nAll of you, like me, want cleaner rivers.", "All of you, like me, want"),
    ("TL301", "Subject: hi\n\nWe know how busy the season is, so the form takes two minutes.", None),
    ("TL301", "Subject: hi\n\nFrom day one, the shop has roasted its own beans.", None),
    ("TL301", "Subject: hi\n\nWe were with the team from the very beginning of the project.", None),
    # TL302: exchanges, requests and paperwork a first bulk touch claims the reader already had
    ("TL302", "Subject: hi\n\nThanks for reaching out about the loft.", "Thanks for reaching out"),
    ("TL302", "Subject: hi\n\nWe have received your request and will reply soon.", "We have received your request"),
    ("TL302", "Subject: hi\n\nPlease find attached the invoice for March.", "Please find attached the invoice"),
    ("TL302", "Subject: hi\n\nYour subscription will expire on Friday.", "Your subscription will expire"),
    ("TL302", "Subject: hi\n\nI really enjoyed meeting you at the expo.", "I really enjoyed meeting"),
    ("TL302", "Subject: hi\n\nThanks for reaching out to your senator this week.", None),
    ("TL302", "---\nfirst_contact: false\n---\nSubject: hi\n\nThanks for reaching out; the refund is on its way.", None),
    # TL302: a question that takes the shared past as given is still a claim of it
    ("TL302", "Subject: hi\n\nDo you remember me? We met at the expo.", "Do you remember me"),
    ("TL302", "Subject: hi\n\nDo you still remember our chat at the expo?", "Do you still remember our"),
    ("TL302", "Subject: hi\n\nDo you remember the first time you tasted real coffee?", None),
    # lexicons read hard-wrapped prose as one line: a phrase broken by a soft line break still fires
    ("TL302", "Subject: deck\n\nThis is a long line of text that our mail client wrapped, and as we\ndiscussed the deck is attached.",
     "as we discussed"),
    ("TL302", "Subject: deck\n\nAgenda: as we\ndiscussed items", None),
    # TL102: unsourced customer counts and income claims
    ("TL102", "Subject: hi\n\nOver 10,000 satisfied customers use our filters.", "Over 10,000 satisfied customers"),
    ("TL102", "Subject: hi\n\nWe have helped 500 companies cut costs.", "helped 500 companies"),
    ("TL102", "Subject: hi\n\nMeet over 1 million singles tonight.", "over 1 million singles"),
    ("TL102", "Subject: hi\n\nWe are receiving checks for $1,000 every month.", "receiving checks for $1,000"),
    ("TL102", "Subject: hi\n\nOver 200 members came to the spring meeting.", None),
    ("TL102", "Subject: hi\n\nUsed by 1,240 accounting firms (Jan 2026 count).", None),
    # TL101: records claimed with no figure or date
    ("TL101", "Subject: hi\n\nOctober was our best month yet.", "our best month yet"),
    ("TL101", "Subject: hi\n\nThis is our biggest test yet.", None),
    ("TL101", "Subject: hi\n\nIt was the best thing to ever happen to me.", None),
    # TL101: leadership claimed as a noun; TL104: acceptance promised to everyone
    ("TL101", "Subject: hi\n\nWe are a leader in the industry for tape recycling.", "a leader in the industry"),
    ("TL101", "Subject: hi\n\nAcme is the market leader in payroll.", "the market leader"),
    ("TL101", "Subject: hi\n\nIndustry leaders say the rules will change.", None),
    ("TL101", "Subject: hi\n\nDana is the team leader in our Leeds office.", None),
    ("TL104", "Subject: hi\n\nNo one is turned down, whatever your history.", "No one is turned down"),
    ("TL104", "Subject: hi\n\nEveryone qualifies for this card.", "Everyone qualifies"),
    ("TL104", "Subject: hi\n\nApplications are reviewed within five working days.", None),
    # TL605: live counts of any crowd; TL604: "N left" written label-first
    ("TL605", "---\nbulk: false\nfirst_contact: false\n---\n105 pet owners are buying this bed now!", "105 pet owners are buying this"),
    ("TL605", "---\nbulk: false\nfirst_contact: false\n---\n22 people other than you have this lamp in their cart.",
     "22 people other than you have this lamp in their cart"),
    ("TL605", "---\nbulk: false\nfirst_contact: false\n---\nOur 12 volunteers are checking out the new trail today.", None),
    ("TL604", "---\nbulk: false\nfirst_contact: false\n---\nBOTTLES LEFT 3", "BOTTLES LEFT 3"),
    ("TL604", "---\nbulk: false\nfirst_contact: false\n---\nTickets left 2 days ago for the printer.", None),
    # TL605: "someone ... bought" in a narrative is not an activity notice
    ("TL605", "Subject: hi\n\nSomeone in Leeds just bought the Harbour jacket.", "Someone in Leeds just bought"),
    ("TL605", "Subject: hi\n\nSomeone had made clear the costs when I bought the car.", None),
    # TL603: account-security alarms and fundraising shortfalls
    ("TL603", "Subject: hi\n\nWe detected unusual sign-in activity on your account.", "unusual sign-in"),
    ("TL603", "Subject: hi\n\nYour membership has expired.", "membership has expired"),
    ("TL603", "Subject: hi\n\nWe are temporarily limiting some features of your account.", "temporarily limiting some features"),
    ("TL603", "Subject: hi\n\nUnless we raise $5,000, the shelter closes.", "Unless we raise"),
    ("TL603", "Subject: hi\n\nWe are falling short of our monthly goal.", "falling short of our monthly goal"),
    ("TL603", "Subject: hi\n\nI noticed an unauthorized charge on my card and called the bank.", None),
    ("TL603", "Subject: hi\n\nWe reached our goal and thank every donor.", None),
    ("TL603", "Subject: hi\n\nGive today so we stay on track to reach our goal.", "stay on track to reach"),
    ("TL603", "Subject: hi\n\nThe new bridge is on track to open in spring.", None),
    # TL303: offers aimed at a condition, money worry, faith or sex life presumed of every reader
    ("TL303", "Subject: salve\n\nRelief for all skin disorders, straight from the farm.", "Relief for all skin disorders"),
    ("TL303", "Subject: pain\n\nAre you suffering from back pain? Try our mat.", "Are you suffering from back pain"),
    ("TL303", "Subject: fees\n\nFind out how to exit your timeshare legally.", "exit your timeshare"),
    ("TL303", "Subject: money\n\nWorried about your retirement? Read our guide.", "Worried about your retirement"),
    ("TL303", "Subject: cd\n\nFind your Bible answers on one disc.", "your Bible"),
    ("TL303", "Subject: tonight\n\nLonely housewives near you want to chat.", "Lonely housewives near you"),
    ("TL303", "Subject: salve\n\nOur farm makes a salve from chickweed and beeswax.", None),
    ("TL303", "Subject: club\n\nThe Bible study group meets on Thursdays in room 4.", None),
    ("TL303", "Subject: trip\n\nMy aunt suffered from back pain for years before the surgery.", None),
    # TL401: "we" in a reply that quotes the thread is the people in the conversation
    ("TL401", "Subject: build\n\nWe think our tests broke when we moved our runner; we will fix our config.",
     "We think our tests broke when we moved our runner; we will fix our config."),
    ("TL401", "Subject: Re: build\n\nWe think our tests broke when we moved our runner; we will fix our config.\n\n"
     "On Mon, 3 Nov 2025, Dana Lee wrote:\n> Did the build break?", None),
]


@pytest.mark.parametrize("code,text,excerpt", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_real_phrasing(code: str, text: str, excerpt: str | None) -> None:
    findings = [f for f in lint_text(text).files[0].findings if f.code == code]
    if excerpt is None:
        assert not findings, [(f.code, f.excerpt) for f in findings]
    else:
        assert excerpt in [f.excerpt for f in findings], [(f.code, f.excerpt) for f in findings]


def test_soft_wrap_unwrapping_keeps_offsets() -> None:
    from trustlint.nlp.document import unwrap_soft_breaks

    text = ("Hi Dana,\nThis is a long line of wrapped prose that goes on and as we\ndiscussed the deck.\n"
            "> a quoted line that is long enough to be a wrapped one, honestly\nnext\n\nTotal:\n- item")
    out = unwrap_soft_breaks(text)
    assert len(out) == len(text)
    assert "as we discussed" in out  # a soft break after a long line reads as a space
    assert out.startswith("Hi Dana,\n")  # a short line keeps its break
    assert "honestly\nnext" in out  # a quoted line keeps its break
    assert "\n\nTotal:\n- item" in out  # paragraph breaks and list items are kept
    assert unwrap_soft_breaks("no breaks") == "no breaks"
