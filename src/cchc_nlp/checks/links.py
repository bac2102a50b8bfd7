"""Link each shortcoming to the causes and solutions that address it, by content.

Similarity is the cosine of TF-IDF vectors over the paragraphs' words and syllable bigrams,
with the IDF taken from the report's own paragraphs (so words every paragraph uses weigh
little). Words are found by longest match against the compound words of underthesea's
Viet74K word list (read from the installed package, offline; about 0.3 s once per process),
so "năng lượng" and "chức năng", or "kiểm tra" and "tra cứu", share no term.
Solutions compete for shortcomings: a solution addresses a shortcoming when their similarity
reaches the profile's ``link_threshold`` *and* at least ``link_share`` of the solution's
similarity to the shortcoming it is most about. Words a solution shares with every shortcoming
by the report's common vocabulary therefore do not make it address all of them. Both numbers
are calibrated on the corpus (``bench/calibrate_links.py``).
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..document import Document, Paragraph
from ..text import normalize

_TOKEN_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
STOPWORDS = frozenset(
    """và của các những được đã còn chưa trong cho với là có theo tại để việc một số này đó thì ra vào lên từ đến
    như về nhưng hoặc cũng hơn rất nhiều ít không phải sẽ đang do nên bị năm tháng ngày quý đơn vị cơ quan
    thực hiện triển khai tiếp tục tăng cường đẩy mạnh nâng cao tập trung chỉ đạo kịp thời công tác trên
    nhằm bảo đảm đảm bảo hiện vẫn khi mà hết tới nữa cả mọi mỗi ở sau trước theo quy định thời gian tới
    giai đoạn kết quả hạn chế tồn tại nguyên nhân giải pháp nhiệm vụ phấn đấu đạt""".split()
)


_RUN_RE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*", re.UNICODE)  # syllables not broken by punctuation
MAX_WORD_SYLLABLES = 4


def _word_list_path() -> Path | None:
    """underthesea's Viet74K word list, found without importing underthesea (None if absent)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        return None
    base = Path(spec.origin).parent
    for rel in (("corpus", "data", "Viet74K.txt"), ("transformer", "Viet74K.txt")):
        if (path := base.joinpath(*rel)).is_file():
            return path
    return None


@functools.lru_cache(maxsize=1)
def _compound_index() -> tuple[frozenset[tuple[str, ...]], dict[tuple[str, str], tuple[int, ...]]]:
    """The compound words and, per pair of first syllables, the lengths of the compounds it
    opens (longest first): most pairs of syllables open none and cost one lookup."""
    path = _word_list_path()
    if path is None:
        return frozenset(), {}
    text = normalize(path.read_text(encoding="utf-8")).lower()
    vocab = frozenset(
        words for line in text.splitlines() if 2 <= len(words := tuple(line.split())) <= MAX_WORD_SYLLABLES
    )
    lengths: dict[tuple[str, str], set[int]] = {}
    for w in vocab:
        lengths.setdefault(w[:2], set()).add(len(w))
    return vocab, {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}


def compound_words() -> frozenset[tuple[str, ...]]:
    """The compound words (2 to 4 syllables) of underthesea's Viet74K word list, lower-cased,
    NFC and in the tone placement document text is normalised to; empty when the list is not
    installed (linking then falls back to single syllables). Read once per process."""
    return _compound_index()[0]


def segment(text: str) -> list[str]:
    """Lower-cased words of ``text`` by longest match against :func:`compound_words` (syllables
    of a compound joined by ``_``); punctuation and numbers break words."""
    vocab, starts = _compound_index()
    out: list[str] = []
    append = out.append
    for run in _RUN_RE.findall(text.lower()):
        syl = run.split(" ")
        i, n_syl = 0, len(syl)
        while i < n_syl:
            for n in starts.get((syl[i], syl[i + 1]), ()) if i + 1 < n_syl else ():
                if n == 2 or (i + n <= n_syl and tuple(syl[i : i + n]) in vocab):
                    append("_".join(syl[i : i + n]))
                    i += n
                    break
            else:
                append(syl[i])
                i += 1
    return out


@functools.lru_cache(maxsize=65536)
def _is_content(word: str) -> bool:
    """Not one letter, not a function word nor a compound made only of function words."""
    return len(word) > 1 and not all(s in STOPWORDS for s in word.split("_"))


def _content_syllables(low: str) -> list[str]:
    return [w for w in _TOKEN_RE.findall(low) if w not in STOPWORDS and len(w) > 1]


def syllable_tokens(text: str) -> list[str]:
    """Content syllables and their bigrams (function words removed): the terms before words
    were segmented, still the yardstick of ``suggestions.held_out_quality``."""
    words = _content_syllables(text.lower())
    return words + [f"{a}_{b}" for a, b in itertools.pairwise(words)]


def link_tokens(text: str) -> list[str]:
    """Content words (:func:`segment`) and the bigrams of content syllables; function words
    (and compounds made only of them) removed. The text is normalised first (a no-op on
    document text, which the readers normalise), so old tone placement reads as new."""
    low = normalize(text).lower()
    words = [w for w in segment(low) if _is_content(w)]
    return words + [f"{a}_{b}" for a, b in itertools.pairwise(_content_syllables(low))]


@dataclass
class Link:
    """A shortcoming and a cause or solution paragraph that may address it.

    Attributes:
        shortcoming: index of the shortcoming paragraph.
        target: index of the cause or solution paragraph.
        kind: ``"cause"`` or ``"solution"``.
        score: cosine similarity of the two paragraphs' TF-IDF vectors.
        share: ``score`` over the target's best score with any shortcoming of the report
            (1.0 when this shortcoming is the one the target is most about).
    """

    shortcoming: int
    target: int
    kind: str  # "cause" | "solution"
    score: float
    share: float = 1.0

    def addresses(self, threshold: float, share: float) -> bool:
        """Whether the link is strong enough: similarity at least ``threshold`` and at least
        ``share`` of the target's similarity to the shortcoming it is most about."""
        return self.score >= threshold and self.share >= share


def _vectors(paras: list[Paragraph], wanted: set[int] | None = None) -> dict[int, dict[str, float]]:
    """L2-normalised TF-IDF vectors (IDF over all of ``paras``) of the paragraphs whose index is in
    ``wanted`` (all of them when ``None``)."""
    toks = {p.index: Counter(link_tokens(p.text)) for p in paras}
    df: Counter[str] = Counter()
    for c in toks.values():
        df.update(c.keys())
    n = max(len(toks), 1)
    idf: dict[str, float] = {}  # per term, the same float the weight formula computes for it
    tf: dict[int, float] = {}
    vecs = {}
    for i, c in toks.items():
        if wanted is not None and i not in wanted:
            continue
        v = {}
        for t, k in c.items():
            w = idf.get(t)
            if w is None:
                w = idf[t] = math.log((1 + n) / (1 + df[t])) + 1
            f = tf.get(k)
            if f is None:
                f = tf[k] = 1 + math.log(k)
            v[t] = f * w
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs[i] = {t: x / norm for t, x in v.items()}
    return vecs


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # the terms of ``a`` missing from ``b`` would add 0.0: leaving them out gives the same sum
    return sum((x * b[t] for t, x in a.items() if t in b), 0.0)


CAUSES = ("cause_objective", "cause_subjective")


def _scored(shorts: list[Paragraph], targets: list[Paragraph], vecs: dict[int, dict[str, float]],
            kind: str) -> list[Link]:
    """Every (shortcoming, target) pair with a positive similarity, with its share of the
    target's best similarity to any shortcoming."""
    sims = {(s.index, t.index): _cos(vecs[s.index], vecs[t.index]) for s in shorts for t in targets}
    best_of = {t.index: max((sims[(s.index, t.index)] for s in shorts), default=0.0) for t in targets}
    return [
        Link(s.index, t.index, kind, round(sc, 3), round(sc / best_of[t.index], 3))
        for s in shorts
        for t in targets
        if (sc := sims[(s.index, t.index)]) > 0
    ]


def shortcoming_links(doc: Document) -> tuple[dict[int, float], list[Link]]:
    """For each (non-heading) shortcoming: its best similarity to any solution, and the
    candidate links (shortcoming → solutions, shortcoming → causes) with score and share,
    strongest first.

    A solution is usually written for one shortcoming and shares words with the others only by
    the report's common vocabulary; the ``share`` of a link tells the two apart (see
    :meth:`Link.addresses`)."""
    body = [p for p in doc.paragraphs if p.zone in ("body", "footnote") and not p.heading]
    shorts = [p for p in body if p.label == "shortcoming"]
    sols = [p for p in body if p.label == "solution"]
    causes = [p for p in body if p.label in CAUSES]
    vecs = _vectors(body, {p.index for p in (*shorts, *sols, *causes)} if shorts else set())
    links = _scored(shorts, sols, vecs, "solution") + _scored(shorts, causes, vecs, "cause")
    links.sort(key=lambda lk: (lk.shortcoming, lk.kind != "solution", -lk.score, lk.target))
    best = {s.index: 0.0 for s in shorts}
    for lk in links:
        if lk.kind == "solution":
            best[lk.shortcoming] = max(best[lk.shortcoming], lk.score)
    return best, links
