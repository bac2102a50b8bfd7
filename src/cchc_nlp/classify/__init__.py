"""Paragraph role classification: the bundled model and :func:`label`."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

from ..document import Document
from .frame import corpus_frame, doc_rows, docs_frame, drop_headings
from .model import ParagraphRoleClassifier, load_model

__all__ = [
    "ParagraphRoleClassifier",
    "corpus_frame",
    "default_model",
    "doc_rows",
    "docs_frame",
    "drop_headings",
    "explain",
    "label",
    "load_model",
]


def default_model_path() -> Path:
    """The folder of the model shipped in the package."""
    return Path(str(resources.files("cchc_nlp") / "data" / "model"))


@functools.lru_cache(maxsize=4)
def _cached(path: str) -> ParagraphRoleClassifier:
    return load_model(path)


def default_model() -> ParagraphRoleClassifier:
    """The bundled, trained model (loaded once per process)."""
    return _cached(str(default_model_path()))


def resolve_model(model: ParagraphRoleClassifier | str | Path | None) -> ParagraphRoleClassifier:
    """A model object from ``None`` (the bundled one), a folder path or a model."""
    if model is None:
        return default_model()
    if isinstance(model, str | Path):
        return _cached(str(Path(model)))
    return model


def label(doc: Document, model: ParagraphRoleClassifier | str | Path | None = None) -> Document:
    """Fill ``label`` and ``confidence`` of every paragraph of ``doc``; returns ``doc``."""
    if not doc.paragraphs:
        return doc
    m = resolve_model(model)
    frame = docs_frame([doc], ["doc"])
    proba = m.predict_proba(frame)
    best = proba.argmax(axis=1)
    for p, k, row in zip(doc.paragraphs, best, proba, strict=True):
        p.label = str(m.classes_[k])
        p.confidence = float(row[k])
    return doc


def explain(
    doc: Document, index: int | None = None, model: Any = None, top: int = 8
) -> list[list[tuple[str, float]]]:
    """The features that pushed each paragraph (or paragraph ``index``) to its label."""
    m = resolve_model(model)
    frame = docs_frame([doc], ["doc"])
    out = m.explain(frame, top=top)
    return [out[index]] if index is not None else out
