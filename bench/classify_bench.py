"""Speed and quality of the paragraph role classifier.

    python bench/classify_bench.py [--quality]

Speed (always): load time of the bundled model; labelling throughput on one core, warm,
on report-length corpus paragraphs; with the python-docx read-only pass over the same
files and underthesea's word_tokenize as baselines in the same run.
Quality (--quality): macro-F1 of syllable n-grams vs underthesea word segmentation on the
same two grouped folds (by office), to show what segmentation earns for its cost.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(quality: bool = False) -> None:
    import docx
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    from cchc_nlp import load
    from cchc_nlp.classify import (
        ParagraphRoleClassifier,
        corpus_frame,
        default_model_path,
        docs_frame,
        load_model,
    )

    t = time.perf_counter()
    model = load_model(default_model_path())
    print(f"model load: {time.perf_counter() - t:.3f} s")
    files = sorted((ROOT / "corpora" / "reports").glob("*.docx"))
    t = time.perf_counter()
    n_read = 0
    for f in files:
        n_read += len(docx.Document(str(f)).paragraphs)
    t_docx = time.perf_counter() - t
    print(
        f"baseline python-docx read-only: {n_read} paragraphs in {t_docx:.2f} s = {n_read / t_docx:,.0f} par/s"
    )
    docs = [load(f) for f in files]
    frame = docs_frame(docs, [f.stem for f in files])
    body = frame[frame["zone"] == "body"]
    model.predict_proba(frame.head(200))  # warm
    for _ in range(1):
        t = time.perf_counter()
        model.predict_proba(frame)
        t_lab = time.perf_counter() - t
    print(
        f"labelling (warm, 1 thread): {len(frame)} paragraphs in {t_lab:.2f} s = {len(frame) / t_lab:,.0f} par/s "
        f"(mean {body['text'].str.split().str.len().mean():.0f} words per body paragraph)"
    )
    from underthesea import word_tokenize

    sample = body["text"].tolist()[:700]
    word_tokenize(sample[0])
    t = time.perf_counter()
    for s in sample:
        word_tokenize(s)
    t_seg = time.perf_counter() - t
    print(f"baseline underthesea word_tokenize: {len(sample) / t_seg:,.0f} par/s")
    if not quality:
        return
    X, y, groups, _ = corpus_frame(ROOT / "corpora")
    splits = list(GroupKFold(n_splits=5).split(X, y, groups))[:2]
    for seg in (False, True):
        preds, gold = [], []
        t = time.perf_counter()
        for tr, te in splits:
            m = ParagraphRoleClassifier(segment_words=seg).fit(X.iloc[tr], y.iloc[tr])
            preds.extend(m.predict(X.iloc[te]))
            gold.extend(y.iloc[te])
        name = "word segmentation" if seg else "syllable n-grams"
        f1 = f1_score(np.array(gold), np.array(preds), average="macro")
        print(
            f"{name:18s}: macro-F1 {f1:.3f} on 2 grouped folds ({time.perf_counter() - t:.0f} s incl. training)"
        )


if __name__ == "__main__":
    main("--quality" in sys.argv)
