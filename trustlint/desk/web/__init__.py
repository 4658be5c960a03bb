"""The copywriter's desk page served by `trustlint serve` (package data only)."""
