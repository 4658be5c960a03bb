"""`trustlint config`: the effective configuration of a path, as TOML or JSON.

The TOML is a valid `.trustlint.toml` (values that are unset are left out, since TOML has no
null); a comment says which file it came from.
"""
from __future__ import annotations

import json
import re
from typing import Any

from . import Config

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(k: str) -> str:
    return k if _BARE_KEY.fullmatch(k) else json.dumps(k, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as a TOML value")


def _table(data: dict[str, Any], prefix: str, out: list[str]) -> None:
    scalars = {k: v for k, v in data.items() if v is not None and not isinstance(v, dict)}
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    if prefix and (scalars or not tables):
        out.append(f"\n[{prefix}]")
    out.extend(f"{_key(k)} = {_value(v)}" for k, v in scalars.items())
    for k, v in tables.items():
        _table(v, f"{prefix}.{_key(k)}" if prefix else _key(k), out)


def to_toml(data: dict[str, Any]) -> str:
    out: list[str] = []
    _table(data, "", out)
    return "\n".join(out).lstrip("\n") + "\n"


def render(config: Config, fmt: str = "toml") -> str:
    data = config.as_dict()
    origin = data.pop("origin", None)
    if fmt == "json":
        return json.dumps({"origin": origin, "config": data}, indent=2, ensure_ascii=False) + "\n"
    head = f"# effective trustlint config (from {origin or 'built-in defaults'})\n"
    return head + to_toml(data)
