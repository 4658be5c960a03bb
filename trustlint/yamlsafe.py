"""YAML loading for data files, front matter and sidecars: safe, and fast when libyaml is there.

PyYAML's pure-Python SafeLoader spends ~0.15 s on the built-in lexicons at every start; the
libyaml-backed CSafeLoader (shipped in PyYAML's wheels) does the same work about ten times faster.

`load_untrusted` is for YAML a draft carries (front matter, sidecars) and a campaign
repository's own lexicons: anchors and aliases (`&a`, `*a`) are refused before anything is
built, so a few hundred bytes cannot expand into gigabytes ("billion laughs") when a value is
printed, copied or compared.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

# PyYAML is imported on the first YAML read, not with this module: a run where every file is
# a cache hit reads no YAML. YAMLError and AliasError are module attributes made on first use.


@lru_cache(maxsize=1)
def _yaml() -> Any:
    import yaml

    return yaml


@lru_cache(maxsize=1)
def _alias_error() -> type:
    class AliasError(_yaml().YAMLError):
        """YAML that uses an alias where aliases are refused."""

    AliasError.__module__ = __name__
    return AliasError


def __getattr__(name: str) -> Any:
    if name == "YAMLError":
        return _yaml().YAMLError
    if name == "AliasError":
        return _alias_error()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _loader() -> Any:
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """yaml.safe_load, with the C loader when available."""
    return _yaml().load(text, Loader=_loader())  # noqa: S506 - a safe loader


def load_untrusted(text: str) -> Any:
    """`load`, refusing aliases (checked on the event stream, which costs little and builds nothing)."""
    yaml = _yaml()
    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            where = f" (line {mark.line + 1})" if mark is not None else ""
            raise _alias_error()(f"YAML aliases (*{event.anchor}) are not allowed here{where}")
    return load(text)
