"""Suggestions from the archive: quality on held-out corpus reports, and query latency at 10,000 reports.

Quality: every corpus report in turn is held out, an index is built from the other 69,
and each of its shortcomings that it links to a solution is looked up; a hit when one
of the first solutions of the top 5 suggestions says the same as the report's own
solution (content cosine >= 0.2). The chance level (5 random suggestions) is printed
next to it. By default the corpus gold labels say which paragraphs are shortcomings and
solutions; ``--analyse`` uses the bundled model's labels instead (slower: reads 70 files).

Latency: an archive of 10,000 reports is synthesised by copying corpus reports with
small edits (numbers changed, a few words swapped, so the vocabulary grows as a real
archive's would); its index is saved to a temporary folder, opened as
:func:`cchc_nlp.suggestions.suggest` opens it, and queried with edited corpus shortcomings.

Run: ``python bench/suggest_bench.py [--reports 10000] [--queries 200] [--analyse]``.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FILLERS = ("đã", "được", "các", "và", "tiếp tục", "kịp thời", "cơ bản", "còn", "vẫn")


def _edit(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 10)):
        words[rng.randrange(len(words))] = rng.choice(FILLERS)
    out = " ".join(words)
    return re.sub(r"\d+", lambda m: str(rng.randrange(1, 999)) if rng.random() < 0.6 else m.group(), out)


def synthesise(entries: list[dict[str, Any]], n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` report entries made by copying corpus entries with small edits."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        e = entries[k % len(entries)]
        sols = {i: _edit(t, rng) for i, t in e["solutions"].items()}
        shorts = [dict(s, text=_edit(s["text"], rng)) for s in e["shortcomings"]]
        out.append(dict(e, file=f"synthetic/{k:05d}-{e['file']}", shortcomings=shorts, solutions=sols))
    return out


def analysed_entries() -> list[dict[str, Any]]:
    """Corpus entries labelled by the bundled model (reads every corpus report)."""
    from cchc_nlp import analyze
    from cchc_nlp.corpus import iter_reports
    from cchc_nlp.suggestions import entry_from_document

    out = []
    for meta in iter_reports(ROOT / "corpora"):
        rep = analyze(meta["docx"])
        out.append(entry_from_document(rep.document, Path(meta["docx"]).name, "", rep.profile.link_threshold))
    return out


def main() -> None:
    """Print the quality share and the latency figures."""
    from cchc_nlp.suggestions import SuggestIndex, entries_from_corpus, held_out_quality, suggest

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--analyse", action="store_true", help="use the model's labels instead of the gold labels")
    args = ap.parse_args()

    entries = analysed_entries() if args.analyse else entries_from_corpus(ROOT / "corpora")
    t = time.perf_counter()
    q = held_out_quality(entries, top=5)
    print(f"labels: {'bundled model' if args.analyse else 'corpus gold'}; reports {len(entries)}")
    print(
        f"held-out quality: known solution among the top-5 suggestions for {q['share']:.1%} "
        f"of {int(q['asked'])} shortcomings (random suggestions: {q['random_share']:.1%}) "
        f"[{time.perf_counter() - t:.1f} s]"
    )

    rng = random.Random(7)
    t = time.perf_counter()
    big = synthesise(entries, args.reports)
    idx = SuggestIndex.from_entries(big)
    build = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        idx.save(tmp)
        save = time.perf_counter() - t
        t = time.perf_counter()
        loaded = SuggestIndex.load(tmp)
        load = time.perf_counter() - t
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
        pool = [s["text"] for e in entries for s in e["shortcomings"]]
        queries = [_edit(rng.choice(pool), rng) for _ in range(args.queries)]
        times = []
        for text in queries:
            t = time.perf_counter()
            res = suggest(text, archive=loaded, top=5)
            times.append((time.perf_counter() - t) * 1000)
            assert res
    times.sort()
    print(
        f"synthetic archive: {args.reports} reports, {len(idx)} shortcomings, {len(idx.terms)} terms; "
        f"index built in {build:.1f} s, saved in {save:.1f} s ({size:.0f} MB), opened in {load * 1000:.0f} ms"
    )
    print(
        f"query latency over {len(times)} queries (top 5, texts read from disk): "
        f"median {statistics.median(times):.1f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms, "
        f"max {times[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
