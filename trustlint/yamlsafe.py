"""YAML loading for data files, front matter and sidecars: safe, and fast when libyaml is there.

PyYAML's pure-Python SafeLoader spends ~0.15 s on the built-in lexicons at every start; the
libyaml-backed CSafeLoader (shipped in PyYAML's wheels) does the same work about ten times faster.

`load_untrusted` is for YAML a draft carries (front matter, sidecars) and a campaign
repository's own lexicons: anchors and aliases (`&a`, `*a`) are refused before anything is
built, so a few hundred bytes cannot expand into gigabytes ("billion laughs") when a value is
printed, copied or compared.
"""
from __future__ import annotations

from typing import Any

import yaml

YAMLError = yaml.YAMLError
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """yaml.safe_load, with the C loader when available."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader


class AliasError(yaml.YAMLError):
    """YAML that uses an alias where aliases are refused."""


def load_untrusted(text: str) -> Any:
    """`load`, refusing aliases (checked on the event stream, which costs little and builds nothing)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            where = f" (line {mark.line + 1})" if mark is not None else ""
            raise AliasError(f"YAML aliases (*{event.anchor}) are not allowed here{where}")
    return load(text)
