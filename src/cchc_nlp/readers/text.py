"""Plain-text and Markdown reader: every non-empty line is one paragraph, in order.

Markdown marks are removed from the text (``#`` headings, ``-``/``*``/``+`` bullets,
``1.`` list numbers, ``**bold**``); a ``#`` line is a heading. Encodings: UTF-8 with or
without BOM, UTF-16 with BOM (or plainly UTF-16 without), and a legacy cp1258/cp1252
fallback chosen by scoring valid Vietnamese syllables. Text typed in the legacy TCVN3 or
VNI encodings (recognised by scoring, see :mod:`cchc_nlp.legacy`) is converted to Unicode.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..document import Document, Paragraph
from ..errors import UnreadableDocument
from ..legacy import detect_legacy, fix_legacy_text, to_unicode
from ..text import normalize, vietnamese_score

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET_RE = re.compile(r"^[-*+•–]\s+(.*)$")
_ORDERED_RE = re.compile(r"^(\d{1,3})[.)]\s+(.*)$")
_EMPH_RE = re.compile(r"(\*\*\*|\*\*|__)(.+?)\1")
_EMPH1_RE = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def decode_bytes(data: bytes, name: str | Path = "<bytes>") -> str:
    """Decode report bytes: BOMs first, then UTF-8, then UTF-16 without BOM, then the
    legacy code page (cp1258 or cp1252) whose result scores best as Vietnamese."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        even_nuls = sample[0::2].count(b"\x00")
        odd_nuls = sample[1::2].count(b"\x00")
        enc = "utf-16-le" if odd_nuls >= even_nuls else "utf-16-be"
        return data.decode(enc, errors="replace")
    if b"\x00" in sample:
        raise UnreadableDocument(name, "tệp nhị phân, không phải văn bản", "binary file, not text")
    try:  # TCVN3/VNI files: the legacy bytes as Windows reads them, then mapped to Unicode
        latin = data.decode("cp1252")
    except UnicodeDecodeError:
        latin = None
    encoding = detect_legacy(latin) if latin is not None else None
    if latin is not None and encoding is not None:
        return to_unicode(latin, encoding)
    best, best_score = None, -1.0
    for enc in ("cp1258", "cp1252"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = vietnamese_score(text)
        if score > best_score:
            best, best_score = text, score
    if best is None:
        raise UnreadableDocument(name, "không nhận ra bảng mã của tệp văn bản", "unknown text encoding")
    return best


def _strip_inline(text: str) -> tuple[str, bool]:
    """Remove emphasis and escapes; report whether the whole line was bold."""
    stripped = text.strip()
    bold = bool(re.fullmatch(r"(\*\*\*|\*\*|__)(.+)\1\s*:?", stripped))
    text = _EMPH_RE.sub(r"\2", text)
    text = _EMPH1_RE.sub(r"\1", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    # emphasis opened on one line and closed on the next (a Markdown hard break)
    if re.match(r"^(\*\*\*|\*\*|__)\S", text) or re.search(r"\S(\*\*\*|\*\*|__)$", text):
        bold = True
        text = re.sub(r"^(\*\*\*|\*\*|__)|(\*\*\*|\*\*|__)$", "", text.strip())
    return text, bold


def paragraphs_from_text(text: str) -> list[Paragraph]:
    """Split text into paragraphs, one per non-empty line, Markdown marks removed
    (text typed in TCVN3 or VNI is converted to Unicode first)."""
    text = fix_legacy_text(text)
    paras: list[Paragraph] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        heading = False
        level: int | None = None
        kind = "paragraph"
        number: str | None = None
        style: str | None = None
        m = _HEADING_RE.match(line)
        if m:
            heading, level, line, style = True, len(m.group(1)), m.group(2), f"md-h{len(m.group(1))}"
        else:
            b = _BULLET_RE.match(line)
            if b and not re.match(r"^[-*+]\s*[-*+]\s*[-*+]\s*$", line):
                kind, line, number = "list_item", b.group(1), "-"
            else:
                o = _ORDERED_RE.match(line)
                if o:
                    number, line = f"{o.group(1)}.", o.group(2)
        line, bold = _strip_inline(line)
        line = normalize(line.rstrip("\\"))
        if not line or re.fullmatch(r"[-*_=#\s]{3,}", line):
            continue
        paras.append(
            Paragraph(
                index=len(paras),
                text=line,
                heading=heading,
                level=level,
                kind=kind,  # type: ignore[arg-type]
                number=number,
                bold=bold,
                style=style,
            )
        )
    return paras


def read_text_file(path: Path) -> Document:
    """Read a ``.txt`` or ``.md`` file."""
    data = path.read_bytes()
    text = decode_bytes(data, path)
    paras = paragraphs_from_text(text)
    if not paras:
        raise UnreadableDocument(path, "tệp không có nội dung văn bản", "no text in file")
    return Document(paragraphs=paras, source=str(path), format=path.suffix.lower().lstrip("."))
