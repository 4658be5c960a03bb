"""`trustlint lsp`: a Language Server over stdio (pygls) on the resident engine.

- diagnostics on open, change and save for the file types `trustlint check` reads (by suffix;
  untitled buffers by language id), with the config `check` would find from the file's folder
  and the file's sidecar context; each code links to its rule documentation;
- hover over a finding: the `trustlint explain` essentials and what fixing it does to T;
- a quick fix per finding that inserts an inline suppression in the file type's comment syntax
  (trustlint/source/suppressions.py): a `disable-next-line` comment above a body line, a
  `disable-line` comment at the end of a Subject:/Preheader: header line.

Positions: trustlint counts columns in code points; pygls converts them to the encoding the
client negotiated (UTF-16 by default).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import ServerTextPosition, ServerTextRange

from .. import __version__
from ..reporters.json import finding_dict
from ..source.reading import DRAFT_SUFFIXES
from .resident import EngineError, ResidentEngine, explain_markdown, format_for

RULE_DOCS = "https://pypi.org/project/trustlint/#rules"  # the README's rule table; override: initializationOptions.ruleDocs
LANGUAGES = {"plaintext": "text", "markdown": "markdown", "html": "html"}
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
HEADER_LINE = re.compile(r"(?i)^(subject|preheader)[ \t]*:")
SOURCE = "trustlint"


@dataclass
class Linted:
    """The last lint of one open document: findings with their ranges (code points)."""

    version: int | None
    findings: list[dict[str, Any]] = field(default_factory=list)
    ranges: list[ServerTextRange] = field(default_factory=list)
    gains: dict[str, float] = field(default_factory=dict)
    trust: float | None = None


class TrustlintServer(LanguageServer):
    def __init__(self, config: str | None = None) -> None:
        super().__init__("trustlint", __version__)
        self.engine = ResidentEngine(config)
        self.linted: dict[str, Linted] = {}
        self.rule_docs = RULE_DOCS
        self._rules: dict[str, dict[str, Any]] | None = None

    def rule(self, code: str, path: str | None) -> dict[str, Any] | None:
        if self._rules is None or code not in self._rules:
            try:
                self._rules = {r["code"]: r for r in self.engine.rules(path)}
            except (EngineError, ValueError):
                return None
        return self._rules.get(code)

    def href(self, code: str) -> str:
        return self.rule_docs.replace("{code}", code) if "{code}" in self.rule_docs else self.rule_docs


def draft_format(uri: str, path: str | None, language: str | None) -> str | None:
    """The format `check` would read this document as, or None for a file type it skips."""
    suffix = Path(path or uri).suffix.lower()
    if suffix in DRAFT_SUFFIXES:
        return format_for(path or uri)
    if not suffix and language in LANGUAGES:
        return LANGUAGES[language]
    return None


def suppression(fmt: str, suffix: str, code: str, action: str) -> str:
    """A directive comment in the syntax trustlint.source.suppressions reads for this file type."""
    body = f"trustlint: {action}={code}"
    if fmt == "template":
        if suffix in (".j2", ".jinja", ".jinja2"):
            return "{# " + body + " #}"
        if suffix == ".liquid":
            return "{% comment %} " + body + " {% endcomment %}"
        if suffix in (".hbs", ".handlebars"):
            return "{{!-- " + body + " --}}"
    if fmt == "text" and action == "disable-next-line":
        return body  # a line of its own
    return f"<!-- {body} -->"


def _front_matter_end(lines: list[str]) -> int:
    """Index of the line closing the front matter (-1 when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return -1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i
    return len(lines)


def make_server(config: str | None = None) -> TrustlintServer:
    server = TrustlintServer(config)

    @server.feature(types.INITIALIZE)
    def initialize(ls: TrustlintServer, params: types.InitializeParams) -> None:
        opts = params.initialization_options
        if isinstance(opts, dict) and isinstance(opts.get("ruleDocs"), str):
            ls.rule_docs = opts["ruleDocs"]

    @server.feature(types.INITIALIZED)
    def initialized(ls: TrustlintServer, params: types.InitializedParams) -> None:
        try:
            ls.engine.warm()
        except (EngineError, ValueError, RuntimeError) as exc:
            ls.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"trustlint: {exc}"))

    def publish(ls: TrustlintServer, uri: str, language: str | None = None) -> None:
        doc = ls.workspace.get_text_document(uri)
        fmt = draft_format(uri, doc.path, language or doc.language_id)
        if fmt is None:
            return
        lines = doc.lines
        diagnostics: list[types.Diagnostic] = []
        linted = Linted(doc.version)
        path = doc.path if uri.startswith("file:") else None
        try:
            report = ls.engine.lint(doc.source, fmt, None, path)
        except EngineError as exc:
            report = None
            diagnostics.append(types.Diagnostic(types.Range(types.Position(0, 0), types.Position(0, 0)),
                                                f"trustlint: {exc}", types.DiagnosticSeverity.Error, source=SOURCE))
        if report is not None:
            for err in report.errors:
                if err.message == "file is empty":
                    continue
                diagnostics.append(types.Diagnostic(types.Range(types.Position(0, 0), types.Position(0, 0)),
                                                    err.message, types.DiagnosticSeverity.Error, source=SOURCE))
            if report.files:
                fr = report.files[0]
                linted.trust = fr.score.trust
                linted.gains = {lv["code"]: lv["gain"] for lv in ls.engine.levers(report)}
                for f in fr.findings:
                    loc = f.location
                    rng = ServerTextRange(ServerTextPosition(loc.line - 1, loc.column - 1),
                                          ServerTextPosition(loc.end_line - 1, loc.end_column - 1))
                    info = finding_dict(f)
                    linted.findings.append(info)
                    linted.ranges.append(rng)
                    message = f"{f.message}. Instead: {f.suggestion}" if f.suggestion else f.message
                    diagnostics.append(types.Diagnostic(
                        doc.range_to_client_units(rng) if lines else types.Range(types.Position(0, 0), types.Position(0, 0)),
                        message, SEVERITY[f.severity.label], code=f.code,
                        code_description=types.CodeDescription(href=ls.href(f.code)), source=SOURCE,
                        data={"code": f.code, "field": f.field, "line": loc.line}))
        ls.linted[uri] = linted
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics, doc.version))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TrustlintServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri, params.text_document.language_id)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TrustlintServer, params: types.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: TrustlintServer, params: types.DidSaveTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TrustlintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.linted.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(params.text_document.uri, []))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: TrustlintServer, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        linted = ls.linted.get(uri)
        if linted is None:
            return None
        doc = ls.workspace.get_text_document(uri)
        pos = doc.position_from_client_units(params.position)
        parts, hit = [], None
        for info, rng in zip(linted.findings, linted.ranges):
            if (rng.start.line, rng.start.character) <= (pos.line, pos.character) <= (rng.end.line, rng.end.character):
                rule = ls.rule(info["code"], doc.path)
                text = explain_markdown(rule) if rule else f"**{info['code']} {info['name']}**"
                gain = linted.gains.get(info["code"], 0.0)
                text += f"\n\n{info['message']}."
                if gain > 0:
                    text += f"\n\nFixing {info['code']} here: T {linted.trust:.2f} → {linted.trust + gain:.2f} (+{gain:.2f})."
                parts.append(text)
                hit = hit or rng
        if not parts:
            return None
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(parts)),
                           doc.range_to_client_units(hit))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: TrustlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        doc = ls.workspace.get_text_document(uri)
        fmt = draft_format(uri, doc.path, doc.language_id)
        if fmt is None:
            return []
        lines = doc.lines
        fm_end = _front_matter_end([ln.rstrip("\r\n") for ln in lines])
        suffix = Path(doc.path or uri).suffix.lower()
        actions, seen = [], set()
        for diag in params.context.diagnostics:
            if diag.source != SOURCE or not isinstance(diag.code, str) or not diag.code.startswith("TL"):
                continue
            code = diag.code
            line_no = doc.position_from_client_units(diag.range.start).line
            if (code, line_no) in seen or line_no >= len(lines) or line_no <= fm_end:
                continue
            seen.add((code, line_no))
            line = lines[line_no].rstrip("\r\n")
            if HEADER_LINE.match(line):
                end = doc.position_to_client_units(ServerTextPosition(line_no, len(line)))
                edit = types.TextEdit(types.Range(end, end), " " + suppression(fmt, suffix, code, "disable-line"))
                title = f"Suppress {code} on this header line"
            else:
                indent = line[: len(line) - len(line.lstrip(" \t"))]
                start = types.Position(line_no, 0)
                newline = "\r\n" if lines[line_no].endswith("\r\n") else "\n"
                edit = types.TextEdit(types.Range(start, start),
                                      indent + suppression(fmt, suffix, code, "disable-next-line") + newline)
                title = f"Suppress {code} on this line"
            actions.append(types.CodeAction(title, kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
                                            edit=types.WorkspaceEdit(changes={uri: [edit]})))
        return actions

    return server


def main(config: str | None = None) -> None:
    make_server(config).start_io()
