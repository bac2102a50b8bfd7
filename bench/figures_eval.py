"""Score :func:`cchc_nlp.figures.extract_figures` against the hand-annotated gold set.

A predicted figure is correct when its kind matches a gold figure's kind, its value matches
within 1e-6 and its span overlaps the gold figure's ``text`` located in the sentence (gold
texts are located left to right, each after the previous one). Prints precision and recall
per kind and overall, plus ``compared_with`` accuracy, and exits 1 if overall precision or
recall is below 0.95.

Run: ``PYTHONPATH=src .venv/bin/python bench/figures_eval.py [gold.jsonl] [-v]``
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from cchc_nlp.document import FIGURE_KINDS
from cchc_nlp.figures import extract_figures

DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "figures_gold.jsonl"
THRESHOLD = 0.95


def _load(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _gold_spans(text: str, figures: list[dict[str, Any]]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for g in figures:
        i = text.find(g["text"], pos)
        if i < 0:
            raise ValueError(f"gold figure {g['text']!r} not found in {text!r}")
        spans.append((i, i + len(g["text"])))
        pos = i + len(g["text"])
    return spans


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main(path: str | Path = DEFAULT_GOLD, verbose: bool = False) -> dict[str, Any]:
    """Score the extractor on the gold set at ``path``.

    Returns:
        ``{"precision", "recall", "f1", "tp", "fp", "fn", "per_kind": {kind: {...}},
        "compared_with_accuracy", "compared_with_recall", "errors": [...]}``.
    """
    items = _load(Path(path))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    cw_total = cw_right = 0
    cw_gold = cw_gold_found = 0
    errors: list[str] = []
    for item in items:
        text, gold = item["text"], item["figures"]
        spans = _gold_spans(text, gold)
        preds = extract_figures(text)
        used = [False] * len(gold)
        for p in preds:
            hit = None
            for j, (g, (gs, ge)) in enumerate(zip(gold, spans, strict=True)):
                if used[j] or g["kind"] != p.kind or abs(float(g["value"]) - p.value) > 1e-6:
                    continue
                if p.start < ge and gs < p.end:
                    hit = j
                    break
            if hit is None:
                fp[p.kind] += 1
                errors.append(f"FP {p.kind:8} {p.text!r} value={p.value} in: {text}")
                continue
            used[hit] = True
            tp[p.kind] += 1
            expected = gold[hit].get("compared_with")
            cw_total += 1
            if p.compared_with == expected:
                cw_right += 1
                if expected:
                    cw_gold_found += 1
            else:
                errors.append(f"CW {p.text!r}: got {p.compared_with!r}, want {expected!r} in: {text}")
        for j, g in enumerate(gold):
            if g.get("compared_with"):
                cw_gold += 1
            if not used[j]:
                fn[g["kind"]] += 1
                errors.append(f"FN {g['kind']:8} {g['text']!r} value={g['value']} in: {text}")

    per_kind: dict[str, dict[str, float]] = {}
    for kind in FIGURE_KINDS:
        if tp[kind] + fp[kind] + fn[kind] == 0:
            continue
        per_kind[kind] = {
            "precision": _ratio(tp[kind], tp[kind] + fp[kind]),
            "recall": _ratio(tp[kind], tp[kind] + fn[kind]),
            "tp": tp[kind],
            "fp": fp[kind],
            "fn": fn[kind],
        }
    t, f_p, f_n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    precision, recall = _ratio(t, t + f_p), _ratio(t, t + f_n)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result: dict[str, Any] = {
        "sentences": len(items),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": t,
        "fp": f_p,
        "fn": f_n,
        "per_kind": per_kind,
        "compared_with_accuracy": _ratio(cw_right, cw_total),
        "compared_with_gold": cw_gold,
        "compared_with_recall": _ratio(cw_gold_found, cw_gold),
        "errors": errors,
    }
    _print(result, verbose)
    return result


def _print(r: dict[str, Any], verbose: bool) -> None:
    print(f"figures gold set: {r['sentences']} sentences, {r['tp'] + r['fn']} gold figures")
    print(f"{'kind':10} {'prec':>6} {'recall':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for kind, k in r["per_kind"].items():
        print(f"{kind:10} {k['precision']:6.3f} {k['recall']:6.3f} {k['tp']:4d} {k['fp']:4d} {k['fn']:4d}")
    print(
        f"{'overall':10} {r['precision']:6.3f} {r['recall']:6.3f} {r['tp']:4d} {r['fp']:4d} {r['fn']:4d}"
        f"   f1={r['f1']:.3f}"
    )
    print(
        f"compared_with accuracy (matched figures): {r['compared_with_accuracy']:.3f}; "
        f"recall of gold comparisons ({r['compared_with_gold']}): {r['compared_with_recall']:.3f}"
    )
    if verbose:
        for e in r["errors"]:
            print(e)


def throughput(n: int = 4000) -> float:
    """Paragraphs per second of :func:`extract_figures` on a report-like paragraph (printed, not asserted)."""
    import time

    para = (
        "Trong kỳ tiếp nhận 1.234 hồ sơ, giải quyết đúng hạn 98,5%, tăng 2,1% so với cùng kỳ; "
        "thực hiện Quyết định số 1205/QĐ-UBND ngày 16/4/2025, 15/15 đơn vị hoàn thành."
    )
    t0 = time.perf_counter()
    for _ in range(n):
        extract_figures(para)
    return n / (time.perf_counter() - t0)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    res = main(args[0] if args else DEFAULT_GOLD, verbose="-v" in sys.argv)
    print(f"throughput: {throughput():,.0f} paragraphs/s")
    sys.exit(0 if res["precision"] >= THRESHOLD and res["recall"] >= THRESHOLD else 1)
