"""Corpus statistics and the thresholds the corpus must meet (issue: annotated corpus)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from . import LABELS, iter_reports, read_labels
from .source import LAYOUTS, REPORT_TYPES

THRESHOLDS = {
    "reports": 60,
    "offices": 25,
    "office_kinds": 6,
    "body_paragraphs": 3000,
    "per_label": 150,
    "core_label": 250,
    "incomplete_share": 0.30,
    "max_ngram_doc_share": 0.05,
}
CORE = ("achievement", "shortcoming", "cause_objective", "cause_subjective", "solution")
LAYOUTS_REQUIRED = LAYOUTS  # every layout of the source format must occur
_REF_RE = re.compile(
    r"\b(?:số\s+)?\d+[\w./-]*/[A-ZĐa-zđ][\w./-]*|\b\d{1,2}/\d{1,2}/\d{4}\b|\bngày\s+\d{1,2}/\d{1,2}(?:/\d{4})?"
    r"|\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b"
)
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def load_fixed_names(path: Path) -> list[tuple[str, ...]]:
    """Names of systems, laws, programmes and bodies that every author may write verbatim,
    as lower-cased word tuples."""
    if not path.exists():
        return []
    names = [
        tuple(_WORD_RE.findall(_REF_RE.sub(" ", ln.strip()).lower()))
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    return sorted({n for n in names if n}, key=len, reverse=True)


def _chunks(text: str, names: list[tuple[str, ...]]) -> list[list[str]]:
    """Word runs of ``text`` with document references, periods and fixed names cut out."""
    chunks: list[list[str]] = []
    for piece in _REF_RE.split(text.lower()):
        words = _WORD_RE.findall(piece)
        current: list[str] = []
        i = 0
        while i < len(words):
            hit = next((len(n) for n in names if tuple(words[i : i + len(n)]) == n), 0)
            if hit:
                chunks.append(current)
                current = []
                i += hit
            else:
                current.append(words[i])
                i += 1
        chunks.append(current)
    return [c for c in chunks if c]


def ngram_doc_share(
    reports: list[tuple[str, list[dict[str, Any]]]], names: list[tuple[str, ...]], n: int = 8, top: int = 10
) -> list[tuple[str, int, float]]:
    """The ``n``-word sequences (outside headings, header and signature, fixed names,
    document references and periods) that occur in the most documents:
    (sequence, documents, share)."""
    docs_with: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for doc_id, rows in reports:
        for r in rows:
            if r.get("heading") or "source_line" not in r:
                continue
            for words in _chunks(r["text"], names):
                for i in range(len(words) - n + 1):
                    docs_with[tuple(words[i : i + n])].add(doc_id)
    total = max(len(reports), 1)
    ranked = sorted(docs_with.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    return [(" ".join(k), len(v), len(v) / total) for k, v in ranked]


def compute(path: str | Path = "corpora") -> dict[str, Any]:
    """All the corpus figures and, for each threshold, whether it is met."""
    metas = iter_reports(path)
    label_counts: Counter[str] = Counter()
    body = 0
    reports = []
    for meta in metas:
        rows = read_labels(meta)
        reports.append((meta["id"], rows))
        for r in rows:
            if "source_line" in r:
                body += 1
                label_counts[r["label"]] += 1
    root = Path(path)
    names = load_fixed_names(root / "fixed_names.txt")
    ngrams = ngram_doc_share(reports, names)
    offices = {m["office"] for m in metas}
    kinds = Counter(m["office_kind"] for m in metas)
    incomplete = sum(1 for m in metas if not m["complete"])
    layouts = Counter(x for m in metas for x in m["layout"])
    defects = Counter(x for m in metas for x in m["defects"])
    years = Counter(m["year"] for m in metas)
    types = Counter(m["report_type"] for m in metas)
    n = max(len(metas), 1)
    checks = {
        f"reports >= {THRESHOLDS['reports']}": len(metas) >= THRESHOLDS["reports"],
        f"offices >= {THRESHOLDS['offices']}": len(offices) >= THRESHOLDS["offices"],
        f"office kinds >= {THRESHOLDS['office_kinds']}": len(kinds) >= THRESHOLDS["office_kinds"],
        f"body paragraphs >= {THRESHOLDS['body_paragraphs']}": body >= THRESHOLDS["body_paragraphs"],
        f"every label >= {THRESHOLDS['per_label']}": all(
            label_counts[lb] >= THRESHOLDS["per_label"] for lb in LABELS
        ),
        f"core labels >= {THRESHOLDS['core_label']}": all(
            label_counts[lb] >= THRESHOLDS["core_label"] for lb in CORE
        ),
        f"incomplete share >= {THRESHOLDS['incomplete_share']:.0%}": incomplete / n
        >= THRESHOLDS["incomplete_share"],
        "years 2021-2025 all present": all(years[y] for y in range(2021, 2026)),
        "all report types present": all(types[t] for t in REPORT_TYPES),
        "all layouts present": all(layouts[x] for x in LAYOUTS_REQUIRED),
        f"no 8-word sequence in > {THRESHOLDS['max_ngram_doc_share']:.0%} of documents": (
            not ngrams or ngrams[0][2] <= THRESHOLDS["max_ngram_doc_share"]
        ),
    }
    return {
        "reports": len(metas),
        "offices": len(offices),
        "office_kinds": dict(sorted(kinds.items())),
        "years": dict(sorted(years.items())),
        "report_types": dict(sorted(types.items())),
        "layouts": dict(sorted(layouts.items())),
        "defects": dict(sorted(defects.items())),
        "incomplete": incomplete,
        "incomplete_share": incomplete / n,
        "paragraphs": sum(m["paragraphs"] for m in metas),
        "body_paragraphs": body,
        "labels": {lb: label_counts[lb] for lb in LABELS},
        "top_8grams": ngrams,
        "checks": checks,
    }


def format_stats(s: dict[str, Any]) -> str:
    """A plain-text report of :func:`compute`."""
    lines = [
        f"Reports: {s['reports']}   offices: {s['offices']}   "
        f"incomplete: {s['incomplete']} ({s['incomplete_share']:.0%})",
        f"Paragraphs read: {s['paragraphs']}   labelled body paragraphs: {s['body_paragraphs']}",
        "Office kinds: " + ", ".join(f"{k}={v}" for k, v in s["office_kinds"].items()),
        "Years: " + ", ".join(f"{k}={v}" for k, v in s["years"].items()),
        "Report types: " + ", ".join(f"{k}={v}" for k, v in s["report_types"].items()),
        "Layouts: " + ", ".join(f"{k}={v}" for k, v in s["layouts"].items()),
        "Defects: " + ", ".join(f"{k}={v}" for k, v in s["defects"].items()),
        "Labels (body): " + ", ".join(f"{k}={v}" for k, v in s["labels"].items()),
        "Most repeated 8-word sequences (documents, share):",
    ]
    lines += [f"  {d:3d} {share:5.1%}  {g}" for g, d, share in s["top_8grams"]]
    lines.append("Thresholds:")
    lines += [f"  [{'PASS' if ok else 'FAIL'}] {name}" for name, ok in s["checks"].items()]
    return "\n".join(lines)
