"""The top-level reading functions: :func:`load` and :func:`from_text`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .document import Document
from .errors import UnreadableDocument
from .readers import read
from .readers.text import paragraphs_from_text
from .structure import analyze_structure

if TYPE_CHECKING:
    from .checks.report import Report


def _finish(doc: Document) -> Document:
    from .figures import add_figures

    analyze_structure(doc)
    add_figures(doc)
    for i, p in enumerate(doc.paragraphs):
        p.index = i
    return doc


def load(source: str | os.PathLike[str] | Document) -> Document:
    """Read a report (``.docx``, ``.txt``, ``.md``, text ``.pdf``, or legacy ``.doc`` through
    LibreOffice) into a :class:`Document`.

    Paragraphs come in reading order with their kind, heading level and section path;
    the header block fills ``metadata``; figures are extracted. Raises
    :class:`~cchc_nlp.errors.UnreadableDocument` (with the path and the reason) for a
    file that cannot be read.
    """
    if isinstance(source, Document):
        return source
    return _finish(read(source))


def analyze(
    source: str | os.PathLike[str] | Document, profile: object = None, model: object = None
) -> Report:
    """Load (if needed), label, extract figures and run the profile's checks.

    ``source`` is a path or a :class:`Document`; ``profile`` a built-in profile name
    (default ``so-ket-2021-2025``), a YAML path or a :class:`~cchc_nlp.checks.Profile`;
    ``model`` a model folder or object (default: the bundled model).
    """
    from .checks import check
    from .classify import label

    doc = load(source)
    label(doc, model)  # type: ignore[arg-type]
    return check(doc, profile)  # type: ignore[arg-type]


def from_text(text: str, name: str | None = None) -> Document:
    """Read ``text`` exactly as a ``.txt`` file with that content would be read."""
    if not isinstance(text, str):
        raise UnreadableDocument(name, "nội dung phải là chuỗi văn bản", "text must be a str")
    return _finish(Document(paragraphs=paragraphs_from_text(text), source=name, format="txt"))
