"""Score a trained model and the checks on corpus reports the model never saw.

``cchc evaluate`` measures by grouped cross-validation. This script answers a narrower
question, with no folds: how does a model that was *finished* (trained, its settings and the
check rules fixed) do on reports written afterwards? By default it takes the bundled model
and the reports that are not in its training record (``report_ids``, written by
``cchc train``); ``--only`` names the reports instead.

    python bench/heldout_eval.py [corpora] [--model DIR] [--only ID,ID,...]
    python bench/heldout_eval.py --list-held-out    # those ids, comma-separated, for
                                                    # `cchc train --exclude` when retraining

Prints paragraph macro-F1 (with headings), the expected findings (precision and recall per
(report, code), as in ``cchc evaluate``) and, for the complete reports among them, the
omission cuts and whether the uncut originals stay clean.
"""

from __future__ import annotations

import argparse

from sklearn.metrics import f1_score

from cchc_nlp.checks.evaluate import evaluate_checks
from cchc_nlp.classify import default_model, load_model
from cchc_nlp.corpus import iter_reports, read_labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="corpora")
    ap.add_argument("--model", default=None, help="model folder (default: the bundled model)")
    ap.add_argument("--only", default="", help="comma-separated report ids (default: those the model never saw)")
    ap.add_argument("--list-held-out", action="store_true", help="print the ids of the reports the model never saw")
    args = ap.parse_args()
    model = load_model(args.model) if args.model else default_model()
    seen = set(getattr(model, "training_", {}).get("report_ids") or ())
    only = {x for x in args.only.split(",") if x}
    if not only and not seen:
        raise SystemExit("this model has no record of its training reports: name the reports with --only")
    metas = [m for m in iter_reports(args.corpus) if (m["id"] in only if only else m["id"] not in seen)]
    if args.list_held_out:
        print(",".join(sorted(m["id"] for m in metas)))
        return
    if not metas:
        raise SystemExit("no report to score")
    overlap = sorted(m["id"] for m in metas if m["id"] in seen)
    if overlap:
        print(f"warning: the model was trained on {len(overlap)} of these reports: {', '.join(overlap)}")
    res = evaluate_checks(metas, {m["id"]: model for m in metas})
    gold = [r["label"] for meta in metas for r in read_labels(meta)]
    pred = [lab for d in res["per_doc"] for lab in d["labels"]]  # in the order of metas
    n_exp = sum(len(m["expected_findings"]) for m in metas)
    print(
        f"{len(metas)} reports ({sum(m['complete'] for m in metas)} complete), {len(gold)} paragraphs, "
        f"{n_exp} expected findings"
    )
    print(f"paragraph macro-F1           {f1_score(gold, pred, average='macro'):.3f}")
    print(f"expected findings precision  {res['precision']:.3f}")
    print(f"expected findings recall     {res['recall']:.3f}")
    print(f"complete reports with error  {res['complete_with_error']} of {res['complete_reports']}")
    if res["cuts"]:
        print(
            f"omissions cut, caught        {res['cut_rate']:.3f}  "
            + ", ".join(f"{k} {v['caught']}/{v['n']}" for k, v in res["cuts"].items())
        )
        print(f"originals clean              {res['originals_clean']:.3f}")
    for d in res["per_doc"]:
        if d["expected"] != d["got"]:
            print(f"  {d['id']}: expected {', '.join(d['expected']) or '—'}; found {', '.join(d['got']) or '—'}")


if __name__ == "__main__":
    main()
