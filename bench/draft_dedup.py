"""Where to put the near-duplicate threshold of the draft (``cchc_nlp.draft.DUPLICATE_THRESHOLD``).

Two numbers decide it, both over the corpus content paragraphs (headings and ``other``
left out), in the TF-IDF space the draft uses (syllable unigrams and bigrams):

- for each paragraph, its highest cosine with any paragraph of *another* report: the
  reports were written independently, so these pairs should stay apart;
- the cosine between each paragraph and a lightly edited copy of it (about one word in
  twelve replaced, up to two numbers changed): the kind of near-duplicate two units send
  when one copies the other's wording; these should merge.

Run: ``python bench/draft_dedup.py``.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from cchc_nlp.corpus import iter_reports, read_labels
from cchc_nlp.draft import DUPLICATE_THRESHOLD
from cchc_nlp.suggestions import syllable_ngrams

ROOT = Path(__file__).resolve().parents[1]
FILLERS = ("đã", "được", "các", "và", "tiếp tục", "kịp thời", "cơ bản")


def edited_copy(text: str, rng: random.Random) -> str:
    """The text with about one word in twelve replaced and up to two numbers changed."""
    words = text.split()
    for _ in range(max(1, len(words) // 12)):
        words[rng.randrange(len(words))] = rng.choice(FILLERS)
    out = " ".join(words)
    return re.sub(r"\d+", lambda m: str(int(m.group()) + 1) if rng.random() < 0.3 else m.group(), out, count=2)


def main() -> None:
    """Print both distributions and what the threshold does to them."""
    texts: list[str] = []
    docs: list[str] = []
    for meta in iter_reports(ROOT / "corpora"):
        for r in read_labels(meta):
            if not r["heading"] and r["label"] != "other":
                texts.append(r["text"])
                docs.append(meta["id"])
    rng = random.Random(1)
    vec = TfidfVectorizer(analyzer=syllable_ngrams, sublinear_tf=True).fit(texts)
    X = vec.transform(texts)
    sims = (X @ X.T).toarray()
    d = np.array(docs)
    sims[d[:, None] == d[None, :]] = 0.0
    best = sims.max(axis=1)
    upper = np.triu(sims, 1)
    copies = vec.transform([edited_copy(t, rng) for t in texts])
    copy_cos = np.asarray(X.multiply(copies).sum(axis=1)).ravel()
    print(f"content paragraphs: {len(texts)} in {len(set(docs))} reports")
    b50, b90, b99, bmax = np.percentile(best, [50, 90, 99, 100])
    print(f"best cosine with another report: p50 {b50:.3f} p90 {b90:.3f} p99 {b99:.3f} max {bmax:.3f}")
    c1, c5, c50 = np.percentile(copy_cos, [1, 5, 50])
    print(f"cosine with an edited copy:      p1 {c1:.3f} p5 {c5:.3f} p50 {c50:.3f}")
    thr = DUPLICATE_THRESHOLD
    print(
        f"threshold {thr:.2f}: cross-report pairs at or above it {(upper >= thr).sum()}, "
        f"edited copies below it {(copy_cos < thr).mean():.1%}"
    )
    for i, j in zip(*np.nonzero(upper >= thr), strict=True):
        print(f"  {sims[i, j]:.3f} {docs[i]}: {texts[i][:70]} | {docs[j]}: {texts[j][:70]}")


if __name__ == "__main__":
    main()
