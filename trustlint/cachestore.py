"""Cache entries on disk, shared by the stages: the lexicon caches of nlp/ (validated lexicon
files, regex analysis, syllable counts) and the per-file results of trustlint.app.cache.

An entry is `MAGIC`, its key, a SHA-256 of the payload, then the payload (a pickle). An entry
whose header, key or digest does not match (corrupt, truncated, written by another version
or another program) is ignored and rewritten, never trusted. Writes go to a temporary file
in the same folder, then `os.replace`: readers see a whole old entry or a whole new one, and
concurrent runs writing the same entry are safe.

Where: the `cache-dir` config key (relative to the config file), else the user cache folder
(platformdirs), e.g. ~/.cache/trustlint. `trustlint clean` removes it; `--no-cache` skips it.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import trustlint

from . import yamlsafe as yaml
from .safeio import atomic_writer

MAGIC = b"trustlint-cache-1\n"
RESULTS = "results"
LEXICONS = "lexicons"


def default_dir() -> Path:
    env = os.environ.get("TRUSTLINT_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("trustlint", appauthor=False))


def cache_dir(config: Any = None) -> Path:
    configured = getattr(config, "cache_dir", None)
    return Path(configured) if configured else default_dir()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The version plus the size and mtime of every source and data file of the package, so
    an edited checkout (same version) never reuses results of the old code."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(trustlint.__version__.encode())  # read at call time (tests change it)
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".yml", ".yaml", ".j2", ".html", ".css", ".js", ".npz") and "__pycache__" not in p.parts:
            st = p.stat()
            h.update(f"{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    """A whole entry or none (safeio.atomic_writer); no fsync: a lost entry is only a miss."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path, binary=True, durable=False) as write:
        write(data)


def write_entry(path: Path, key: str, value: Any) -> bool:
    """Store `value` under `key` at `path`; False (and nothing written) when that fails."""
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        header = MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n"
        _atomic_write(path, header + payload)
        return True
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return False


def read_entry(path: str | Path, key: str) -> Any | None:
    """The value stored under `key`, or None when absent, corrupt or not ours."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    if not data.startswith(MAGIC):
        return None
    rest = data[len(MAGIC):]
    line_key, _, rest = rest.partition(b"\n")
    digest, _, payload = rest.partition(b"\n")
    if line_key != key.encode() or digest != hashlib.sha256(payload).hexdigest().encode():
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a digest-valid payload that does not load (e.g. classes renamed)
        return None


class _Persisted:
    """A small set or mapping kept in one cache entry, keyed by the code fingerprint and the
    Python version (the regex parser's output may change between Pythons)."""

    def __init__(self, name: str, factory: Any) -> None:
        self.name, self.factory = name, factory
        self.value: Any = None
        self.loaded_len = -1

    def _where(self) -> tuple[Path, str]:
        key = hashlib.sha256(f"{self.name}:{code_fingerprint()}:{sys.version}".encode()).hexdigest()
        return default_dir() / LEXICONS / f"{self.name}.pkl", key

    def __call__(self) -> Any:
        if self.value is None:
            path, key = self._where()
            got = read_entry(path, key) if os.environ.get("TRUSTLINT_NO_LEXICON_CACHE") is None else None
            self.value = got if isinstance(got, type(self.factory())) else self.factory()
            self.loaded_len = len(self.value)
        return self.value

    def save(self) -> None:
        """Write back when something was added (best effort: a read-only cache is fine)."""
        if self.value is not None and len(self.value) != self.loaded_len:
            path, key = self._where()
            if os.environ.get("TRUSTLINT_NO_LEXICON_CACHE") is None:
                write_entry(path, key, self.value)
            self.loaded_len = len(self.value)


#: digests of lexicon files that passed validation (their regexes compiled): not recompiled at start
validated_lexicons = _Persisted("validated", set)
#: (pattern, flags) -> (required literals, prefixes, whether a \d gave prefixes), as trustlint.nlp.scan reads them from a pattern
regex_analysis = _Persisted("regex-analysis", dict)
#: "b:" or "u:" (built-in or untrusted loader) + digest of a lexicon file -> pickle of its
#: parsed YAML: a start with unchanged lexicons neither imports PyYAML nor parses 55 files
lexicon_data = _Persisted("lexicon-data", dict)


def clean(root: Path) -> bool:
    """Remove a cache folder (results and compiled lexicons); True when there was one."""
    if not root.exists():
        return False
    shutil.rmtree(root, ignore_errors=True)
    return True


def load_shipped_yaml(raw: bytes) -> Any:
    """yaml.load of a data file shipped with trustlint, through the parsed-YAML cache
    (lexicon_data, above): unchanged bytes are unpickled, not parsed again."""
    parsed = lexicon_data()
    slot = "b:" + hashlib.sha256(raw).hexdigest()
    if slot in parsed:
        return pickle.loads(parsed[slot])
    data = yaml.load(raw.decode("utf-8"))
    parsed[slot] = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    lexicon_data.save()
    return data
