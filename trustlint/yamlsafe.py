"""YAML loading for data files, front matter and sidecars: safe, and fast when libyaml is there.

PyYAML's pure-Python SafeLoader spends ~0.15 s on the built-in lexicons at every start; the
libyaml-backed CSafeLoader (shipped in PyYAML's wheels) does the same work about ten times faster.
"""
from __future__ import annotations

from typing import Any

import yaml

YAMLError = yaml.YAMLError
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """yaml.safe_load, with the C loader when available."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
