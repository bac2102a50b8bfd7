"""Evaluate the checks on the corpus with labels from models that never saw the report.

Two measures (issue: quality check):

1. **Expected findings.** Every corpus report lists the finding codes its author built in
   (``expected_findings``); complete reports list none. Over the codes the corpus can
   expect, precision and recall of the error/warning findings per (report, code).
2. **Omissions cut from complete reports.** From each complete report we cut, in turn,
   all subjective-cause paragraphs, all cause paragraphs, all solutions, all lessons,
   and every figure of the results, and check that the right code is raised; the uncut
   originals must raise none of those codes.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from typing import Any

from ..api import load
from ..checks import check
from ..classify import label
from ..corpus import read_labels
from ..corpus.source import DEFECTS
from ..document import Document
from ..figures import add_figures, extract_figures

EXPECTABLE = ("missing-achievements", *DEFECTS)  # codes a corpus report can be built to expect
CUTS = {
    "subjective causes": ("missing-subjective-cause", {"cause_subjective"}),
    "all causes": ("missing-causes", {"cause_subjective", "cause_objective"}),
    "solutions": ("missing-solutions", {"solution"}),
    "lessons": ("missing-lessons", {"lesson"}),
    "figures of the results": ("no-figures", set()),
}


def _cut(doc: Document, gold: list[str], labels: set[str], strip_figures: bool) -> Document:
    out = copy.deepcopy(doc)
    keep = []
    for p, g in zip(out.paragraphs, gold, strict=True):
        if g in labels:
            continue
        if strip_figures and g == "achievement":
            spans = sorted(((f.start, f.end) for f in extract_figures(p.text)), reverse=True)
            text = p.text
            for a, b in spans:
                text = text[:a] + text[b:]
            p.text = (
                re.sub(r"\s+", " ", re.sub(r"\d", "", text)).strip()
                if spans
                else re.sub(r"\d+([.,]\d+)*%?", "", text)
            )
            if p.cells is not None:
                p.cells = [re.sub(r"\d+([.,]\d+)*%?", "", c) for c in p.cells]
        keep.append(p)
    for i, p in enumerate(keep):
        p.index = i
        p.figures = []
        p.label = None
    out.paragraphs = keep
    return add_figures(out)


def evaluate_checks(
    metas: list[dict[str, Any]], models: dict[str, Any], progress: Any = None
) -> dict[str, Any]:
    """Run both measures; ``models`` maps report id to the model that did not see it."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    per_doc = []
    cut_hits: dict[str, list[bool]] = defaultdict(list)
    orig_clean: list[bool] = []
    complete_errors = 0
    n_complete = 0
    cut_codes = {code for code, _ in CUTS.values()}
    for k, meta in enumerate(metas):
        model = models[meta["id"]]
        base = load(meta["docx"])
        gold = [r["label"] for r in read_labels(meta)]
        doc = label(copy.deepcopy(base), model)
        rep = check(doc, meta["profile"])
        got = {f.code for f in rep.findings if f.severity in ("error", "warning") and f.code in EXPECTABLE}
        exp = set(meta["expected_findings"])
        for c in got & exp:
            tp[c] += 1
        for c in got - exp:
            fp[c] += 1
        for c in exp - got:
            fn[c] += 1
        per_doc.append(
            {"id": meta["id"], "expected": sorted(exp), "got": sorted(got), "labels": [p.label for p in doc]}
        )
        if meta["complete"]:
            n_complete += 1
            complete_errors += bool(rep.errors())
            orig_clean.append(not (rep.codes(("error", "warning")) & cut_codes))
            for name, (code, labels) in CUTS.items():
                if labels and not any(g in labels for g in gold):
                    continue
                cut = label(_cut(base, gold, labels, strip_figures=not labels), model)
                cut_rep = check(cut, meta["profile"])
                cut_hits[name].append(code in cut_rep.codes(("error", "warning")))
        if progress and (k + 1) % 10 == 0:
            progress(f"checks: {k + 1}/{len(metas)} reports")
    t, f_, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {
        "precision": t / (t + f_) if t + f_ else 1.0,
        "recall": t / (t + n) if t + n else 1.0,
        "per_code": {
            c: {"tp": tp[c], "fp": fp[c], "fn": fn[c]} for c in EXPECTABLE if tp[c] or fp[c] or fn[c]
        },
        "per_doc": per_doc,
        "complete_reports": n_complete,
        "complete_with_error": complete_errors,
        "cuts": {
            name: {"n": len(v), "caught": sum(v), "rate": sum(v) / len(v) if v else 0.0}
            for name, v in cut_hits.items()
        },
        "cut_rate": sum(sum(v) for v in cut_hits.values()) / max(sum(len(v) for v in cut_hits.values()), 1),
        "originals_clean": sum(orig_clean) / max(len(orig_clean), 1),
    }


def checks_markdown(res: dict[str, Any]) -> list[str]:
    """The checks section of EVALUATION.md."""
    lines = [
        "",
        "## Checks (labels from the fold model that never saw the report)",
        "",
        f"Expected findings over all corpus reports: precision **{res['precision']:.3f}**, "
        f"recall **{res['recall']:.3f}**. Complete reports with an error-level finding: "
        f"{res['complete_with_error']} of {res['complete_reports']}.",
        "",
        "| code | correct | false alarms | missed |",
        "|---|---|---|---|",
    ]
    lines += [f"| {c} | {v['tp']} | {v['fp']} | {v['fn']} |" for c, v in res["per_code"].items()]
    lines += [
        "",
        "Omissions cut from complete reports, caught with the right code:",
        "",
        "| omission | reports | caught | rate |",
        "|---|---|---|---|",
    ]
    lines += [f"| {k} | {v['n']} | {v['caught']} | {v['rate']:.3f} |" for k, v in res["cuts"].items()]
    lines += [
        "",
        f"All cuts: **{res['cut_rate']:.3f}** caught. Uncut originals free of those codes: "
        f"**{res['originals_clean']:.3f}**.",
        "",
    ]
    wrong = [d for d in res["per_doc"] if d["expected"] != d["got"]]
    if wrong:
        lines += [
            "Reports whose findings differ from the expected ones:",
            "",
            "| report | expected | found |",
            "|---|---|---|",
        ]
        lines += [
            f"| {d['id']} | {', '.join(d['expected']) or '—'} | {', '.join(d['got']) or '—'} |" for d in wrong
        ]
    return lines
