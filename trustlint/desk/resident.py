"""The resident engine behind `trustlint serve` and `trustlint lsp`: warm once, lint many times.

The pipeline, lexicons and matchers are built once (`warm()`); each folder's config is found
as `trustlint check` finds it (the nearest .trustlint.toml or pyproject.toml with
[tool.trustlint] above the draft) and cached until one of the candidate config files above
that folder changes (a stat of each, no re-read). `lint()` returns the same Report that
`trustlint check` builds for that draft, so `lint_json()` (the JSON reporter, unchanged) is
byte-for-byte `trustlint check --format json`.

Campaign context sent with a draft plays the part of its sidecar `<draft>.context.yml`: it
overrides the config's defaults and the draft's own front matter overrides it. Without one,
the sidecar on disk (when the draft has a path) is read, as `check` does.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..app.engine import is_meta
from ..app.recipients import TEMPLATE_RULES, _context_for
from ..app.runner import lint_draft
from ..config import CONFIG_FILES, Config, ConfigError, load_config
from ..context import ContextError
from ..nlp import document as nlp
from ..nlp.lexicon import LexiconError
from ..report import FileError, FileReport, Report
from ..reporters.json import finding_dict, render
from ..rules import META_RULES, all_rules
from ..scoring.trust import levers
from ..source.draft import SourceError, _check_context
from ..source.formats import parse_draft
from ..source.reading import DRAFT_SUFFIXES, _read_sidecar
from ..source.render import column_key, compile_field, render_field, variant_draft

FORMATS = ("text", "markdown", "html", "mjml", "eml", "template")
TEXT_PATH = "<text>"
CACHE = 32  # recent lint results kept (the page asks for levers right after a lint)


class EngineError(ValueError):
    """A request the engine cannot lint (bad format, bad config): one line, shown to the user."""


def format_for(path: str | None, fmt: str | None = None) -> str:
    """The draft format: the one given, else the one `check` picks from the file's suffix."""
    if fmt:
        if fmt not in FORMATS:
            raise EngineError(f"unknown draft format '{fmt}' (choose from {', '.join(FORMATS)})")
        return fmt
    return DRAFT_SUFFIXES.get(Path(path).suffix.lower(), "text") if path else "text"


@dataclass(frozen=True)
class _Cached:
    stamp: tuple[Any, ...]
    config: Config
    generation: int  # distinct for every load, so cached lint results never outlive their config


class ResidentEngine:
    """Thread-safe: one lint at a time (spaCy's tokenizer and the matchers are shared)."""

    def __init__(self, config: str | Path | None = None, cwd: str | Path | None = None) -> None:
        self.explicit = Path(config) if config is not None else None
        self.cwd = Path(cwd or os.getcwd()).resolve()
        self._configs: dict[Path, _Cached] = {}
        self._results: OrderedDict[bytes, Report] = OrderedDict()
        self._lock = threading.RLock()
        self.config_loads = 0  # how many times a config file was (re)read: tests check the cache

    # -------------------------------------------------------------- config
    def _stamp(self, directory: Path) -> tuple[Any, ...]:
        """What would make `check` find a different config: each candidate file's mtime/size."""
        dirs = [self.explicit] if self.explicit is not None else [d / n for d in (directory, *directory.parents)
                                                                  for n in CONFIG_FILES]
        out = []
        for p in dirs:
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((str(p), st.st_mtime_ns, st.st_size))
        return tuple(out)

    def config_for(self, path: str | None) -> Config:
        """The config `check` would use for this draft (per-file-ignores applied)."""
        return self._config_entry(path)[0]

    def _config_entry(self, path: str | None) -> tuple[Config, int]:
        if path in (None, "", "-", "<stdin>", TEXT_PATH):
            directory = self.cwd
        else:
            p = Path(path)
            p = p if p.is_absolute() else self.cwd / p
            directory = p if p.is_dir() else p.parent
            directory = directory.resolve()
        with self._lock:
            stamp = self._stamp(directory)
            cached = self._configs.get(directory)
            if cached is None or cached.stamp != stamp:
                self.config_loads += 1
                cfg = load_config(self.explicit) if self.explicit is not None else load_config(start=directory)
                cached = self._configs[directory] = _Cached(stamp, cfg, self.config_loads)
        cfg = cached.config.for_path(path) if path and path not in ("-", "<stdin>", TEXT_PATH) else cached.config
        return cfg, cached.generation

    # -------------------------------------------------------------- linting
    def warm(self) -> None:
        """Build the pipeline and lexicons and run one lint, so the first request is fast."""
        cfg = self.config_for(None)
        nlp.compiled(cfg.model, cfg.lexicons)
        self.lint("Subject: Hello\n\nA short warm-up draft for you, written on 1 May 2026.\n")

    def lint(self, text: str, fmt: str | None = None, context: dict[str, Any] | None = None,
             path: str | None = None, readability: bool = False) -> Report:
        """The Report `trustlint check` builds for this draft (one file, or one error)."""
        fmt = format_for(path, fmt)
        name = path or TEXT_PATH
        if context is not None and not isinstance(context, dict):
            raise EngineError("'context' must be an object of campaign-context keys")
        try:
            config, generation = self._config_entry(path)
        except (ConfigError, LexiconError, ValueError) as exc:
            raise EngineError(str(exc)) from None
        key = self._key(text, fmt, context, name, readability, generation)
        with self._lock:
            hit = self._results.get(key)
            if hit is not None:
                self._results.move_to_end(key)
                return hit
            try:
                report = self._lint(text, fmt, context, name, config, readability)
            except (LexiconError, RuntimeError) as exc:  # a custom lexicon or model that cannot load
                raise EngineError(str(exc)) from None
            self._results[key] = report
            if len(self._results) > CACHE:
                self._results.popitem(last=False)
            return report

    def lint_json(self, text: str, fmt: str | None = None, context: dict[str, Any] | None = None,
                  path: str | None = None) -> str:
        return render(self.lint(text, fmt, context, path))

    @staticmethod
    def _key(text: str, fmt: str, context: Any, name: str, readability: bool, generation: int) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        for part in (text, fmt, json.dumps(context, sort_keys=True, default=str), name, str(readability),
                     str(generation)):
            h.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return h.digest()

    def _lint(self, text: str, fmt: str, context: dict[str, Any] | None, name: str, config: Config,
              readability: bool) -> Report:
        try:
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > config.max_file_size:
                raise SourceError(f"input is over the {config.max_file_size / 1048576:.1f} MB limit")
            sidecar = context if context is not None else self._sidecar(name)
            if context is not None:
                self._check_context(context)
            draft = parse_draft(text, name, fmt=fmt, context=sidecar)
            result: FileReport | FileError = lint_draft(draft, config, readability)
        except (SourceError, ContextError) as exc:
            result = FileError(name, str(exc))
        except RecursionError:
            result = FileError(name, "input too deeply nested to lint")
        except MemoryError:
            result = FileError(name, "out of memory while linting this file (lower max-file-size)")
        except (LexiconError, RuntimeError):
            raise
        except Exception as exc:  # a bug must not take the desk down: reported like check reports it
            detail = " ".join(str(exc).split())[:200]
            result = FileError(name, f"internal error while linting ({type(exc).__name__}: {detail}); "
                                     "please report it with this file")
        if isinstance(result, FileError):
            return Report(errors=(result,))
        return Report(files=(result,))

    @staticmethod
    def _check_context(context: dict[str, Any]) -> None:
        _check_context(context, "context")

    def _sidecar(self, name: str) -> dict[str, Any]:
        if name == TEXT_PATH:
            return {}
        p = Path(name)
        p = p if p.is_absolute() else self.cwd / p
        return _read_sidecar(p) if p.parent.is_dir() else {}

    # -------------------------------------------------------------- what the desk shows beside the JSON
    def levers(self, report: Report) -> list[dict[str, Any]]:
        """Per rule code: T with that code's findings fixed and the gain ("fix TL302: T +1.2")."""
        if not report.files:
            return []
        fr = report.files[0]
        scored = [f for f in fr.findings if not is_meta(f.code)]
        return [{"code": lv.key, "findings": len(lv.findings), "trust": lv.trust, "gain": lv.gain}
                for lv in levers(scored, fr.signals, fr.stats)]

    def rules(self, path: str | None = None) -> list[dict[str, Any]]:
        """Every rule's metadata and `explain` text (with the custom rules of the config in force)."""
        lexicons = self.config_for(path).lexicons
        return [rule_info(r) for r in all_rules(lexicons) + META_RULES]


def rule_info(rule: Any) -> dict[str, Any]:
    doc = rule.doc
    return {"code": rule.code, "name": rule.name, "severity": rule.severity.label,
            "component": rule.component.value, "summary": doc.summary, "why": " ".join(doc.why.split()),
            "source": doc.source, "instead": rule.suggestion, "context": list(rule.context_keys)}


def explain_markdown(info: dict[str, Any]) -> str:
    """The `trustlint explain` essentials as Markdown (LSP hover)."""
    out = [f"**{info['code']} {info['name']}** ({info['severity']}, {info['component']})", "", info["summary"]]
    if info["why"]:
        out += ["", f"*Why:* {info['why']}"]
    if info["instead"]:
        out += ["", f"*Instead:* {info['instead']}"]
    return "\n".join(out)


def preview_recipient(engine: ResidentEngine, text: str, csv_text: str, row: int, fmt: str | None = None,
                      context: dict[str, Any] | None = None, path: str | None = None) -> dict[str, Any]:
    """The draft rendered for one CSV row (1 = the first row after the header) and linted as
    `check --recipients` lints each variant: what that recipient reads, and TL507 where a field
    renders empty or raw. Rendering is trustlint.source.render's, aggregation-free."""
    import csv
    import io


    fmt = format_for(path, fmt)
    name = path or TEXT_PATH
    config = engine.config_for(path)
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))
    header = next(reader, None)
    if not header:
        raise EngineError("recipients CSV is empty (a header row naming the columns is needed)")
    rows = [r for r in reader if any(v.strip() for v in r)]
    if not rows:
        raise EngineError("recipients CSV has a header but no rows")
    if not 1 <= row <= len(rows):
        raise EngineError(f"row {row} is out of range (the CSV has {len(rows)} row(s))")
    keys = [column_key(h) for h in header]
    values = dict(zip(keys, rows[row - 1]))
    try:
        if context is not None:
            ResidentEngine._check_context(context)
        draft = parse_draft(text, name, fmt=fmt, context=context if context is not None else {})
        ctx = _context_for(draft.context, values)
        keep = frozenset(v.lower() for k in ("owned_products", "audience") for v in ctx.get(k, ()))
        compiled = {f.name: compile_field(f) for f in draft.fields}
        rendered = {f.name: render_field(f, compiled[f.name], values, set(keys), keep) for f in draft.fields}
        with engine._lock:
            fr = lint_draft(variant_draft(draft, rendered, ctx), config)
    except (SourceError, ContextError) as exc:
        raise EngineError(str(exc)) from None
    return {"rows": len(rows), "row": row, "columns": header,
            "values": dict(zip(header, rows[row - 1])),
            "rendered": {k: "".join(p[0] for p in pieces) for k, pieces in rendered.items()},
            "findings": [finding_dict(f) for f in fr.findings if f.code not in TEMPLATE_RULES],
            "score": fr.score.as_dict()}
