"""The walker: the one place that decides which paths are drafts, and says why it skips any.

`walk(paths)` yields `(path, problem)` for every input: `problem` is None for a draft to lint,
or a one-line reason when a path named on the command line (or a folder under it) cannot be
used; those become per-file errors. Everything the walker leaves out on purpose is passed to
`on_skip(path, reason)`, one call each, for a one-line notice:

- folders and files whose name starts with "." below a given folder (never reported: `.git/`);
- symbolic links whose target is outside the given roots, dangling links and link loops. A
  link inside the tree to a file or folder inside it is followed (each folder once), and a
  link is judged by where it resolves, so a hidden folder stays skipped however it is reached;
- FIFOs, sockets and devices with a draft suffix (reading them could block or never end).

Roots are the folders given, and for a file given by name its own folder. Nothing here reads
a file's contents; `trustlint.safeio.read_bounded` does that, with the same refusals.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Callable, Iterator

STDIN = "<stdin>"
OnSkip = Callable[[str, str], None]


def describe_mode(mode: int) -> str | None:
    """Why a file of this mode is not read as a draft, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a character device" if stat.S_ISCHR(mode) else "a block device" if stat.S_ISBLK(mode)
            else "not a regular file")
    return f"{kind}, not a regular file" if kind != "not a regular file" else "not a regular file"


def os_reason(exc: OSError) -> str:
    """A one-line reason for an OSError, without repeating the path."""
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is not a directory"
    return exc.strerror or type(exc).__name__


def _inside(path: str, roots: list[str]) -> str | None:
    """The root that `path` (resolved) lies in, or None."""
    for root in roots:
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            return root
    return None


def _hidden_below(path: str, root: str) -> bool:
    rel = os.path.relpath(path, root)
    return rel != "." and any(part.startswith(".") for part in Path(rel).parts)


def _resolve(path: str) -> tuple[str | None, str | None]:
    """(real path, None) or (None, reason) for a symbolic link."""
    try:
        return os.path.realpath(path, strict=True), None
    except FileNotFoundError:
        return None, "dangling symbolic link (its target does not exist)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "symbolic link loop"
        return None, f"cannot follow symbolic link: {os_reason(exc)}"
    except RuntimeError:  # older Pythons signal loops this way
        return None, "symbolic link loop"


def walk(paths: list[str], suffixes: dict[str, str], on_skip: OnSkip | None = None,
         exclude: Callable[[str], bool] | None = None) -> Iterator[tuple[str, str | None]]:
    """Expand command-line paths into drafts (sorted, recursive), and errors for unusable ones."""
    skip = on_skip or (lambda path, reason: None)
    exclude = exclude or (lambda name: False)
    roots: list[str] = []
    for raw in paths:
        if raw in ("-", STDIN):
            continue
        try:
            is_dir = stat.S_ISDIR(os.stat(raw).st_mode)
            roots.append(os.path.realpath(raw if is_dir else os.path.dirname(os.path.abspath(raw))))
        except (OSError, ValueError, RuntimeError):
            continue
    for raw in paths:
        if raw in ("-", STDIN):
            yield STDIN, None
            continue
        try:
            lst = os.lstat(raw)
        except OSError as exc:
            yield raw, os_reason(exc)
            continue
        except ValueError:  # embedded NUL
            yield raw, "invalid file name"
            continue
        if stat.S_ISLNK(lst.st_mode):
            real, why = _resolve(raw)
            if real is None:
                yield raw, (why or "cannot follow symbolic link").replace("", "")
                continue
            if _inside(real, roots) is None:
                yield raw, "symbolic link to outside the given paths"
                continue
            try:
                st = os.stat(raw)
            except OSError as exc:
                yield raw, os_reason(exc)
                continue
        else:
            st = lst
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(raw, os.path.realpath(raw), roots, suffixes, skip, exclude, set())
        elif stat.S_ISREG(st.st_mode):
            yield raw, None
        else:
            yield raw, (describe_mode(st.st_mode) or "not a regular file").replace("", "")


def _walk_dir(shown: str, real: str, roots: list[str], suffixes: dict[str, str], skip: OnSkip,
              exclude: Callable[[str], bool], seen: set[str]) -> Iterator[tuple[str, str | None]]:
    """Drafts below the folder `shown` (whose resolved path is `real`), in sorted order."""
    if real in seen:
        skip(shown, "symbolic link loop (folder already walked)")
        return
    seen.add(real)
    try:
        with os.scandir(shown) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield shown, f"cannot read folder: {os_reason(exc)}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(shown, entry.name)
        try:
            is_link = entry.is_symlink()
            st = entry.stat(follow_symlinks=False)
        except OSError as exc:
            skip(path, f"cannot stat: {os_reason(exc)}")
            continue
        target = os.path.join(real, entry.name)
        if is_link:
            resolved, why = _resolve(path)
            if resolved is None:
                skip(path, why or "cannot follow symbolic link")
                continue
            root = _inside(resolved, roots)
            if root is None:
                skip(path, "symbolic link to outside the given paths")
                continue
            if _hidden_below(resolved, root):
                skip(path, "symbolic link into a hidden folder")
                continue
            try:
                st = os.stat(path)
            except OSError as exc:
                skip(path, f"cannot follow symbolic link: {os_reason(exc)}")
                continue
            target = resolved
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(path, target, roots, suffixes, skip, exclude, seen)
            continue
        suffix = os.path.splitext(entry.name)[1].lower()
        if suffix not in suffixes or exclude(entry.name):
            continue
        if stat.S_ISREG(st.st_mode):
            yield path, None
        else:
            skip(path, describe_mode(st.st_mode) or "not a regular file")
