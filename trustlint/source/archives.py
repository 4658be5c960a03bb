"""Mail archives as input: an mbox file or a Maildir folder is one draft per message.

Each message is read through the `.eml` format reader and named by a location of the form
`ARCHIVE:#N`: for an mbox, N is the message's 1-based position in the file (`sent.mbox:#17`);
for a Maildir, N is the message's Maildir key (its file name without the `:2,` flags), the
messages in key order. Findings then read `sent.mbox:#17:4:12`. Archives are expanded when
named on the command line (`trustlint check sent.mbox ~/Maildir/Sent`); a folder walk does
not open them. Standard library only (`mailbox`).
"""
from __future__ import annotations

import mailbox
import os
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .draft import Draft, SourceError
from .formats import parse_draft
from .reading import decode, iter_paths

SEP = ":#"
MBOX_SUFFIXES = (".mbox", ".mbx")


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def is_archive(path: str | Path) -> bool:
    """Whether `path` names an mbox or a Maildir; a path the OS refuses (too long, no
    permission) is not one, and the walker reports it (trustlint.source.walk)."""
    p = Path(path)
    try:
        return (p.suffix.lower() in MBOX_SUFFIXES and p.is_file()) or is_maildir(p)
    except OSError:
        return False


@lru_cache(maxsize=4)
def _open(path: str, stamp: tuple[int, int], pid: int = 0) -> tuple[mailbox.Mailbox, tuple[str, ...]]:
    """The archive and its message keys in order (cached per process while unchanged; `pid`
    keeps forked workers from sharing the parent's open file and its offset)."""
    p = Path(path)
    if is_maildir(p):
        box: mailbox.Mailbox = mailbox.Maildir(path, factory=None, create=False)
        return box, tuple(sorted(box.keys()))
    box = mailbox.mbox(path, factory=None, create=False)
    return box, tuple(box.keys())


def _stamp(path: str) -> tuple[int, int]:
    p = Path(path)
    st = p.stat()
    if p.is_dir():  # a Maildir changes in cur/ and new/
        return (st.st_mtime_ns, max((p / d).stat().st_mtime_ns for d in ("cur", "new")))
    return (st.st_size, st.st_mtime_ns)


def members(path: str) -> list[str]:
    box, keys = _open(path, _stamp(path), os.getpid())
    if isinstance(box, mailbox.Maildir):
        return [f"{path}{SEP}{k}" for k in keys]
    return [f"{path}{SEP}{i}" for i in range(1, len(keys) + 1)]


def split(location: str) -> tuple[str, str] | None:
    """(archive, message) of an archive location, or None for an ordinary path."""
    archive, sep, key = location.rpartition(SEP)
    if not sep or not key or not is_archive(archive):
        return None
    return archive, key


def is_member(location: str) -> bool:
    return SEP in location and split(location) is not None


def read(location: str, max_bytes: int) -> Draft:
    """One message of an archive as a Draft (eml reader). Raises SourceError."""
    parts = split(location)
    if parts is None:
        raise SourceError("no such archive")
    archive, key = parts
    try:
        box, keys = _open(archive, _stamp(archive), os.getpid())
        if isinstance(box, mailbox.Maildir):
            if key not in keys:
                raise SourceError(f"no message {key} in this Maildir")
            data = box.get_bytes(key)
        else:
            if not key.isdigit() or not 1 <= int(key) <= len(keys):
                raise SourceError(f"no message #{key} in this mbox ({len(keys)} messages)")
            data = box.get_bytes(keys[int(key) - 1])
    except (OSError, mailbox.Error, KeyError) as exc:
        raise SourceError(f"cannot read message: {exc}") from None
    if len(data) > max_bytes:
        raise SourceError(f"message is over the {max_bytes / 1048576:.1f} MB limit")
    text, warnings = decode(data, location)
    return parse_draft(text, location, fmt="eml", warnings=warnings)


def expand(paths: Iterable[str],
           on_skip: Callable[[str, str], None] | None = None) -> Iterator[tuple[str, str | None]]:
    """iter_paths, with each mbox or Maildir named in `paths` replaced by its messages."""
    for raw in paths:
        if SEP in raw and is_member(raw):  # one message, named as in a report
            yield raw, None
        elif raw != "-" and is_archive(raw):
            try:
                found = members(raw)
            except (OSError, mailbox.Error) as exc:
                yield raw, f"cannot read mail archive: {exc}"
                continue
            yield from ((m, None) for m in found)
        else:
            yield from iter_paths([raw], on_skip=on_skip)
