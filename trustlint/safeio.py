"""Bounded reads and atomic writes: the only way trustlint reads a draft or writes a file.

`read_bounded` refuses FIFOs, sockets and devices before opening them (stat first, then open
with O_NONBLOCK so a file swapped for a FIFO in between cannot block, then fstat the open file
again) and streams at most `max_bytes` + 1 bytes, so `/dev/zero`, `yes | trustlint check -` or
a huge file cost at most the limit. `atomic_write` writes a temporary file beside the target
and renames it over the target, so a failed write (full disk, quota) leaves the old file whole.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from contextlib import contextmanager
from typing import Any, BinaryIO, Callable, Iterator

from .source.walk import describe_mode, os_reason

CHUNK = 1 << 16


class ReadError(Exception):
    """A file that cannot be read; the message is one line and does not repeat the path."""


def _limit(max_bytes: int, size: int | None = None) -> str:
    limit = f"the {max_bytes / 1048576:.1f} MB limit (raise max-file-size in config)"
    return f"file is {size / 1048576:.1f} MB, over {limit}" if size is not None else f"input is over {limit}"


def read_stream(fh: BinaryIO, max_bytes: int) -> bytes:
    """Up to `max_bytes` from a stream; ReadError as soon as it holds more."""
    chunks, total = [], 0
    while True:
        chunk = fh.read(min(CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise ReadError(_limit(max_bytes))


def read_bounded(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; ReadError with a reason otherwise."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ReadError(os_reason(exc)) from None
    except ValueError:
        raise ReadError("invalid file name") from None
    why = describe_mode(st.st_mode)
    if why is not None:
        raise ReadError(why.replace("", ""))
    if st.st_size > max_bytes:
        raise ReadError(_limit(max_bytes, st.st_size))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadError(f"cannot read: {os_reason(exc)}") from None
    try:
        st = os.fstat(fd)
        why = describe_mode(st.st_mode)
        if why is not None:  # swapped for a FIFO or device since the stat above
            raise ReadError(why.replace("", "") + " (it changed while trustlint ran)")
        if st.st_size > max_bytes:
            raise ReadError(_limit(max_bytes, st.st_size))
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            try:
                return read_stream(fh, max_bytes)
            except BlockingIOError:
                raise ReadError("cannot read: the file would block") from None
            except OSError as exc:
                raise ReadError(f"cannot read: {os_reason(exc)}") from None
    finally:
        if fd >= 0:
            os.close(fd)


@contextmanager
def atomic_writer(path: str | os.PathLike[str], encoding: str = "utf-8", binary: bool = False,
                  durable: bool = True) -> Iterator[Callable[[Any], Any]]:
    """A `write(text)` function whose output lands in `path` only if the block completes:
    written to a temporary file in the same folder, fsynced, then os.replace'd.

    On any failure the temporary file is removed and `path` is untouched (the error
    propagates). A new file gets the usual permissions (0666 less the umask); an existing one
    keeps its mode. Streaming reporters write through it file by file (trustlint.app.stream).
    `binary` takes bytes; `durable=False` skips the fsync (cache entries, which may be lost).
    """
    target = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline="")) as fh:
            yield fh.write
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write(path: str | os.PathLike[str], data: str, encoding: str = "utf-8") -> None:
    """Write `data` to `path` atomically (see atomic_writer)."""
    with atomic_writer(path, encoding) as write:
        write(data)
