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


def _int(value: Any, default: int) -> int:
    """An int from a value that may be None or NaN (pandas turns missing ints into NaN)."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(f) else int(f)


def tokens(text: str) -> list[str]:
    """Lower-cased syllables with numbers collapsed to ``<num>``."""
    return ["<num>" if _NUM_RE.match(t) else t for t in _TOKEN_RE.findall(text.lower())]


def segmented_tokens(text: str) -> list[str]:
    """Words from underthesea's word segmentation (offline), syllables joined by ``_``."""
    from underthesea import word_tokenize

    return [
        "<num>" if _NUM_RE.match(w) else w.lower().replace(" ", "_")
        for w in word_tokenize(text)
        if _TOKEN_RE.search(w)
    ]


def text_features(text: str, max_chars: int = 4000, segment: bool = False) -> dict[str, float]:
    """Syllable (or, with ``segment``, word) n-grams, first syllables and cue counts."""
    text = text[:max_chars]
    toks = segmented_tokens(text) if segment else tokens(text)
    feats: dict[str, float] = {}
    for t in toks:
        k = "w:" + t
        feats[k] = feats.get(k, 0.0) + 1.0
    for a, b in itertools.pairwise(toks):
        k = f"w:{a} {b}"
        feats[k] = feats.get(k, 0.0) + 1.0
    stripped = re.sub(r"^[\W\d_]*(?:[ivx]+\.|[a-zđ]\))?\s*", "", text.lower())
    first = tokens(stripped)[:2]
    if first:
        feats["b:" + first[0]] = 1.0
        if len(first) > 1:
            feats["b:" + " ".join(first)] = 1.0
    low = text.lower()
    for role, rx in _CUE_RES.items():
        n = len(rx.findall(low))
        if n:
            feats["cue:" + role] = min(n, 5) / 2.0
    return feats


def context_features(row: dict[str, Any], position: float, use_headings: bool = True) -> dict[str, float]:
    """Heading, figure, position and layout features of one paragraph."""
    feats: dict[str, float] = {}
    section = list(row.get("section") or ())
    if use_headings:
        role = section_role(section)
        feats["h:in:" + (role or "none")] = 1.0
        if section:
            outer = next((r for r in (heading_role(t) for t in section) if r), None)
            feats["h:out:" + (outer or "none")] = 1.0
            for t in tokens(section[-1])[:12]:
                if t != "<num>":
                    feats["hw:" + t] = 0.5
        if row.get("heading"):
            own = heading_role(row.get("text", ""))
            feats["h:self:" + (own or "none")] = 1.0
            feats["is_heading"] = 1.0
            feats[f"level:{min(_int(row.get('level'), 1), 4)}"] = 1.0
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
    return feats


def paragraph_features(
    rows: Iterable[dict[str, Any]],
    positions: Iterable[float],
    use_headings: bool = True,
    segment: bool = False,
) -> list[dict[str, float]]:
    """Text and context features for each row (one paragraph per row)."""
    out = []
    for row, pos in zip(rows, positions, strict=True):
        f = text_features(str(row.get("text", "")), segment=segment)
        f.update(context_features(row, pos, use_headings))
        out.append(f)
    return out
