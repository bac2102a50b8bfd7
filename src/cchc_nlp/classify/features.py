"""Feature functions of the paragraph role classifier.

All features are strings (with a weight) so that a fitted model is a vocabulary (JSON)
and weight arrays, nothing else. Four families:

- ``w:`` syllable unigrams and bigrams of the paragraph (lower-cased, tone placement
  unified, numbers collapsed to ``<num>``); ``b:`` the first two syllables. No word
  segmentation: it costs far more than it earns here (see ``bench/``).
- ``cue:`` hand-written cue phrases per role, which carry meaning beyond the corpus.
- ``h:`` the role the section heading above announces (innermost and outermost), and
  heading words; ``fig:`` figure counts and comparisons; ``pos:``/``kind:``/``zone:``
  position, length and layout.
- Context (``ctx``) features are added by the second stage of the model from the first
  stage's predictions of the neighbouring paragraphs.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..labels import heading_role, section_role

_TOKEN_RE = re.compile(r"[^\W_]+|%", re.UNICODE)
_NUM_RE = re.compile(r"^\d+$")

CUES: dict[str, tuple[str, ...]] = {
    "neg": (
        "chưa",
        "còn",
        "không",
        "thiếu",
        "chậm",
        "thấp",
        "hạn chế",
        "tồn tại",
        "bất cập",
        "vướng mắc",
        "khó khăn",
        "yếu",
        "vẫn",
        "tuy nhiên",
        "song",
        "nhưng",
        "chưa đạt",
        "không đạt",
        "chưa được",
    ),
    "cause": ("nguyên nhân", "do", "bởi", "vì", "dẫn đến", "xuất phát", "là do", "một phần do"),
    "obj": (
        "khách quan",
        "quy định",
        "văn bản hướng dẫn",
        "trung ương",
        "bộ",
        "cấp trên",
        "thay đổi",
        "chồng chéo",
        "chưa đồng bộ",
        "chưa kết nối",
        "dịch",
        "covid",
        "thiên tai",
        "bão",
        "lũ",
        "kinh phí",
        "ngân sách",
        "biên chế",
        "người dân",
        "thói quen",
        "hạ tầng",
        "đường truyền",
        "phần mềm",
        "hệ thống",
        "địa bàn",
        "sáp nhập",
        "sắp xếp",
        "chưa ban hành",
        "chưa có hướng dẫn",
        "điều kiện",
    ),
    "subj": (
        "chủ quan",
        "nhận thức",
        "người đứng đầu",
        "lãnh đạo",
        "trách nhiệm",
        "năng lực",
        "trình độ",
        "kỹ năng",
        "kiêm nhiệm",
        "quan tâm",
        "quyết liệt",
        "sâu sát",
        "phối hợp",
        "kiểm tra",
        "đôn đốc",
        "tinh thần",
        "ý thức",
        "một số công chức",
        "một bộ phận",
        "cán bộ",
        "chưa chủ động",
        "chưa kịp thời",
    ),
    "sol": (
        "tiếp tục",
        "đẩy mạnh",
        "tăng cường",
        "phấn đấu",
        "tập trung",
        "nâng cao",
        "sẽ",
        "thời gian tới",
        "năm 2026",
        "giai đoạn 2026",
        "kiện toàn",
        "rà soát",
        "hoàn thiện",
        "triển khai",
        "duy trì",
        "chú trọng",
        "quan tâm",
        "bố trí",
        "xây dựng",
        "thực hiện tốt",
        "100%",
        "đến năm",
        "đến hết năm",
    ),
    "les": (
        "bài học",
        "kinh nghiệm",
        "phải",
        "cần",
        "then chốt",
        "quyết định",
        "điều kiện",
        "yếu tố",
        "chỉ khi",
        "khi",
        "mới",
        "luôn",
        "là",
    ),
    "rec": (
        "đề nghị",
        "kiến nghị",
        "đề xuất",
        "kính đề nghị",
        "xem xét",
        "khen thưởng",
        "bằng khen",
        "giấy khen",
        "tặng",
        "biểu dương",
        "quan tâm",
        "hỗ trợ",
        "bố trí",
        "sớm",
        "ban hành",
        "hướng dẫn",
        "ủy ban nhân dân",
        "trình",
    ),
    "ach": (
        "đã",
        "đạt",
        "hoàn thành",
        "được",
        "kịp thời",
        "nghiêm túc",
        "100%",
        "nhờ",
        "có được",
        "tích cực",
        "chuyển biến",
        "ban hành",
        "tổ chức",
        "thực hiện",
        "tiếp nhận",
        "giải quyết",
        "đúng hạn",
        "trước hạn",
    ),
    "oth": (
        "căn cứ",
        "thực hiện",
        "theo",
        "trên đây",
        "kính báo cáo",
        "báo cáo",
        "gồm",
        "chức năng",
        "nhiệm vụ",
        "có",
        "trụ sở",
        "biên chế",
    ),
}
_CUE_RES = {
    role: re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(c) for c in sorted(cs, key=len, reverse=True)) + r")(?![^\W_])"
    )
    for role, cs in CUES.items()
}
"""One regex per role: the reference definition of the cue counts (:func:`cue_counts_regex`)."""


def _cue_index() -> dict[str, tuple[tuple[str, tuple[tuple[list[str], int, bool], ...]], ...]]:
    """Cue phrases by first word: ``word -> ((role, ((words, len(words), ends_with_percent), …)), …)``.

    A cue phrase is whole words joined by single spaces (``"100%"`` is the word ``100`` and a
    ``%``); for each role the phrases are in the order the role's regex tries them (longest first).
    """
    index: dict[str, dict[str, list[tuple[list[str], int, bool]]]] = {}
    for role, cs in CUES.items():
        for c in sorted(cs, key=len, reverse=True):
            pct = c.endswith("%")
            body = c[:-1] if pct else c
            words = body.split(" ")
            if not all(_WORD_RE.fullmatch(w) for w in words):
                raise ValueError(f"cue {c!r} is not whole words joined by single spaces")
            index.setdefault(words[0], {}).setdefault(role, []).append((words, len(words), pct))
    return {w: tuple((role, tuple(ps)) for role, ps in roles.items()) for w, roles in index.items()}


_WORD_RE = re.compile(r"[^\W_]+")
#: Runs of words joined by single spaces, and whether a ``%`` (not followed by a letter) ends the run.
_CHAIN_RE = re.compile(r"([^\W_]+(?: [^\W_]+)*)(%(?![^\W_]))?")
_CUE_INDEX = _cue_index()
_STRIP_RE = re.compile(r"^[\W\d_]*(?:[ivx]+\.|[a-zđ]\))?\s*")


def _int(value: Any, default: int) -> int:
    """An int from a value that may be None or NaN (pandas turns missing ints into NaN)."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(f) else int(f)


def tokens(text: str) -> list[str]:
    """Lower-cased syllables with numbers collapsed to ``<num>``."""
    return ["<num>" if t.isdecimal() else t for t in _TOKEN_RE.findall(text.lower())]


def segmented_tokens(text: str) -> list[str]:
    """Words from underthesea's word segmentation (offline), syllables joined by ``_``."""
    from underthesea import word_tokenize

    return [
        "<num>" if _NUM_RE.match(w) else w.lower().replace(" ", "_")
        for w in word_tokenize(text)
        if _TOKEN_RE.search(w)
    ]


def cue_counts_regex(low: str) -> dict[str, int]:
    """The number of cue phrases of each role in lower-cased ``low`` (non-overlapping, per role)."""
    return {role: len(rx.findall(low)) for role, rx in _CUE_RES.items()}


def cue_counts(low: str) -> dict[str, int]:
    """:func:`cue_counts_regex` in one pass over the words of ``low``: the same counts.

    A role's regex matches whole words (it is bounded by non-letters on both sides, and its
    phrases are words joined by single spaces), scanning left to right and taking the longest
    phrase at each word. So does this loop, for all roles at once, over runs of words joined
    by single spaces (a phrase cannot cross from one run to the next), looking a word up
    only among the phrases that begin with it.
    """
    counts = dict.fromkeys(CUES, 0)
    lookup = _CUE_INDEX.get
    for chain, pct in _CHAIN_RE.findall(low):
        words = chain.split(" ")
        n = len(words)
        free: dict[str, int] = {}  # per role: the first word a new match may start at
        for i, entries in enumerate(map(lookup, words)):
            if entries is None:
                continue
            for role, phrases in entries:
                if free.get(role, 0) > i:
                    continue
                for phrase, k, ends_with_percent in phrases:
                    if (k == 1 or words[i : i + k] == phrase) and (not ends_with_percent or (pct and i + k == n)):
                        counts[role] += 1
                        free[role] = i + k
                        break
    return counts


def text_features(text: str, max_chars: int = 4000, segment: bool = False) -> dict[str, float]:
    """Syllable (or, with ``segment``, word) n-grams, first syllables and cue counts."""
    text = text[:max_chars]
    low = text.lower()
    if segment:
        toks = segmented_tokens(text)
    else:
        toks = ["<num>" if t.isdecimal() else t for t in _TOKEN_RE.findall(low)]
    grams = Counter(["w:" + t for t in toks])
    grams.update([f"w:{a} {b}" for a, b in itertools.pairwise(toks)])
    feats: dict[str, float] = {k: float(v) for k, v in grams.items()}
    after_number = _STRIP_RE.match(low).end()  # type: ignore[union-attr]  # the pattern matches at 0 always
    first = ["<num>" if m.group().isdecimal() else m.group() for m in itertools.islice(
        _TOKEN_RE.finditer(low, after_number), 2)]
    if first:
        feats["b:" + first[0]] = 1.0
        if len(first) > 1:
            feats["b:" + " ".join(first)] = 1.0
    for role, n in cue_counts(low).items():
        if n:
            feats["cue:" + role] = min(n, 5) / 2.0
    return feats


def _section_features(section: tuple[str, ...]) -> dict[str, float]:
    """The features of a paragraph's heading path: the roles it announces and the innermost heading's words."""
    feats: dict[str, float] = {}
    role = section_role(section)
    feats["h:in:" + (role or "none")] = 1.0
    if section:
        outer = next((r for r in (heading_role(t) for t in section) if r), None)
        feats["h:out:" + (outer or "none")] = 1.0
        for t in tokens(section[-1])[:12]:
            if t != "<num>":
                feats["hw:" + t] = 0.5
    return feats


def context_features(
    row: dict[str, Any],
    position: float,
    use_headings: bool = True,
    sections: dict[tuple[str, ...], dict[str, float]] | None = None,
) -> dict[str, float]:
    """Heading, figure, position and layout features of one paragraph.

    ``sections`` memoises the heading-path features by path (the paragraphs of a section
    share them); pass one dict per call of :func:`paragraph_features`.
    """
    feats: dict[str, float]
    if use_headings:
        section = tuple(row.get("section") or ())
        if sections is None:
            feats = _section_features(section)
        else:
            cached = sections.get(section)
            if cached is None:
                cached = sections[section] = _section_features(section)
            feats = dict(cached)
        if row.get("heading"):
            own = heading_role(row.get("text", ""))
            feats["h:self:" + (own or "none")] = 1.0
            feats["is_heading"] = 1.0
            feats[f"level:{min(_int(row.get('level'), 1), 4)}"] = 1.0
    else:
        feats = {}
    feats["kind:" + str(row.get("kind") or "paragraph")] = 1.0
    feats["zone:" + str(row.get("zone") or "body")] = 1.0
    feats[f"pos:{min(int(position * 10), 9)}"] = 1.0
    n_words = len(str(row.get("text", "")).split())
    feats[
        "len:"
        + (
            "1"
            if n_words < 6
            else "2"
            if n_words < 15
            else "3"
            if n_words < 40
            else "4"
            if n_words < 100
            else "5"
        )
    ] = 1.0
    nf = _int(row.get("n_figures"), 0)
    feats["fig:n" + ("0" if nf == 0 else "1" if nf == 1 else "2" if nf <= 3 else "4")] = 1.0
    if row.get("has_percent"):
        feats["fig:percent"] = 1.0
    if row.get("has_comparison"):
        feats["fig:compared"] = 1.0
    if row.get("has_change"):
        feats["fig:change"] = 1.0
    # a time reference after the report's date speaks of plans; one before it, of results
    if row.get("time_after"):
        feats["time:after"] = 1.0
    if row.get("time_before"):
        feats["time:before"] = 1.0
    return feats


def paragraph_features(
    rows: Iterable[dict[str, Any]],
    positions: Iterable[float],
    use_headings: bool = True,
    segment: bool = False,
) -> list[dict[str, float]]:
    """Text and context features for each row (one paragraph per row)."""
    out = []
    sections: dict[tuple[str, ...], dict[str, float]] = {}
    for row, pos in zip(rows, positions, strict=True):
        f = text_features(str(row.get("text", "")), segment=segment)
        f.update(context_features(row, pos, use_headings, sections))
        out.append(f)
    return out
