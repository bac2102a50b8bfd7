"""Calibrate the similarity threshold of ``unaddressed-shortcoming`` on the corpus.

Uses the gold labels (not the model) so that the threshold measures the linking itself:
the shortcomings authors marked as deliberately unaddressed (``sho!``) are the positives,
every other shortcoming a negative. Prints, for each threshold, precision and recall of
"unaddressed" and how many complete reports would get a false finding.

    python bench/calibrate_links.py [corpora]
"""

from __future__ import annotations

import sys

from cchc_nlp import load
from cchc_nlp.checks.links import shortcoming_links
from cchc_nlp.corpus import iter_reports, read_labels


def scores(corpus: str = "corpora") -> list[tuple[str, float, bool, bool]]:
    out = []
    for meta in iter_reports(corpus):
        doc = load(meta["docx"])
        rows = read_labels(meta)
        for p, r in zip(doc.paragraphs, rows, strict=True):
            p.label = r["label"]
        if not any(r["label"] == "solution" for r in rows):
            continue
        best, _ = shortcoming_links(doc)
        marked = {r["index"] for r in rows if r.get("unaddressed")}
        for idx, s in best.items():
            out.append((meta["id"], s, idx in marked, meta["complete"]))
    return out


def main(corpus: str = "corpora") -> float:
    data = scores(corpus)
    pos = sum(1 for _, _, m, _ in data if m)
    print(f"{len(data)} shortcomings, {pos} marked unaddressed")
    print("threshold  precision  recall  flagged  complete-reports-flagged")
    best_t, best_f = 0.0, -1.0
    for t in [x / 100 for x in range(2, 31, 1)]:
        flagged = [(d, m, c) for d, s, m, c in data if s < t]
        tp = sum(1 for _, m, _ in flagged if m)
        prec = tp / len(flagged) if flagged else 1.0
        rec = tp / pos if pos else 1.0
        complete_docs = len({d for d, m, c in flagged if c})
        f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f > best_f:
            best_t, best_f = t, f
        print(f"{t:9.2f}  {prec:9.3f}  {rec:6.3f}  {len(flagged):7d}  {complete_docs:5d}")
    print(f"best F1 {best_f:.3f} at threshold {best_t:.2f}")
    return best_t


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "corpora")
