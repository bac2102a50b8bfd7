"""The top-level reading functions: :func:`load` and :func:`from_text`."""

from __future__ import annotations

import os

from .document import Document
from .errors import UnreadableDocument
from .readers import read
from .readers.text import paragraphs_from_text
from .structure import analyze_structure


def _finish(doc: Document) -> Document:
    from .figures import add_figures

    analyze_structure(doc)
    add_figures(doc)
    for i, p in enumerate(doc.paragraphs):
        p.index = i
    return doc


def load(source: str | os.PathLike[str] | Document) -> Document:
    """Read a report (``.docx``, ``.txt``, ``.md`` or text ``.pdf``) into a :class:`Document`.

    Paragraphs come in reading order with their kind, heading level and section path;
    the header block fills ``metadata``; figures are extracted. Raises
    :class:`~cchc_nlp.errors.UnreadableDocument` (with the path and the reason) for a
    file that cannot be read.
    """
    if isinstance(source, Document):
        return source
    return _finish(read(source))


def from_text(text: str, name: str | None = None) -> Document:
    """Read ``text`` exactly as a ``.txt`` file with that content would be read."""
    if not isinstance(text, str):
        raise UnreadableDocument(name, "nội dung phải là chuỗi văn bản", "text must be a str")
    return _finish(Document(paragraphs=paragraphs_from_text(text), source=name, format="txt"))
