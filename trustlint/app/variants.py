"""The variant cache of a recipients run: rows whose rendering (and campaign context) is the
same share one lint. A bounded LRU keyed by a digest of the rendered fields and the context;
a value is the variant's findings in compact form."""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any, Iterable

from ..findings import Finding

CACHE_SIZE = 4096

# code, name, severity, line, col, message, field, source offset
Compact = tuple[tuple[str, str, int, int, int, str, str, int], ...]


def variant_key(rendered: dict[str, list[Any]], context: dict[str, Any]) -> bytes:
    """A digest of what a variant lints: each field's rendered text, and its context."""
    digest = hashlib.blake2b(digest_size=16)
    for name in rendered:
        digest.update(name.encode() + b"\0" + "".join(p[1] for p in rendered[name]).encode() + b"\0")
    digest.update(repr(sorted(context.items())).encode())
    return digest.digest()


def compact(findings: Iterable[Finding], skip: frozenset[str] = frozenset()) -> Compact:
    """What a row's aggregation needs of each finding (codes in `skip` left out)."""
    return tuple((f.code, f.name, int(f.severity), f.location.line, f.location.column,
                  f.message, f.field, f.start) for f in findings if f.code not in skip)


class VariantCache:
    """key -> Compact, the least recently used dropped beyond `size` entries."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[bytes, Compact] = OrderedDict()

    def get(self, key: bytes) -> Compact | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: bytes, value: Compact) -> None:
        self._entries[key] = value
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
