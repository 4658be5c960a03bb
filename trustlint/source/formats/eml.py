"""`.eml` (RFC 5322 / MIME) -> Draft, with the standard library's `email` (policy.default).

The Subject header (encoded words decoded) is the subject field; the body is the text/plain
part if there is one, else the HTML part (then read like an HTML email). Quoted-printable is
decoded here piece by piece so findings keep their exact line and column; a base64 (or other
opaque) part cannot be mapped character by character, so its findings point at the start of
the part, and the draft carries a warning that says so.
"""
from __future__ import annotations

import re
from email import message_from_string, policy
from email.message import EmailMessage
from typing import Any

from .. import suppressions
from ..draft import Draft, Field, SourceError, split_from
from ..textmap import TextBuilder, TextMap
from .html import extract

_QP_RUN = re.compile(r"(?:=[0-9A-Fa-f]{2}|=[ \t]*\r?\n)+")
_HEADER_END = re.compile(r"\r?\n\r?\n")
META = ("from", "to", "cc", "reply-to", "date")


def parse(text: str, path: str, context: dict[str, Any], warnings: tuple[str, ...]) -> Draft:
    try:
        msg = message_from_string(text, policy=policy.default)
    except Exception as exc:  # the parser is lenient; this guards truly unreadable input
        raise SourceError(f"cannot parse as an email message: {exc}") from None
    warnings = list(warnings)
    end = _HEADER_END.search(text)
    header_end = end.start() if end else len(text)
    fields: list[Field] = []
    headers: dict[str, str] = {}
    for key in META:
        value = _header(msg, key)
        if value:
            headers[key] = value
    subject = _subject(msg, text, header_end)
    body: tuple[str, TextMap] = ("", TextMap.identity(0, header_end))
    preheader = title = None
    part = _body_part(msg)
    if part is None:
        warnings.append("no text/plain or text/html part: only the subject is linted")
    else:
        decoded = _decode(part, text, warnings)
        if decoded is not None:
            if part.get_content_type() == "text/html":
                ex = extract(decoded[0])
                body = (ex.body[0], ex.body[1].compose(decoded[1]))
                if ex.preheader:
                    preheader = (ex.preheader[0], ex.preheader[1].compose(decoded[1]))
                if ex.title:
                    title = (ex.title[0], ex.title[1].compose(decoded[1]))
            else:
                body = decoded
    if subject is None and title is not None:
        subject = title
    if subject is not None:
        fields.append(Field("subject", *subject))
    if preheader is not None:
        fields.append(Field("preheader", *preheader))
    fields.append(Field("body", *body))
    directives, _ = suppressions.find(text)  # `<!-- trustlint: disable=... -->` in the message
    sender = _sender(headers.get("from"), text, header_end)
    return Draft(path, text, tuple(fields), headers, dict(context), "eml", tuple(warnings), tuple(directives),
                 *sender)


def _sender(value: str | None, text: str, header_end: int) -> tuple[Field | None, str]:
    """The From display name as a field: exact offsets when the raw header is the decoded one,
    else (encoded words, folding) the decoded name stands for the whole raw header value."""
    if not value:
        return None, ""
    m = re.search(r"(?im)^from[ \t]*:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*?)[ \t]*\r?$", text[:header_end])
    if m is not None and m.group(1) == value:
        return split_from(value, m.start(1))
    name, addr = split_from(value, 0)
    if name is None or m is None:
        return (Field("from", name.text, TextMap.identity(0, 0)) if name else None), addr
    b = TextBuilder()
    b.replace(name.text, m.start(1), m.end(1))
    return Field("from", *b.build()), addr


def _header(msg: EmailMessage, key: str) -> str | None:
    try:
        value = msg[key]
    except Exception:  # a header the policy cannot parse: use its raw form (raw_items never parses)
        value = next((v for k, v in msg.raw_items() if k.lower() == key), None)
    return " ".join(str(value).split()) if value is not None else None


def _subject(msg: EmailMessage, text: str, header_end: int) -> tuple[str, TextMap] | None:
    value = _header(msg, "subject")
    if not value:
        return None
    m = re.search(r"(?im)^subject[ \t]*:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)[ \t]*\r?$", text[:header_end])
    if m is None:
        return value, TextMap.identity(0, 0)
    if m.group(1) == value:
        return value, TextMap.identity(len(value), m.start(1))
    # encoded words or folding: the decoded subject stands for the whole raw header value
    b = TextBuilder()
    b.replace(value, m.start(1), m.end(1))
    return b.build()


def _body_part(msg: EmailMessage) -> EmailMessage | None:
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None and not msg.is_multipart() and msg.get_content_maintype() == "text":
        part = msg
    return part


def _decode(part: EmailMessage, text: str, warnings: list[str]) -> tuple[str, TextMap] | None:
    raw = part.get_payload(decode=False)
    if not isinstance(raw, str):
        return None
    where = text.find(raw) if raw else -1
    cte = str(part.get("content-transfer-encoding", "7bit")).strip().lower()
    charset = part.get_content_charset() or "utf-8"
    if where < 0:
        where = 0
        if raw.strip():
            warnings.append("could not locate the body part in the file: findings point at line 1")
    if cte in ("7bit", "8bit", "binary", ""):
        return raw, TextMap.identity(len(raw), where)
    if cte == "quoted-printable":
        return _qp(raw, where, charset)
    try:
        content = part.get_content()
    except Exception as exc:
        warnings.append(f"cannot decode the {cte} body part: {exc}")
        return None
    if not isinstance(content, str):
        return None
    line = text.count("\n", 0, where) + 1
    warnings.append(f"body part is {cte}-encoded: its findings point at the start of the part "
                    f"(line {line}), not at the exact phrase")
    b = TextBuilder()
    b.replace(content, where, where)
    return b.build()


def _qp(raw: str, where: int, charset: str) -> tuple[str, TextMap]:
    """Quoted-printable decoding that keeps a piece per escape, so offsets stay exact."""
    b = TextBuilder()
    pos = 0
    for m in _QP_RUN.finditer(raw):
        b.copy(raw[pos:m.start()], where + pos)
        data = bytes.fromhex("".join(re.findall(r"=([0-9A-Fa-f]{2})", m.group(0))))
        try:
            decoded = data.decode(charset, errors="replace")
        except LookupError:
            decoded = data.decode("utf-8", errors="replace")
        if decoded:
            b.replace(decoded, where + m.start(), where + m.end())
        else:
            b.drop(where + m.start(), where + m.end())
        pos = m.end()
    b.copy(raw[pos:], where + pos)
    return b.build()
