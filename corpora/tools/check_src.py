"""Validate corpus source files and print their label counts.

Usage: python corpora/tools/check_src.py corpora/src/*.txt
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from cchc_nlp.corpus.source import SourceError, parse_source


def main(argv: list[str]) -> int:
    total: Counter[str] = Counter()
    status = 0
    for arg in argv:
        try:
            src = parse_source(arg)
        except SourceError as exc:
            print(f"ERROR {exc}")
            status = 1
            continue
        counts = Counter(line.label for line in src.lines)
        total += counts
        labels = set(counts)
        notes = []
        defects = set(src.meta["defects"])
        if (
            "cause_subjective" not in labels
            and "missing-subjective-cause" not in defects
            and "missing-causes" not in defects
            and "missing-shortcomings" not in defects
        ):
            notes.append("no csu but no defect declared")
        if (
            "cause_objective" not in labels
            and "missing-objective-cause" not in defects
            and "missing-causes" not in defects
            and "missing-shortcomings" not in defects
        ):
            notes.append("no cob but no defect declared")
        if "lesson" not in labels and "missing-lessons" not in defects:
            notes.append("no les but no defect declared")
        if "solution" not in labels and "missing-solutions" not in defects:
            notes.append("no sol but no defect declared")
        print(
            f"ok {src.id}: {len(src.lines)} lines {dict(sorted(counts.items()))}"
            + (f" WARN {notes}" if notes else "")
        )
    print(f"TOTAL {sum(total.values())} {dict(sorted(total.items()))}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
