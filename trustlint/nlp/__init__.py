"""Stage 2, nlp: parse a Draft into a Document (spaCy blank("en"), lexicon matches, folding,
dates); document.py holds the lazily imported spaCy path."""
