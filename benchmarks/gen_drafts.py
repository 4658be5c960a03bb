"""Generates realistic marketing and sales drafts for the benchmark (deterministic per seed).

Each draft is about 300 words: an optional front matter or header block, a greeting, several
paragraphs drawn from honest copy, and (in about half of the drafts) a few trust problems:
false familiarity, fake reply subjects, generic salutations, placeholders, merge tokens without
fallbacks, seller-centred sentences, and urgency.
"""
from __future__ import annotations

import random
from pathlib import Path

PRODUCTS = ["Ledgerly", "ShipFast", "Brightdesk", "Northwind CRM", "Tallyhub", "Fieldnote", "Orbit Mail"]
AUDIENCES = ["finance teams", "small retailers", "clinic managers", "agency owners", "warehouse leads",
             "school administrators", "freelance designers", "support teams"]
HONEST = [
    "{product} helps {aud} close the month in two days instead of five.",
    "Last quarter, 214 customers moved their invoicing to {product}; the median team saved 6 hours a week.",
    "You can export every record as CSV at any time, and cancelling takes one click from the billing page.",
    "The new reporting view shows late payments by customer, so you can follow up before they slip.",
    "We tested the change with twelve teams in March and fixed the three problems they found.",
    "Pricing stays at $29 per seat; there is no setup fee and no annual contract.",
    "If it is not a fit, reply to this email and a person on our support team will answer within a day.",
    "Our status page lists every incident from the past year, including the two-hour outage in June.",
    "The guide linked below walks through the setup in about fifteen minutes.",
    "Several {aud} told us the old approval flow was confusing, so we rebuilt it around their feedback.",
    "Your data stays in the EU region you chose, and we publish our subprocessors on the security page.",
    "The integration syncs with your accounting tool every hour and flags any mismatch it cannot resolve.",
    "Here is a short case study from a team of nine that switched from spreadsheets last spring.",
    "The webinar on Thursday covers the new forecasting view; a recording goes out to everyone who registers.",
    "We would rather you try the free plan for a month than buy something that does not suit your team.",
    "The mobile app now works offline and uploads receipts as soon as you are back online.",
    "Each plan includes phone support on weekdays and email support on weekends.",
    "To keep things simple, the trial does not ask for a card.",
]
PROBLEMS = [
    "As we discussed on our call, I am sending over the details you asked about.",
    "Great to meet you at the conference last week!",
    "Following up on our conversation from Tuesday, here is the proposal.",
    "I have been thinking about you and your business all week.",
    "We are the leading provider and our award-winning team is the best in the industry.",
    "Act now: this offer expires tonight and will never be repeated.",
    "Hi [First Name], I noticed [Company] is growing fast.",
    "Since we last spoke, our company has grown and our platform has won three awards.",
    "Our revenue doubled, our team tripled, and we are proud of what we have built.",
    "I know exactly what keeps you up at night.",
    "Insert company name here is exactly the kind of partner we love.",
    "Only XX% of teams qualify for this price.",
]
GREETINGS = ["Hi {{ first_name }},", "Hello *|FNAME|*,", "Hi {{ first_name | default: 'there' }},",
             "Dear valued customer,", "Hi Sam,", "Hello,", "Hi %%FirstName%%,", "Good morning,"]
SUBJECTS = ["A faster way to close the month", "RE: our conversation", "Fwd: the numbers you asked for",
            "New: offline receipts in the mobile app", "Your trial ends in 3 days", "Quick question",
            "What changed in {product} this month", "Invitation: forecasting webinar on Thursday"]
SIGNOFFS = ["Best,\nDana from {product}", "Thanks,\nThe {product} team", "Cheers,\nLee\nAccount manager, {product}"]


def make_draft(rng: random.Random, words: int = 260) -> str:
    product, aud = rng.choice(PRODUCTS), rng.choice(AUDIENCES)
    fill = lambda s: s.replace("{product}", product).replace("{aud}", aud)  # noqa: E731
    problems = rng.random() < 0.5
    head = ""
    kind = rng.random()
    subject = fill(rng.choice(SUBJECTS))
    if kind < 0.25:
        head = (f"---\nsubject: \"{subject}\"\nfirst_contact: {str(rng.random() < 0.5).lower()}\n"
                f"bulk: {str(rng.random() < 0.7).lower()}\n---\n")
    elif kind < 0.8:
        head = f"Subject: {subject}\nPreheader: {fill(rng.choice(HONEST))[:80]}\n\n"
    body = [rng.choice(GREETINGS), ""]
    count = 0
    while count < words:
        para = []
        for _ in range(rng.randint(2, 4)):
            pool = PROBLEMS if problems and rng.random() < 0.2 else HONEST
            sentence = fill(rng.choice(pool))
            para.append(sentence)
            count += len(sentence.split())
        body.append(" ".join(para))
        body.append("")
    body.append(fill(rng.choice(SIGNOFFS)))
    return head + "\n".join(body) + "\n"


def make_corpus(directory: Path, n: int, seed: int = 7) -> tuple[list[Path], int]:
    """Write n drafts into `directory`; return their paths and the total word count."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths, total = [], 0
    for i in range(n):
        text = make_draft(rng)
        p = directory / f"draft_{i:05d}.md"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
        total += len(text.split())
    return paths, total
