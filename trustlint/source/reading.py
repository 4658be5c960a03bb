"""Reads drafts: bytes (a file or stdin, and its sidecar context) -> text -> a Draft, parsed by
its format (trustlint.source.formats). Files are only ever read, never written.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

from .. import yamlsafe as yaml
from ..safeio import ReadError, read_bounded, read_stream
from .draft import Draft, SourceError, _check_context, _one_line
from .formats import parse_draft
from .walk import walk

STDIN = "<stdin>"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SIDECAR_MAX_BYTES = 1024 * 1024  # a campaign context is a few lines
DRAFT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                  ".html": "html", ".htm": "html", ".eml": "eml", ".mjml": "mjml",
                  ".j2": "template", ".jinja": "template", ".jinja2": "template",
                  ".liquid": "template", ".hbs": "template", ".handlebars": "template"}
# (trustlint.source.formats turns each format into fields; see formats/__init__.py)

_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decode bytes as UTF-8 (BOM allowed), else detect the encoding and warn."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), (f"not UTF-8: decoded as {encoding} (byte-order mark)",)
            except UnicodeDecodeError:
                raise SourceError(f"starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:  # anywhere, not only in the first 8 KB (the read is bounded: a fast scan)
        raise SourceError("binary file skipped (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SourceError("cannot detect the text encoding (not UTF-8); re-save the file as UTF-8")
    return str(best), (f"not UTF-8: decoded as {best.encoding}",)


_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _utf16_without_bom(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """UTF-16 text saved without a byte-order mark: mostly-ASCII text has a NUL in every other
    byte (odd positions for little-endian, even for big-endian). Decoded when it is valid and
    has no NUL characters; otherwise None (binary, or some other encoding)."""
    sample = data[:8192]
    if len(data) < 4 or len(data) % 2 or b"\x00" not in sample:
        return None
    half = len(sample) // 2
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    for encoding, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= 0.3 * half and other <= 0.02 * half:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if _CONTROL_CHARS.search(text):  # NULs or other control codes: binary after all
                return None
            return text, (f"not UTF-8: decoded as {encoding} (no byte-order mark)",)
    return None


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Draft:
    """Read one draft file (or '-' for stdin). Raises SourceError with a one-line reason."""
    try:
        if str(path) in ("-", STDIN):
            data = read_stream(sys.stdin.buffer, max_bytes)
            name, p = STDIN, None
        else:
            p, name = Path(path), str(path)
            data = read_bounded(p, max_bytes)
    except ReadError as exc:
        raise SourceError(str(exc)) from None
    text, warnings = decode(data, name)
    sidecar = _read_sidecar(p) if p is not None else {}
    fmt = DRAFT_SUFFIXES.get(p.suffix.lower(), "text") if p is not None else "text"
    return parse_draft(text, name, fmt=fmt, context=sidecar, warnings=warnings)


def _read_sidecar(path: Path) -> dict[str, Any]:
    for candidate in (path.with_name(path.stem + ".context.yml"), path.with_name(path.name + ".context.yml")):
        try:
            if not os.path.lexists(candidate):
                continue
            if os.path.islink(candidate):
                home = os.path.realpath(candidate.parent)
                if not os.path.realpath(candidate).startswith(home.rstrip(os.sep) + os.sep):
                    raise SourceError(f"sidecar {candidate.name} is a symbolic link to outside the draft's folder")
        except (OSError, ValueError):
            continue
        try:
            data = yaml.load_untrusted(read_bounded(candidate, SIDECAR_MAX_BYTES).decode("utf-8"))
        except ReadError as exc:
            raise SourceError(f"cannot read sidecar {candidate.name}: {exc}") from None
        except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
            raise SourceError(f"invalid sidecar {candidate.name}: {_one_line(exc)}") from None
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise SourceError(f"sidecar {candidate.name} must be a YAML mapping")
        _check_context(data, f"sidecar {candidate}")
        return data
    return {}


def iter_paths(paths: list[str], suffixes: dict[str, str] | None = None,
               on_skip: Callable[[str, str], None] | None = None) -> Iterator[tuple[str, str | None]]:
    """Expand paths: files as given, directories recursively (sorted, hidden dirs skipped).

    Yields (path, error); error is a one-line reason when the path itself is unusable. What is
    left out on purpose (links out of the tree, FIFOs, ...) goes to `on_skip`: see trustlint.source.walk.
    """
    yield from walk(list(paths), suffixes or DRAFT_SUFFIXES, on_skip,
                    exclude=lambda name: name.endswith(".context.yml"))
