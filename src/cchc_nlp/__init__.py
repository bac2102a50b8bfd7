"""cchc-nlp: read, label, check and consolidate Vietnamese administrative-reform (CCHC) reports.

>>> import cchc_nlp
>>> doc = cchc_nlp.from_text("I. KẾT QUẢ\\nĐã giải quyết 1.234 hồ sơ, đạt 98,5%.")
>>> [f.text for f in doc.paragraphs[1].figures]
['1.234 hồ sơ', '98,5%']
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import analyze, from_text, load
from .document import Document, Figure, Metadata, Paragraph
from .errors import CchcError, ModelIntegrityError, ProfileError, UnreadableDocument

try:
    __version__ = version("cchc-nlp")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"



def __getattr__(name: str) -> object:
    """``consolidate`` and ``suggest`` are imported on first use (they pull in python-docx and scipy)."""
    if name == "consolidate":
        from .draft import consolidate

        return consolidate
    if name == "suggest":
        from .suggestions import suggest

        return suggest
    raise AttributeError(f"module 'cchc_nlp' has no attribute {name!r}")


__all__ = [
    "CchcError",
    "Document",
    "Figure",
    "Metadata",
    "ModelIntegrityError",
    "Paragraph",
    "ProfileError",
    "UnreadableDocument",
    "__version__",
    "analyze",
    "consolidate",
    "from_text",
    "load",
    "suggest",
]
