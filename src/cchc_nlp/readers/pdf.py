"""PDF reader: the text layer, with lines joined back into paragraphs.

A PDF without a text layer (a scan) is refused with a message saying it needs OCR.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..document import Document, Paragraph
from ..errors import UnreadableDocument
from ..text import normalize

_START_RE = re.compile(
    r"^(?:[-–•+*]\s|\(?[0-9]{1,2}(?:\.[0-9]{1,2})*[.)]\s|[IVXLC]{1,5}\.\s|[a-zđ]\)\s|[A-Z]\.\s|"
    r"Phần\s|PHẦN\s|Nơi nhận|KT\.|TM\.|TL\.|Q\.|Kính gửi|Số\s*:)"
)
_END_RE = re.compile(r"[.:;!?]$|\./\.$")
_PAGE_NO_RE = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^Trang\s+\d+", re.IGNORECASE)


def _join_lines(lines: list[str]) -> list[str]:
    widths = sorted(len(x) for x in lines if x)
    typical = widths[int(len(widths) * 0.8)] if widths else 80
    paras: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paras.append(current)
                current = ""
            continue
        if not current:
            current = line
            continue
        prev_short = len(current.split("\n")[-1]) < 0.75 * typical
        last = current.rsplit("\n", 1)[-1]
        new_para = bool(_START_RE.match(line)) or (
            _END_RE.search(last) and (prev_short or line[:1].isupper())
        )
        if last.isupper() and not line.isupper():
            new_para = True
        if new_para or (prev_short and line[:1].isupper() and not last.endswith(",")):
            paras.append(current)
            current = line
        else:
            current = (
                current[:-1] + line if current.endswith("-") and line[:1].islower() else current + " " + line
            )
    if current:
        paras.append(current)
    return paras


def read_pdf(path: Path) -> Document:
    """Read a text PDF into paragraphs."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise UnreadableDocument(path, "tệp PDF được bảo vệ bằng mật khẩu", "password-protected PDF")
        lines: list[str] = []
        for page in reader.pages:
            text = page.extract_text() or ""
            page_lines = [normalize(x) for x in text.split("\n")]
            page_lines = [x for x in page_lines if not _PAGE_NO_RE.match(x)]
            lines.extend(page_lines)
            lines.append("")
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocument(path, f"tệp PDF bị hỏng: {str(exc)[:100]}", "corrupt PDF") from None
    if not any(x.strip() for x in lines):
        raise UnreadableDocument(
            path,
            "PDF không có lớp văn bản (bản scan): cần nhận dạng ký tự (OCR) trước khi phân tích",
            "PDF has no text layer: it is a scan and needs OCR",
        )
    paras = [normalize(p) for p in _join_lines(lines)]
    return Document(
        paragraphs=[Paragraph(index=i, text=t) for i, t in enumerate(p for p in paras if p)],
        source=str(path),
        format="pdf",
    )
