"""Shared evidence about the relationship: does the body quote an earlier message?"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..nlp.document import Document

_QUOTED = re.compile(
    r"(?im)^[ \t]*On\b[^\n]{3,200}\bwrote:[ \t]*$"
    r"|^[ \t]*>[ \t]*\S"
    r"|^-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}"
    r"|^From:[^\n]*\n(?:Sent|Date):"
)


def has_quoted_thread(doc: Document) -> bool:
    """True when the body quotes an earlier message ("On ... wrote:", '>' lines, a forward)."""
    return bool(_QUOTED.search(doc.body.text))
