"""How reporters name files for CI tools: relative POSIX paths from the working directory."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def rel_posix(path: str) -> str:
    """`path` relative to the working directory when below it, with forward slashes."""
    if path.startswith("<"):
        return path
    p = Path(path)
    if p.is_absolute():
        try:
            return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return p.as_posix()
    return Path(os.path.normpath(path)).as_posix()


def uri(path: str) -> str:
    """A SARIF artifact URI: relative reference when possible, else a file:// URI."""
    rel = rel_posix(path)
    if Path(rel).is_absolute():
        return Path(rel).as_uri()
    return quote(rel, safe="/")
