"""The exit policy of `trustlint check` (and of usage errors in every command).

0 nothing at or above fail-on; 1 findings at or above it, or a trust score below fail-under;
2 a usage error, or an input that could not be read (reported, while the other files are
still linted). --exit-zero turns 1 into 0, never 2.
"""
from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def exit_code(errors: bool, failed: bool, exit_zero: bool) -> int:
    """Read errors first, then failing drafts (unless --exit-zero)."""
    if errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if failed and not exit_zero else EXIT_OK
