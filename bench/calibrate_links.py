"""Calibrate the two numbers of ``unaddressed-shortcoming`` on the corpus.

A solution addresses a shortcoming when their TF-IDF similarity reaches ``link_threshold``
and at least ``link_share`` of the solution's similarity to the shortcoming it is most about
(:meth:`cchc_nlp.checks.links.Link.addresses`). Uses the gold labels (not the model) so
that the grid measures the linking itself: the shortcomings authors marked as deliberately
unaddressed (``sho!``) are the positives, every other shortcoming a negative. For each pair
of values it prints precision and recall of "unaddressed" per shortcoming, and the reports
flagged: those built to expect the finding and the others (false alarms).

    python bench/calibrate_links.py [corpora] [--only ID,ID,...] [--exclude ID,ID,...] [--later]

``--exclude`` leaves reports out (calibrate on some, then check the chosen values on the
rest with ``--only``). ``--later`` keeps only the six reports written after the first values
(0.03, 0.45, over syllables) were chosen; they checked those values on unseen reports. Since
words are segmented (``links.segment``) the values are (0.02, 0.40), chosen on all 101
reports, with this grid on gold labels and with the checks on the labels of grouped-CV fold
models; no report is unseen by them any more.
"""

from __future__ import annotations

import argparse

from cchc_nlp import load
from cchc_nlp.checks.links import shortcoming_links
from cchc_nlp.corpus import iter_reports, read_labels

LATER = (  # written after link_threshold/link_share were calibrated on the rest of the corpus
    "hn-ttythuyen-2024-nam",
    "ks-sct-2025-soket",
    "ls-pvhtt-2023-6t",
    "bg-xadongtien-2024-q3",
    "tl-bqlkkt-2022-nam",
    "nd-ubndhuyen-2025-soket",
)
THRESHOLDS = (0.0, 0.02, 0.03, 0.04, 0.05, 0.08, 0.1)
SHARES = (0.0, 0.3, 0.4, 0.45, 0.5, 0.6)


def gold_links(corpus: str, only: set[str] | None = None, exclude: set[str] = frozenset()) -> list[dict]:
    """Per report with shortcomings and solutions: its id, whether it expects the finding,
    the marked shortcomings and all candidate links on gold labels."""
    out = []
    for meta in iter_reports(corpus):
        if (only and meta["id"] not in only) or meta["id"] in exclude:
            continue
        doc = load(meta["docx"])
        rows = read_labels(meta)
        for p, r in zip(doc.paragraphs, rows, strict=True):
            p.label = r["label"]
        if not any(r["label"] == "solution" for r in rows):
            continue
        best, links = shortcoming_links(doc)
        if not best:
            continue
        out.append(
            {
                "id": meta["id"],
                "expects": "unaddressed-shortcoming" in meta["expected_findings"],
                "marked": {r["index"] for r in rows if r.get("unaddressed")},
                "shortcomings": set(best),
                "links": [lk for lk in links if lk.kind == "solution"],
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="corpora")
    ap.add_argument("--only", default="", help="comma-separated report ids to use")
    ap.add_argument("--exclude", default="", help="comma-separated report ids to leave out")
    ap.add_argument("--later", action="store_true", help="only the six reports written after calibration")
    args = ap.parse_args()
    only = {x for x in args.only.split(",") if x} or (set(LATER) if args.later else None)
    exclude = {x for x in args.exclude.split(",") if x}
    data = gold_links(args.corpus, only, exclude)
    pos = sum(len(d["marked"]) for d in data)
    n = sum(len(d["shortcomings"]) for d in data)
    n_exp = sum(d["expects"] for d in data)
    print(f"{len(data)} reports, {n} shortcomings, {pos} marked unaddressed in {n_exp} reports")
    print("threshold  share  precision  recall  flagged  reports-right  reports-false-alarm")
    for t in THRESHOLDS:
        for s in SHARES:
            flagged = tp = right = false_alarm = 0
            for d in data:
                addressed = {lk.shortcoming for lk in d["links"] if lk.addresses(t, s)}
                unaddr = d["shortcomings"] - addressed
                flagged += len(unaddr)
                tp += len(unaddr & d["marked"])
                if unaddr:
                    right += d["expects"]
                    false_alarm += not d["expects"]
            prec = tp / flagged if flagged else 1.0
            rec = tp / pos if pos else 1.0
            print(
                f"{t:9.2f}  {s:5.2f}  {prec:9.3f}  {rec:6.3f}  {flagged:7d}  {right:5d}/{n_exp:<5d}  {false_alarm:5d}"
            )


if __name__ == "__main__":
    main()
