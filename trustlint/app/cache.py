"""The per-file result cache, like ruff's: one entry per linted file, keyed by a SHA-256 of the
file's bytes (and of its sidecar context file, if any), its path, the effective config for it,
whether readability figures were asked for, the trustlint version and code fingerprint, and
the lexicon fingerprint. A run where every file hits never imports spaCy. Entries are stored
by trustlint.cachestore.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..cachestore import RESULTS, cache_dir, code_fingerprint, read_entry, write_entry
from ..nlp.lexicon import builtin_dir
from ..report import FileReport


@lru_cache(maxsize=8)
def lexicon_fingerprint(extra_dirs: tuple[str, ...] = ()) -> str:
    """SHA-256 over the name and bytes of every built-in and configured lexicon file."""
    h = hashlib.sha256()
    files = sorted((f.name, f) for f in builtin_dir().iterdir() if f.name.endswith((".yml", ".yaml")))
    for name, f in files:
        h.update(f"builtin/{name}\n".encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    for d in extra_dirs:
        for f in sorted([*Path(d).glob("*.yml"), *Path(d).glob("*.yaml")]):
            h.update(f"{d}/{f.name}\n".encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


class ResultCache:
    """Per-file FileReports; see the module docstring."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.hits = self.misses = 0

    def _dir(self, config: Any) -> Path:
        return (self.root or cache_dir(config)) / RESULTS

    def key(self, path: str, config: Any, readability: bool) -> tuple[str, tuple[int, int]] | None:
        """(key, (size, mtime_ns)) for a file, or None when it cannot be read (not cached)."""
        p = Path(path)
        try:
            st = p.stat()
            data = p.read_bytes()
        except OSError:
            return None
        h = hashlib.sha256()
        h.update(hashlib.sha256(data).digest())
        for side in (p.with_name(p.stem + ".context.yml"), p.with_name(p.name + ".context.yml")):
            try:
                h.update(b"sidecar:" + side.name.encode() + hashlib.sha256(side.read_bytes()).digest())
            except OSError:
                h.update(b"no-sidecar:" + side.name.encode())
        h.update(f"\npath:{path}\nreadability:{readability}\nconfig:{config!r}\n".encode())
        h.update(f"code:{code_fingerprint()}\nlexicons:{lexicon_fingerprint(tuple(config.lexicons))}\n".encode())
        return h.hexdigest(), (st.st_size, st.st_mtime_ns)

    def _entry(self, config: Any, key: str) -> Path:
        return self._dir(config) / key[:2] / f"{key}.pkl"

    def has(self, config: Any, key: str) -> bool:
        """An entry exists (it may still turn out corrupt: get() checks)."""
        return self._entry(config, key).is_file()

    def get(self, config: Any, key: str) -> Any | None:
        value = read_entry(self._entry(config, key), key)
        if isinstance(value, FileReport):
            self.hits += 1
            return value
        self.misses += 1
        return None

    def put(self, config: Any, key: str, path: str, stamp: tuple[int, int], value: Any) -> None:
        try:
            st = Path(path).stat()
        except OSError:
            return
        if (st.st_size, st.st_mtime_ns) != stamp:
            return  # the file changed while it was linted: its result may not match the key
        write_entry(self._entry(config, key), key, value)
