"""Readers: one module per file format, dispatched by :func:`read` on the file suffix.

A reader turns bytes into a :class:`~cchc_nlp.document.Document` with raw paragraphs
(text normalised, kind, style hints). :mod:`cchc_nlp.structure` then finds headings,
sections and the header block.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..document import Document
from ..errors import UnreadableDocument

SUFFIXES = (".docx", ".doc", ".txt", ".md", ".pdf")
MAX_FILE_BYTES = 200 * 1024 * 1024


def check_path(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` as a :class:`Path` if it names a readable, non-empty file of a known format."""
    p = Path(path)
    if not p.exists():
        if p.is_symlink():
            raise UnreadableDocument(p, "liên kết trỏ tới tệp không tồn tại", "broken symbolic link")
        raise UnreadableDocument(p, "không tìm thấy tệp", "no such file")
    if p.is_dir():
        raise UnreadableDocument(
            p, "đây là thư mục, không phải tệp báo cáo", "is a directory, not a report file"
        )
    if not p.is_file():
        raise UnreadableDocument(p, "không phải tệp thông thường", "not a regular file")
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableDocument(
            p,
            f"định dạng '{suffix or '(không có đuôi)'}' không được hỗ trợ (chỉ .docx, .doc, .txt, .md, .pdf)",
            "unsupported format",
        )
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(
            p, f"không đọc được thông tin tệp: {exc.strerror}", "cannot stat file"
        ) from None
    if size == 0:
        raise UnreadableDocument(p, "tệp rỗng (0 byte)", "empty file")
    if size > MAX_FILE_BYTES:
        raise UnreadableDocument(p, "tệp quá lớn (trên 200 MB)", "file larger than 200 MB")
    if not os.access(p, os.R_OK):
        raise UnreadableDocument(p, "không có quyền đọc tệp", "permission denied")
    return p


def read(path: str | os.PathLike[str]) -> Document:
    """Read ``path`` with the reader for its suffix (no structure analysis)."""
    p = check_path(path)
    suffix = p.suffix.lower()
    try:
        if suffix == ".docx":
            from .docx import read_docx

            return read_docx(p)
        if suffix == ".doc":
            from .doc import read_doc

            return read_doc(p)
        if suffix == ".pdf":
            from .pdf import read_pdf

            return read_pdf(p)
        from .text import read_text_file

        return read_text_file(p)
    except PermissionError:
        raise UnreadableDocument(p, "không có quyền đọc tệp", "permission denied") from None
    except FileNotFoundError:
        raise UnreadableDocument(p, "tệp đã bị xóa trong khi đọc", "file vanished while reading") from None
    except IsADirectoryError:
        raise UnreadableDocument(p, "đây là thư mục", "is a directory") from None
    except OSError as exc:
        raise UnreadableDocument(p, f"lỗi đọc tệp: {exc.strerror or exc}", "I/O error") from None
