"""The per-file result cache, like ruff's: one entry per linted file, keyed by a SHA-256 of the
file's bytes (and of its sidecar context file, if any), its path, the effective config for it,
whether readability figures were asked for, the trustlint version and code fingerprint, and
the lexicon fingerprint. A run where every file hits never imports spaCy. Entries are stored
by trustlint.cachestore.
"""
from __future__ import annotations

import hashlib
import os
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
        self._dirs: dict[str | None, str] = {}  # config.cache_dir -> results folder
        self._configs: dict[int, tuple[Any, bytes]] = {}  # id(config) -> (config, its key part)

    def _dir(self, config: Any) -> str:
        where = getattr(config, "cache_dir", None)
        found = self._dirs.get(where)
        if found is None:
            found = self._dirs[where] = os.path.join(self.root or cache_dir(config), RESULTS)
        return found

    def _config_part(self, config: Any, readability: bool) -> bytes:
        """The key's config, version and lexicon part, computed once per config object (a run
        has one or a few; repr() of a Config is most of a key's cost)."""
        got = self._configs.get(id(config))
        if got is None or got[0] is not config:
            if len(self._configs) >= 64:  # per-file-ignores make a config per file: stay small
                self._configs.clear()
            part = (f"\nconfig:{config!r}\ncode:{code_fingerprint()}\n"
                    f"lexicons:{lexicon_fingerprint(tuple(config.lexicons))}\n").encode()
            got = self._configs[id(config)] = (config, part)
        return f"readability:{readability}".encode() + got[1]

    def key(self, path: str, config: Any, readability: bool) -> tuple[str, tuple[int, int]] | None:
        """(key, (size, mtime_ns)) for a file, or None when it cannot be read (not cached).
        The key hashes the file's bytes: the stamp only guards put() against a file that
        changed while it was linted."""
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                data = fh.read()
        except (OSError, ValueError):
            return None
        h = hashlib.sha256()
        h.update(hashlib.sha256(data).digest())
        folder, name = os.path.split(path)
        dot = name.rfind(".")
        stem = name[:dot] if 0 < dot < len(name) - 1 else name  # Path(path).stem
        for side in (stem + ".context.yml", name + ".context.yml"):
            try:
                with open(os.path.join(folder, side), "rb") as fh:
                    h.update(b"sidecar:" + side.encode() + hashlib.sha256(fh.read()).digest())
            except (OSError, ValueError):
                h.update(b"no-sidecar:" + side.encode())
        h.update(f"\npath:{path}\n".encode() + self._config_part(config, readability))
        return h.hexdigest(), (st.st_size, st.st_mtime_ns)

    def _entry(self, config: Any, key: str) -> str:
        return os.path.join(self._dir(config), key[:2], key + ".pkl")

    def has(self, config: Any, key: str) -> bool:
        """An entry exists (it may still turn out corrupt: get() checks)."""
        return os.path.isfile(self._entry(config, key))

    def get(self, config: Any, key: str) -> Any | None:
        value = read_entry(self._entry(config, key), key)
        if isinstance(value, FileReport):
            self.hits += 1
            return value
        self.misses += 1
        return None

    def put(self, config: Any, key: str, path: str, stamp: tuple[int, int], value: Any) -> None:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return
        if (st.st_size, st.st_mtime_ns) != stamp:
            return  # the file changed while it was linted: its result may not match the key
        write_entry(Path(self._entry(config, key)), key, value)
