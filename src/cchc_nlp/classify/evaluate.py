"""Grouped cross-validation of the classifier and its baselines; writes ``EVALUATION.md``.

Folds are grouped by office (GroupKFold): no office has paragraphs on both sides of a
split, never a random paragraph split.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import time
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from ..labels import LABELS
from .baselines import HeadingRuleBaseline, KeywordRuleBaseline
from .frame import drop_headings
from .model import ParagraphRoleClassifier


def reliability(
    conf: np.ndarray, correct: np.ndarray, bins: int = 10
) -> tuple[list[dict[str, float]], float]:
    """Reliability table (per confidence bin: count, mean confidence, accuracy) and the ECE."""
    rows = []
    ece = 0.0
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in itertools.pairwise(edges):
        m = (conf > lo) & (conf <= hi) if lo > 0 else (conf >= lo) & (conf <= hi)
        if m.sum() == 0:
            continue
        c, a = float(conf[m].mean()), float(correct[m].mean())
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()), "confidence": c, "accuracy": a})
        ece += m.sum() / len(conf) * abs(c - a)
    return rows, float(ece)


def _scores(y: np.ndarray, pred: np.ndarray) -> dict[str, Any]:
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=list(LABELS), zero_division=0)
    return {
        "macro_f1": float(f1_score(y, pred, labels=list(LABELS), average="macro", zero_division=0)),
        "accuracy": float((y == pred).mean()),
        "per_label": {
            lb: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
            for i, lb in enumerate(LABELS)
        },
        "confusion": confusion_matrix(y, pred, labels=list(LABELS)).tolist(),
    }


def cross_validate(
    X: pd.DataFrame,
    y: pd.Series,
    groups: pd.Series,
    model: ParagraphRoleClassifier | None = None,
    n_splits: int = 5,
    progress: Any = None,
    fold_models: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Grouped CV of ``model`` (default settings if None) and both baselines, with and
    without headings. Returns all scores, the reliability table and the errors."""
    model = model or ParagraphRoleClassifier()
    X = X.reset_index(drop=True)
    y = y.reset_index(drop=True).to_numpy(dtype=object)
    groups = groups.reset_index(drop=True)
    n_splits = min(n_splits, groups.nunique())
    systems = {"model": model, "heading_rules": HeadingRuleBaseline(), "keyword_rules": KeywordRuleBaseline()}
    pred = {(s, h): np.empty(len(X), dtype=object) for s in systems for h in ("with", "without")}
    conf = np.zeros(len(X))
    conf_nh: dict[int, float] = {}
    nohead_idx: np.ndarray | None = None
    t0 = time.time()
    for k, (tr, te) in enumerate(GroupKFold(n_splits=n_splits).split(X, y, groups)):
        Xte = X.iloc[te]
        Xnh = drop_headings(Xte)
        for name, est in systems.items():
            fitted = clone(est).fit(X.iloc[tr], y[tr])
            if name == "model":
                if fold_models is not None:
                    for did in set(Xte["doc_id"]):
                        fold_models[str(did)] = fitted
                proba = fitted.predict_proba(Xte)
                pred[(name, "with")][te] = fitted.classes_[proba.argmax(1)]
                conf[te] = proba.max(1)
                pnh = fitted.predict_proba(Xnh)
                pred[(name, "without")][Xnh.index.to_numpy()] = fitted.classes_[pnh.argmax(1)]
                for i, c in zip(Xnh.index.to_numpy(), pnh.max(1), strict=True):
                    conf_nh[int(i)] = float(c)
            else:
                pred[(name, "with")][te] = fitted.predict(Xte)
                pred[(name, "without")][Xnh.index.to_numpy()] = fitted.predict(Xnh)
        if progress:
            progress(f"fold {k + 1}/{n_splits} done ({time.time() - t0:.0f} s)")
    nohead_idx = np.array(sorted(conf_nh))
    results: dict[str, Any] = {"n_paragraphs": len(X), "n_offices": int(groups.nunique()), "folds": n_splits}
    for (name, h), p in pred.items():
        if h == "with":
            results[f"{name}/with_headings"] = _scores(y, p)
        else:
            results[f"{name}/without_headings"] = _scores(y[nohead_idx], p[nohead_idx])
    correct = pred[("model", "with")] == y
    results["reliability"], results["ece"] = reliability(conf, correct)
    cnh = np.array([conf_nh[i] for i in nohead_idx])
    results["reliability_without"], results["ece_without"] = reliability(
        cnh, pred[("model", "without")][nohead_idx] == y[nohead_idx]
    )
    errors = []
    for i in np.where(~correct)[0]:
        errors.append(
            {
                "doc_id": X.loc[i, "doc_id"],
                "index": int(X.loc[i, "index"]),
                "gold": y[i],
                "pred": pred[("model", "with")][i],
                "confidence": float(conf[i]),
                "text": X.loc[i, "text"],
            }
        )
    results["errors"] = errors
    results["seconds"] = time.time() - t0
    return results


def _table(scores: dict[str, Any]) -> list[str]:
    out = ["| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for lb in LABELS:
        s = scores["per_label"][lb]
        out.append(f"| {lb} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} |")
    out.append(f"| **macro** | | | **{scores['macro_f1']:.3f}** | |")
    return out


def _confusion(scores: dict[str, Any]) -> list[str]:
    short = ["ach", "sho", "cob", "csu", "sol", "les", "rec", "oth"]
    out = ["| gold \\ predicted | " + " | ".join(short) + " |", "|---" * (len(short) + 1) + "|"]
    for lb, row in zip(short, scores["confusion"], strict=True):
        out.append(f"| {lb} | " + " | ".join(str(v) for v in row) + " |")
    return out


def to_markdown(res: dict[str, Any], corpus_hash: str, command: str) -> str:
    """The EVALUATION.md page (generated; do not edit by hand)."""
    m, mn = res["model/with_headings"], res["model/without_headings"]
    lines = [
        "# Paragraph role classifier: evaluation",
        "",
        f"Generated by `{command}` on {_dt.date.today().isoformat()} — do not edit by hand.",
        "",
        f"Corpus: {res['n_paragraphs']} paragraphs from {res['n_offices']} offices (sha256 `{corpus_hash[:16]}`). "
        f"Cross-validation: GroupKFold, {res['folds']} folds grouped by office (no office on both sides of a split). "
        f"Run time {res['seconds']:.0f} s.",
        "",
        "## Summary (macro-F1 over the 8 labels)",
        "",
        "| system | with headings | headings removed |",
        "|---|---|---|",
    ]
    for name, title in (
        ("model", "ParagraphRoleClassifier"),
        ("heading_rules", "baseline: heading rules"),
        ("keyword_rules", "baseline: keyword rules"),
    ):
        lines.append(
            f"| {title} | {res[f'{name}/with_headings']['macro_f1']:.3f} | "
            f"{res[f'{name}/without_headings']['macro_f1']:.3f} |"
        )
    best_base = max(
        res["heading_rules/with_headings"]["macro_f1"], res["keyword_rules/with_headings"]["macro_f1"]
    )
    lines += [
        "",
        f"Margin over the better baseline (with headings): {m['macro_f1'] - best_base:+.3f}. "
        f"cause_objective F1 {m['per_label']['cause_objective']['f1']:.3f}, "
        f"cause_subjective F1 {m['per_label']['cause_subjective']['f1']:.3f}.",
        "",
        "## Model, with headings",
        "",
        *_table(m),
        "",
        "Confusion matrix (rows gold, columns predicted):",
        "",
        *_confusion(m),
        "",
        "## Model, every heading removed",
        "",
        *_table(mn),
        "",
        *_confusion(mn),
        "",
        "## Calibration (model, with headings)",
        "",
        f"Expected calibration error: **{res['ece']:.3f}** (headings removed: {res['ece_without']:.3f}).",
        "",
        "| confidence bin | paragraphs | mean confidence | accuracy |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['bin']} | {r['n']} | {r['confidence']:.3f} | {r['accuracy']:.3f} |" for r in res["reliability"]
    ]
    for name, title in (
        ("heading_rules", "Baseline: heading rules"),
        ("keyword_rules", "Baseline: keyword rules"),
    ):
        lines += [
            "",
            f"## {title}",
            "",
            "With headings:",
            "",
            *_table(res[f"{name}/with_headings"]),
            "",
            "Headings removed:",
            "",
            *_table(res[f"{name}/without_headings"]),
        ]
    lines += ["", "## Errors of the model (with headings), lowest confidence first", ""]
    errs = sorted(res["errors"], key=lambda e: e["confidence"])[:40]
    lines += ["| document ¶ | gold | predicted | confidence | text |", "|---|---|---|---|---|"]
    for e in errs:
        text = e["text"].replace("|", "/").replace("\n", " ")[:140]
        lines.append(
            f"| {e['doc_id']} ¶{e['index']} | {e['gold']} | {e['pred']} | {e['confidence']:.2f} | {text} |"
        )
    return "\n".join(lines) + "\n"
