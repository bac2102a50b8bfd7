"""The annotated corpus of CCHC reports: load it as a DataFrame, build it, print its stats.

>>> from cchc_nlp import corpus
>>> df = corpus.load("corpora")            # a row per paragraph, with document metadata
>>> df.groupby("label").size()
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..labels import LABELS as LABELS  # re-exported: corpus.LABELS


def reports_dir(path: str | Path = "corpora") -> Path:
    """The folder holding ``<id>.docx``/``.labels.jsonl``/``.meta.json`` (``<path>/reports`` or ``path``)."""
    p = Path(path)
    return p / "reports" if (p / "reports").is_dir() else p


def iter_reports(path: str | Path = "corpora") -> list[dict[str, Any]]:
    """Metadata of every corpus report, with ``docx`` and ``labels`` paths, sorted by id."""
    out = []
    for meta_path in sorted(reports_dir(path).glob("*.meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        base = meta_path.with_name(meta["id"])
        meta["docx"] = str(base.with_suffix(".docx"))
        meta["labels_path"] = str(base.with_suffix(".labels.jsonl"))
        out.append(meta)
    return out


def read_labels(meta: dict[str, Any]) -> list[dict[str, Any]]:
    """The label rows of one report."""
    with open(meta["labels_path"], encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load(path: str | Path = "corpora") -> Any:
    """The corpus as a :class:`pandas.DataFrame`, a row per paragraph.

    Columns: ``doc_id, office, office_kind, year, report_type, profile, complete,
    index, text, label, unaddressed`` (``unaddressed`` marks shortcomings the author left
    without a solution on purpose).
    """
    import pandas as pd

    rows = []
    for meta in iter_reports(path):
        for r in read_labels(meta):
            rows.append(
                {
                    "doc_id": meta["id"],
                    "office": meta["office"],
                    "office_kind": meta["office_kind"],
                    "year": meta["year"],
                    "report_type": meta["report_type"],
                    "profile": meta["profile"],
                    "complete": meta["complete"],
                    "index": r["index"],
                    "text": r["text"],
                    "label": r["label"],
                    "unaddressed": bool(r.get("unaddressed", False)),
                }
            )
    return pd.DataFrame(rows)


def corpus_hash(path: str | Path = "corpora") -> str:
    """sha256 over every label and metadata file of the corpus (identifies a training set)."""
    import hashlib

    h = hashlib.sha256()
    for meta in iter_reports(path):
        for key in ("labels_path",):
            h.update(Path(meta[key]).read_bytes())
        h.update(json.dumps({k: meta[k] for k in ("id", "office", "defects")}, ensure_ascii=False).encode())
    return h.hexdigest()
