"""Campaign context: what the sender knows about the relationship with the reader.

Set by config defaults, a sidecar `<draft>.context.yml`, or YAML front matter (in that order
of precedence, last wins). Rules read it; they never read files or config themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

BOOL_KEYS = ("first_contact", "bulk", "relationship_verified")
LIST_KEYS = ("consented_topics", "owned_products", "audience")
#: names kept as written (a string or a list of strings): `sender` is the organisation's real
#: name(s), which a From name should show (TL611)
NAME_KEYS = ("sender",)
KEYS = BOOL_KEYS + LIST_KEYS + NAME_KEYS


class ContextError(ValueError):
    """A campaign-context value that is not valid; the message names the key."""


@dataclass(frozen=True)
class CampaignContext:
    first_contact: bool = True
    bulk: bool = True
    relationship_verified: bool = False
    consented_topics: tuple[str, ...] = ()
    owned_products: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    sender: tuple[str, ...] = ()

    def merged(self, overrides: dict[str, Any], where: str) -> CampaignContext:
        """Return a copy with `overrides` applied; unknown keys and bad values raise ContextError."""
        return replace(self, **validate(overrides, where))

    def as_dict(self) -> dict[str, Any]:
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v)
                for f in fields(self)}


def validate(values: dict[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in BOOL_KEYS:
            if not isinstance(value, bool):
                raise ContextError(f"{where}: '{key}' must be true or false, not {value!r}")
            out[key] = value
        elif key in LIST_KEYS or key in NAME_KEYS:
            if value is None:
                value = []
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ContextError(f"{where}: '{key}' must be a list of strings"
                                   + (" (or one string)" if key in NAME_KEYS else ""))
            if key in NAME_KEYS:
                out[key] = tuple(" ".join(v.split()) for v in value if v.strip())
            else:
                out[key] = tuple(v.strip().lower() for v in value if v.strip())
        else:
            raise ContextError(f"{where}: unknown context key '{key}' (known: {', '.join(KEYS)})")
    return out
