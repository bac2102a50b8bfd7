"""Paragraph tables: the input of the classifier (a row per paragraph, in context)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..document import Document
from ..labels import heading_role
from ..timeref import report_month, time_relation

COLUMNS = (
    "doc_id",
    "index",
    "text",
    "heading",
    "level",
    "section",
    "kind",
    "zone",
    "n_figures",
    "has_percent",
    "has_comparison",
    "has_change",
    "time_after",
    "time_before",
)


def doc_rows(doc: Document, doc_id: str | None = None) -> list[dict[str, Any]]:
    """One row per paragraph of ``doc`` with everything the classifier reads."""
    did = doc_id or doc.source or "<doc>"
    month = report_month(doc.metadata.date)
    rows = []
    for p in doc.paragraphs:
        when = time_relation(p.text, month)
        rows.append(
            {
                "doc_id": did,
                "index": p.index,
                "text": p.text,
                "heading": bool(p.heading),
                "level": p.level,
                "section": tuple(p.section),
                "kind": p.kind,
                "zone": p.zone,
                "n_figures": len(p.figures),
                "has_percent": any(f.kind == "percent" for f in p.figures),
                "has_comparison": any(f.compared_with for f in p.figures),
                "has_change": any(f.kind == "change" for f in p.figures),
                "time_after": when.after,
                "time_before": when.before,
            }
        )
    return rows


def docs_frame(docs: list[Document], doc_ids: list[str] | None = None) -> pd.DataFrame:
    """A paragraph table for several documents."""
    rows: list[dict[str, Any]] = []
    for i, doc in enumerate(docs):
        rows.extend(doc_rows(doc, doc_ids[i] if doc_ids else f"doc{i}"))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def drop_headings(frame: pd.DataFrame) -> pd.DataFrame:
    """The same documents with every heading removed and no section paths."""
    out = frame[~frame["heading"].astype(bool)].copy()
    out["section"] = [() for _ in range(len(out))]
    out["level"] = None
    return out


MERGEABLE_ROLES = frozenset({"cause", "cause_objective", "cause_subjective", "lesson"})


def merge_sections(frame: pd.DataFrame, roles: frozenset[str] = MERGEABLE_ROLES) -> pd.DataFrame:
    """The documents as if their sections announcing ``roles`` had no heading of their own.

    Many reports write their causes (or lessons) straight after the shortcomings, under
    "II. Khó khăn, tồn tại", with no heading between. This rewrites each document that
    way: every body heading whose text announces one of ``roles`` is removed, and the
    paragraphs under it take the section of the last paragraph kept before it. Documents
    with no such heading are left out. Row labels (the index) are those of ``frame``.
    """
    keep: list[int] = []
    sections: list[tuple[str, ...]] = []
    changed_docs: set[Any] = set()
    for doc_id, rows in frame.groupby("doc_id", sort=False):
        rows = rows.sort_values("index")
        # (parents of a removed heading, its text, replacement); a path element is the heading's
        # text, or its list number and text when Word numbers it, hence ``endswith``
        rules: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = []
        prev: tuple[str, ...] | None = None
        for idx, row in zip(rows.index, rows.itertuples(index=False), strict=True):
            section = tuple(row.section or ())
            new = section
            for parents, text, repl in rules:  # innermost first
                n = len(parents)
                if len(section) > n and section[:n] == parents and section[n].endswith(text):
                    new = repl + section[n + 1 :]
                    break
            if row.heading and row.zone == "body" and prev is not None and heading_role(str(row.text)) in roles:
                rules.insert(0, (section, str(row.text), prev))
                changed_docs.add(doc_id)
                continue
            if not row.heading and row.zone == "body":
                prev = new
            keep.append(idx)
            sections.append(new)
    out = frame.loc[keep].copy()
    out["section"] = sections
    return out[out["doc_id"].isin(changed_docs)]


def corpus_frame(
    path: str | Path = "corpora",
) -> tuple[pd.DataFrame, pd.Series, pd.Series, list[dict[str, Any]]]:
    """The labelled corpus read through :func:`cchc_nlp.load`: (X, y, office groups, metas).

    Raises ``ValueError`` when a label file does not align with what the reader reads.
    """
    from .. import load
    from ..corpus import iter_reports, read_labels

    frames, ys, groups = [], [], []
    metas = iter_reports(path)
    for meta in metas:
        doc = load(meta["docx"])
        labels = read_labels(meta)
        if len(labels) != len(doc.paragraphs) or any(
            r["text"] != p.text for r, p in zip(labels, doc.paragraphs, strict=True)
        ):
            raise ValueError(f"{meta['docx']}: labels do not align with the reader; rebuild the corpus")
        rows = doc_rows(doc, meta["id"])
        frames.extend(rows)
        ys.extend(r["label"] for r in labels)
        groups.extend([meta["office"]] * len(rows))
    X = pd.DataFrame(frames, columns=list(COLUMNS))
    return X, pd.Series(ys, name="label"), pd.Series(groups, name="office"), metas
