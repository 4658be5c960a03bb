"""Stage 4, scoring: the Trust Equation score of a draft and the levers that would raise it
(weights in scoring.yml)."""
