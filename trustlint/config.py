"""Configuration: defaults <- [tool.trustlint] in pyproject.toml or .trustlint.toml <- CLI flags.

Validated once; unknown keys and bad values raise ConfigError naming the file and the key.
Imports no spaCy, so config errors are reported instantly.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .context import CampaignContext, ContextError
from .findings import Severity

CONFIG_FILES = (".trustlint.toml", "pyproject.toml")
KEYS = {"select", "ignore", "fail_on", "severity", "context", "rules", "max_file_size", "model", "lexicons"}


class ConfigError(ValueError):
    """An invalid configuration; the message names the file and key."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("TL",)
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    severity: dict[str, Severity] = field(default_factory=dict)
    context: CampaignContext = field(default_factory=CampaignContext)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    max_file_size: int = 5 * 1024 * 1024
    model: str | None = None
    lexicons: tuple[str, ...] = ()
    origin: str | None = None  # the file it was read from, if any

    def enabled(self, code: str, name: str = "") -> bool:
        """Select and ignore by code prefix (or rule name); the longer match wins, like ruff."""
        def best(prefixes: tuple[str, ...]) -> int:
            hits = [len(p) for p in prefixes if code.upper().startswith(p.upper()) or p.lower() == name]
            return max(hits, default=-1)

        sel, ign = best(self.select), best(self.ignore)
        return sel >= 0 and sel > ign

    def severity_for(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)

    def options_for(self, code: str) -> dict[str, Any]:
        return self.rules.get(code, {})

    def as_dict(self) -> dict[str, Any]:
        return {
            "select": list(self.select), "ignore": list(self.ignore), "fail-on": self.fail_on.label,
            "severity": {k: v.label for k, v in sorted(self.severity.items())},
            "context": self.context.as_dict(), "rules": self.rules,
            "max-file-size": self.max_file_size, "model": self.model, "lexicons": list(self.lexicons),
            "origin": self.origin,
        }


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """Nearest .trustlint.toml, or pyproject.toml with [tool.trustlint], from `start` upward."""
    start = start.resolve()
    for directory in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            table = _read_table(candidate)
            if table is not None:
                return candidate, table
    return None


def _read_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
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
        return from_mapping(table, str(p), base=p.parent)
    found = find_config_file(start or Path.cwd())
    if found is None:
        return Config()
    return from_mapping(found[1], str(found[0]), base=found[0].parent)


def from_mapping(table: dict[str, Any], origin: str, base: Path | None = None, config: Config | None = None) -> Config:
    config = config or Config()
    values: dict[str, Any] = {"origin": origin}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        where = f"{origin}: '{raw_key}'"
        if key not in KEYS:
            raise ConfigError(f"{origin}: unknown key '{raw_key}' (known: {', '.join(sorted(k.replace('_', '-') for k in KEYS))})")
        if key in ("select", "ignore"):
            values[key] = tuple(_codes(value, where))
        elif key == "fail_on":
            values[key] = _severity(value, where)
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table of CODE = \"error|warning|info\"")
            values[key] = {_known_code(c, where): _severity(v, f"{where}.{c}") for c, v in value.items()}
        elif key == "context":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table")
            try:
                values[key] = config.context.merged(value, where)
            except ContextError as exc:
                raise ConfigError(str(exc)) from None
        elif key == "rules":
            values[key] = _rule_options(value, where)
        elif key == "max_file_size":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{where} must be a positive number of bytes")
            values[key] = value
        elif key == "model":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where} must be the name of an installed spaCy pipeline")
            values[key] = value
        elif key == "lexicons":
            dirs = _codes(value, where)
            values[key] = tuple(str((base or Path.cwd()) / d) for d in dirs)
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


def _known_code(code: str, where: str) -> str:
    from .rules import get_rule

    rule = get_rule(code)
    if rule is None:
        raise ConfigError(f"{where}: unknown rule '{code}'")
    return rule.code


def _rule_options(value: Any, where: str) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of [rules.CODE] tables")
    out: dict[str, dict[str, Any]] = {}
    for code, opts in value.items():
        real = _known_code(code, where)
        from .rules import get_rule

        declared = get_rule(real).options
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
