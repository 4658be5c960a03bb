"""Configuration: defaults <- [tool.trustlint] in pyproject.toml or .trustlint.toml <- CLI flags.

Validated once; unknown keys and bad values raise ConfigError naming the file and the key.
Imports no spaCy, so config errors are reported instantly.
"""
from __future__ import annotations

import difflib
import fnmatch
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable

from ..context import CampaignContext, ContextError
from ..findings import Severity

CONFIG_FILES = (".trustlint.toml", "pyproject.toml")
KEYS = {"select", "ignore", "per_file_ignores", "fail_on", "fail_under", "severity", "context", "rules",
        "max_file_size", "model", "lexicons", "cache_dir", "learned"}
ALL = "ALL"  # select/ignore prefix that matches every code (like ruff)
LEARNED_PREFIX = "TL7"  # the learned layer's codes (trustlint/learned)


class ConfigError(ValueError):
    """An invalid configuration; the message names the file and key."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = (ALL,)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes), globs relative to `base`
    fail_on: Severity = Severity.WARNING
    fail_under: float | None = None  # fail when a draft's trust score T is below this
    severity: dict[str, Severity] = field(default_factory=dict)
    context: CampaignContext = field(default_factory=CampaignContext)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    max_file_size: int = 5 * 1024 * 1024
    model: str | None = None
    lexicons: tuple[str, ...] = ()
    cache_dir: str | None = None  # result and lexicon caches (trustlint.app.cache); None: the user cache folder
    # true: run the shipped statistical model (TL7xx findings); off by default because its
    # precision on this project's own corpus (0.50 for TL705) is below the rules' (docs/learned.md).
    learned: bool = False
    origin: str | None = None  # the file it was read from, if any
    base: str | None = None  # the directory relative paths and per-file-ignores globs start from

    def enabled(self, code: str, name: str = "") -> bool:
        """Select and ignore by code prefix (or rule name); the longer match wins, like ruff.
        TL7xx codes run only with `learned = true`, whatever select says."""
        if not self.learned and code.upper().startswith(LEARNED_PREFIX):
            return False
        def best(prefixes: tuple[str, ...]) -> int:
            hits = [0 if p.upper() == ALL else len(p) for p in prefixes
                    if p.upper() == ALL or code.upper().startswith(p.upper()) or p.lower() == name]
            return max(hits, default=-1)

        sel, ign = best(self.select), best(self.ignore)
        return sel >= 0 and sel > ign

    def for_path(self, path: str) -> Config:
        """This config with the per-file-ignores that match `path` added to `ignore`."""
        if not self.per_file_ignores:
            return self
        extra = tuple(c for glob, codes in self.per_file_ignores if _glob_match(path, glob, self.base) for c in codes)
        return replace(self, ignore=self.ignore + extra) if extra else self

    def severity_for(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)

    def options_for(self, code: str) -> dict[str, Any]:
        return self.rules.get(code, {})

    def as_dict(self) -> dict[str, Any]:
        return {
            "select": list(self.select), "ignore": list(self.ignore),
            "per-file-ignores": {glob: list(codes) for glob, codes in self.per_file_ignores},
            "fail-on": self.fail_on.label, "fail-under": self.fail_under,
            "severity": {k: v.label for k, v in sorted(self.severity.items())},
            "context": self.context.as_dict(), "rules": self.rules,
            "max-file-size": self.max_file_size, "model": self.model, "lexicons": list(self.lexicons),
            "cache-dir": self.cache_dir, "learned": self.learned, "origin": self.origin,
        }


def _glob_match(path: str, glob: str, base: str | None) -> bool:
    """Match a glob against the path relative to the config's folder; a glob with no '/' also
    matches the file name alone (like ruff's per-file-ignores)."""
    p = Path(path).resolve()
    try:
        rel = p.relative_to(Path(base).resolve()).as_posix() if base else p.as_posix()
    except ValueError:
        rel = p.as_posix()
    pattern = glob.removeprefix("./")
    return fnmatch.fnmatchcase(rel, pattern) or ("/" not in pattern and fnmatch.fnmatchcase(p.name, pattern))


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """Nearest .trustlint.toml, or pyproject.toml with [tool.trustlint], from `start` upward."""
    start = start.resolve()
    for directory in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            try:
                if not candidate.is_file():
                    continue
            except OSError:  # a folder we may not enter: no config is readable there
                continue
            table = _read_table(candidate)
            if table is not None:
                return candidate, table
    return None


def _read_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {' '.join(str(exc).split())[:200]}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    except MemoryError:
        raise ConfigError(f"{path}: too large to read as a config file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("trustlint")
    return data


def load_config(path: str | Path | None = None, start: Path | None = None) -> Config:
    """Read `path`, or discover the nearest config from `start` (default: the working directory)."""
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"{p}: config file not found")
        table = _read_table(p)
        if table is None:
            raise ConfigError(f"{p}: has no [tool.trustlint] table")
        return from_mapping(table, str(p), base=p.resolve().parent)
    found = find_config_file(start or Path.cwd())
    if found is None:
        return Config()
    return from_mapping(found[1], _display(found[0]), base=found[0].parent)


def from_mapping(table: dict[str, Any], origin: str, base: Path | None = None, config: Config | None = None) -> Config:
    config = config or Config()
    if not isinstance(table, dict):
        raise ConfigError(f"{origin}: [tool.trustlint] must be a table")
    values: dict[str, Any] = {"origin": origin, "base": str(base) if base else None}
    # lexicons first: custom rule codes named elsewhere in the table come from them
    for raw_key, value in sorted(table.items(), key=lambda kv: kv[0] != "lexicons"):
        key = raw_key.replace("-", "_")
        where = f"{origin}: '{raw_key}'"
        if key not in KEYS:
            known = sorted(k.replace("_", "-") for k in KEYS)
            close = difflib.get_close_matches(raw_key.replace("_", "-"), known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ConfigError(f"{origin}: unknown key '{raw_key}' ({hint}known: {', '.join(known)})")
        if key in ("select", "ignore"):
            values[key] = tuple(_codes(value, where))
        elif key == "fail_on":
            values[key] = _severity(value, where)
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table of CODE = \"error|warning|info\"")
            lex = values.get("lexicons", config.lexicons)
            values[key] = {_known_code(c, where, lex): _severity(v, f"{where}.{c}") for c, v in value.items()}
        elif key == "context":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table")
            try:
                values[key] = config.context.merged(value, where)
            except ContextError as exc:
                raise ConfigError(str(exc)) from None
        elif key == "rules":
            values[key] = _rule_options(value, where, values.get("lexicons", config.lexicons))
        elif key == "per_file_ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table of \"glob\" = [\"CODE\", ...]")
            values[key] = tuple((str(g), tuple(_codes(c, f"{where}.\"{g}\""))) for g, c in value.items())
        elif key == "fail_under":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 30:
                raise ConfigError(f"{where} must be a number from 0 to 30 (the trust score T)")
            values[key] = float(value)
        elif key == "max_file_size":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{where} must be a positive number of bytes")
            values[key] = value
        elif key == "model":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where} must be the name of an installed spaCy pipeline")
            values[key] = value
        elif key == "cache_dir":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where} must be a folder path")
            values[key] = str(((base or Path.cwd()) / value).resolve())
        elif key == "learned":
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false (run the TL7xx learned model or not)")
            values[key] = value
        elif key == "lexicons":
            dirs = [(base or Path.cwd()) / d for d in _codes(value, where)]
            missing = [str(d) for d in dirs if not d.is_dir()]
            if missing:
                raise ConfigError(f"{where}: lexicon folder not found: {missing[0]}")
            values[key] = tuple(str(d.resolve()) for d in dirs)
            _check_lexicons(values[key], where)
    return replace(config, **values)


def _codes(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return [v.strip() for v in value]


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _check_lexicons(dirs: tuple[str, ...], where: str) -> None:
    """Load and validate the custom lexicons and their rules now (YAML only, no spaCy)."""
    # Lazy on purpose (tests/test_imports.py LAZY): the rule registry loads every rule and
    # lexicon (~90 ms); only a config that names codes or lexicon folders pays for it.
    from ..nlp.lexicon import LexiconError
    from ..rules import all_rules

    try:
        all_rules(dirs)
    except LexiconError as exc:
        raise ConfigError(f"{exc} (lexicon folder listed in {where})") from None


def _known_code(code: str, where: str, lexicons: tuple[str, ...] = ()) -> str:
    from ..rules import get_rule  # lazy, as in _check_lexicons

    rule = get_rule(code, lexicons)
    if rule is None:
        raise ConfigError(f"{where}: unknown rule '{code}'")
    return rule.code


def _rule_options(value: Any, where: str, lexicons: tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of [rules.CODE] tables")
    out: dict[str, dict[str, Any]] = {}
    for code, opts in value.items():
        real = _known_code(code, where, lexicons)
        from ..rules import get_rule  # lazy, as in _check_lexicons

        declared = get_rule(real, lexicons).options
        if not isinstance(opts, dict):
            raise ConfigError(f"{where}.{code} must be a table")
        for k, v in opts.items():
            if k not in declared:
                known = ", ".join(declared) or "none"
                raise ConfigError(f"{where}.{code}: unknown option '{k}' (options: {known})")
            if type(v) is not type(declared[k]) and not (isinstance(declared[k], float) and isinstance(v, int)):
                raise ConfigError(f"{where}.{code}.{k} must be a {type(declared[k]).__name__}")
        out[real] = dict(opts)
    return out


def _display(path: Path) -> str:
    """A config path as users see it: relative to the working directory when below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class ConfigResolver:
    """The config for each file: `--config` for all, else the nearest one from each file's folder
    upward (cached per folder), then CLI flags (`overrides`), then per-file-ignores."""

    def __init__(self, explicit: str | Path | None = None,
                 overrides: Callable[[Config], Config] | None = None) -> None:
        self.explicit = explicit
        self.overrides = overrides or (lambda c: c)
        self._by_dir: dict[Path, Config] = {}
        self._by_name: dict[str, Config] = {}  # folder as given -> self.base_for(it)
        self._explicit: Config | None = None

    def base_for(self, directory: Path) -> Config:
        if self.explicit is not None:
            if self._explicit is None:
                self._explicit = self.overrides(load_config(self.explicit))
            return self._explicit
        directory = directory.resolve()
        if directory not in self._by_dir:
            self._by_dir[directory] = self.overrides(load_config(start=directory))
        return self._by_dir[directory]

    def for_path(self, path: str) -> Config:
        """The effective config of one draft ('-' or '<stdin>' uses the working directory)."""
        if path in ("-", "<stdin>"):
            return self.base_for(Path.cwd())
        # os.path.isdir is False on any OSError (too long, a folder we may not enter): the
        # walker reports those. Configs are looked up once per folder name (a run asks for
        # every file; resolving each file's folder was most of a cache-hit run's config time).
        directory = path if os.path.isdir(path) else (os.path.dirname(path) or ".")
        name = directory if os.path.isabs(directory) else os.path.join(os.getcwd(), directory)
        base = self._by_name.get(name)
        if base is None:
            base = self._by_name[name] = self.base_for(Path(directory))
        return base.for_path(path)

    def lexicons(self) -> tuple[str, ...]:
        """Every extra lexicon folder of the configs loaded so far (for rule metadata)."""
        configs = list(self._by_dir.values()) + ([self._explicit] if self._explicit else [])
        return tuple(sorted({d for c in configs for d in c.lexicons}))

    def check_all(self, paths: Iterable[str]) -> None:
        """Load every config the paths will use now, so config errors come before any linting."""
        for path in paths:
            self.for_path(path)
