"""Accuracy of the content-area rules (``cchc_nlp.areas``) on the hand-labelled sample.

``corpora/areas.jsonl`` holds one line per achievement paragraph (``doc_id``, ``index``,
``area``, ``split``), labelled by reading the paragraph with its headings, before any rule
was run on it. ``split`` is ``dev`` for the 341 paragraphs that were read first (the cue
words of the rules were chosen after reading them, so their score is optimistic) and
``heldout`` for 70 paragraphs labelled afterwards and never used to adjust the rules.
This script reads each report, applies :func:`cchc_nlp.areas.area_of` and prints accuracy
(overall and per split) and per-area precision/recall.
Run: ``python bench/areas_eval.py [--errors]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def evaluate(corpus: Path = ROOT / "corpora") -> dict[str, Any]:
    """Gold vs predicted areas: accuracy, per-area precision/recall/support, the mistakes."""
    from cchc_nlp import load
    from cchc_nlp.areas import AREAS, explain_area
    from cchc_nlp.corpus import reports_dir

    gold = [json.loads(line) for line in (corpus / "areas.jsonl").read_text(encoding="utf-8").splitlines() if line]
    docs: dict[str, Any] = {}
    pairs: list[tuple[str, str]] = []
    splits: dict[str, list[bool]] = {}
    mistakes: list[dict[str, Any]] = []
    for row in gold:
        doc = docs.get(row["doc_id"])
        if doc is None:
            doc = docs[row["doc_id"]] = load(reports_dir(corpus) / f"{row['doc_id']}.docx")
        p = doc.paragraphs[row["index"]]
        decision = explain_area(p.text, p.section)
        pairs.append((row["area"], decision.area))
        splits.setdefault(row.get("split", "dev"), []).append(decision.area == row["area"])
        if decision.area != row["area"]:
            mistakes.append({**row, "predicted": decision.area, "why": str(decision), "text": p.text[:120]})
    tp = Counter(g for g, p in pairs if g == p)
    gold_n = Counter(g for g, _ in pairs)
    pred_n = Counter(p for _, p in pairs)
    per_area = {
        a: {
            "precision": tp[a] / pred_n[a] if pred_n[a] else 0.0,
            "recall": tp[a] / gold_n[a] if gold_n[a] else 0.0,
            "support": gold_n[a],
        }
        for a in AREAS
    }
    return {
        "paragraphs": len(pairs),
        "reports": len(docs),
        "accuracy": sum(tp.values()) / len(pairs) if pairs else 0.0,
        "splits": {k: {"paragraphs": len(v), "accuracy": sum(v) / len(v)} for k, v in splits.items()},
        "per_area": per_area,
        "mistakes": mistakes,
    }


def main() -> None:
    """Print the evaluation."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list the paragraphs the rules get wrong")
    args = ap.parse_args()
    res = evaluate()
    print(f"gold paragraphs {res['paragraphs']} from {res['reports']} reports")
    print(f"accuracy        {res['accuracy']:.3f}")
    for name, sp in res["splits"].items():
        print(f"  {name:8s} {sp['accuracy']:.3f} on {sp['paragraphs']} paragraphs")
    print(f"{'area':20s} {'precision':>9s} {'recall':>7s} {'support':>7s}")
    for area, m in res["per_area"].items():
        print(f"{area:20s} {m['precision']:9.3f} {m['recall']:7.3f} {m['support']:7d}")
    if args.errors:
        for m in res["mistakes"]:
            print(f"- {m['doc_id']} ¶{m['index']}: gold {m['area']}, got {m['why']} | {m['text']}")


if __name__ == "__main__":
    sys.exit(main())
