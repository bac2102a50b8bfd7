"""Content areas of the CCHC programme: which part of the reform a result belongs to.

The consolidated draft groups results the way the programme (Nghị quyết 76/NQ-CP) does:
direction and inspection, institutions, administrative procedures, the apparatus, the
civil service, public finance, e-government / digital government, and the rest.

:func:`area_of` decides with rules that a reader can follow:

1. a paragraph that explains *why* the results came about, or sums them up, is ``khac``;
2. a paragraph that opens with its own short title (``"9. Về công chức, viên chức: …"``,
   ``"3. Thể chế. …"``) takes the area that title names;
3. otherwise the innermost section heading that names an area decides (``"3. Cải cách
   thủ tục hành chính"``); when a heading names several (``"Tổ chức bộ máy và chế độ công
   vụ"``) the paragraph's cue words choose among them;
4. with no such heading, the area whose cue words weigh most in the paragraph wins;
   with no cue at all, ``khac``.

:func:`explain_area` returns the same decision with the rule and the words that made it.
Accuracy on the hand-labelled sample ``corpora/areas.jsonl``: ``python bench/areas_eval.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .text import normalize

AREAS: tuple[str, ...] = (
    "chi_dao_dieu_hanh",
    "the_che",
    "tthc",
    "to_chuc_bo_may",
    "cong_vu",
    "tai_chinh_cong",
    "chinh_phu_so",
    "khac",
)
AREA_NAMES_VI: dict[str, str] = {
    "chi_dao_dieu_hanh": "Công tác chỉ đạo, điều hành, tuyên truyền và kiểm tra cải cách hành chính",
    "the_che": "Cải cách thể chế",
    "tthc": "Cải cách thủ tục hành chính",
    "to_chuc_bo_may": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "cong_vu": "Cải cách chế độ công vụ",
    "tai_chinh_cong": "Cải cách tài chính công",
    "chinh_phu_so": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
    "khac": "Các kết quả khác",
}

# Words a heading (or a paragraph's own short title) uses to name an area.
_HEADING_CUES: dict[str, tuple[str, ...]] = {
    "chi_dao_dieu_hanh": ("chỉ đạo", "điều hành", "tuyên truyền", "kiểm tra", "lãnh đạo"),
    "the_che": ("thể chế", "pháp luật", "văn bản quy phạm", "qppl"),
    "tthc": (
        "thủ tục",
        "tthc",
        "một cửa",
        "dịch vụ công",
        "hồ sơ",
        "quy trình",
        "chất lượng phục vụ",
        "hài lòng",
        "liên thông",
    ),
    "to_chuc_bo_may": ("bộ máy",),
    "cong_vu": ("công vụ", "công chức", "viên chức", "đội ngũ", "cán bộ"),
    "tai_chinh_cong": ("tài chính", "tự chủ", "giải ngân", "ngân sách", "chi tiêu", "đặt hàng", "vốn đầu tư"),
    "chinh_phu_so": (
        "điện tử",
        "chính quyền số",
        "chính phủ số",
        "chuyển đổi số",
        "công nghệ thông tin",
        "số hóa",
        "dữ liệu",
        "hạ tầng số",
        "nền tảng",
    ),
    "khac": ("đánh giá chung", "chỉ số", "đo lường"),
}

# Words inside a paragraph, with weights (specific phrases weigh more than common words).
_TEXT_CUES: dict[str, tuple[tuple[str, float], ...]] = {
    "chi_dao_dieu_hanh": (
        ("chỉ đạo, điều hành", 3),
        ("chỉ đạo điều hành", 3),
        ("kế hoạch cchc", 3),
        ("kế hoạch cải cách hành chính", 3),
        ("nhiệm vụ cải cách hành chính", 2),
        ("nhiệm vụ cchc", 2),
        ("tuyên truyền", 2),
        ("kiểm tra cải cách hành chính", 3),
        ("kiểm tra cchc", 3),
        ("ban chỉ đạo", 2),
        ("giao ban", 1),
        ("chỉ đạo", 1),
        ("kiểm tra", 1),
        ("công khai", 1),
        ("văn bản chỉ đạo", 2),
    ),
    "the_che": (
        ("văn bản quy phạm pháp luật", 3),
        ("qppl", 3),
        ("thể chế", 3),
        ("dự thảo", 2),
        ("thi hành pháp luật", 3),
        ("giáo dục pháp luật", 3),
        ("tuyên truyền pháp luật", 3),
        ("pháp luật", 1),
        ("bãi bỏ", 1),
        ("nghị quyết", 1),
        ("kiểm tra văn bản", 2),
        ("rà soát văn bản", 2),
        ("luật", 1),
    ),
    "tthc": (
        ("thủ tục hành chính", 3),
        ("tthc", 3),
        ("một cửa", 3),
        ("dịch vụ công", 2),
        ("hồ sơ", 1),
        ("liên thông", 2),
        ("đúng hạn", 2),
        ("trước hạn", 2),
        ("quá hạn", 2),
        ("trễ hạn", 2),
        ("tiếp nhận", 1),
        ("trả kết quả", 2),
        ("giấy phép", 1),
        ("giấy chứng nhận", 1),
        ("chứng thực", 2),
        ("hộ tịch", 1),
        ("khai sinh", 1),
        ("niêm yết", 2),
        ("hài lòng", 2),
        ("sipas", 2),
        ("phí, lệ phí", 2),
        ("nộp trực tuyến", 2),
        ("thủ tục", 1),
        ("cấp giấy", 1),
        ("thời gian giải quyết", 2),
    ),
    "to_chuc_bo_may": (
        ("tổ chức bộ máy", 3),
        ("sắp xếp", 2),
        ("sáp nhập", 2),
        ("hợp nhất", 2),
        ("đầu mối", 2),
        ("biên chế", 2),
        ("tinh giản", 2),
        ("cơ cấu tổ chức", 3),
        ("chức năng, nhiệm vụ", 2),
        ("kiện toàn", 2),
        ("quy chế làm việc", 2),
        ("phân cấp", 1),
        ("ủy quyền", 1),
        ("số người làm việc", 2),
    ),
    "cong_vu": (
        ("công vụ", 3),
        ("tuyển dụng", 2),
        ("thi tuyển", 2),
        ("xét tuyển", 2),
        ("đào tạo", 2),
        ("bồi dưỡng", 2),
        ("tập huấn", 1),
        ("kỷ luật", 2),
        ("kỷ cương", 2),
        ("vị trí việc làm", 2),
        ("xếp loại", 2),
        ("quy tắc ứng xử", 2),
        ("thái độ phục vụ", 2),
        ("giờ giấc", 2),
        ("giờ làm việc", 2),
        ("chuyển đổi vị trí", 2),
        ("công chức", 1),
        ("viên chức", 1),
    ),
    "tai_chinh_cong": (
        ("tài chính", 2),
        ("ngân sách", 2),
        ("tự chủ", 3),
        ("giải ngân", 3),
        ("vốn đầu tư công", 3),
        ("chi thường xuyên", 3),
        ("dự toán", 2),
        ("chi tiêu nội bộ", 3),
        ("thu nhập tăng thêm", 3),
        ("không dùng tiền mặt", 2),
        ("học phí", 2),
        ("tài sản công", 2),
        ("kế toán", 2),
        ("quyết toán", 2),
        ("mua sắm", 2),
        ("nguồn thu", 2),
        ("đặt hàng", 2),
        ("kế hoạch vốn", 3),
        ("tỷ đồng", 1),
        ("triệu đồng", 1),
    ),
    "chinh_phu_so": (
        ("chính phủ điện tử", 3),
        ("chính phủ số", 3),
        ("chính quyền điện tử", 3),
        ("chính quyền số", 3),
        ("chuyển đổi số", 3),
        ("công nghệ thông tin", 3),
        ("ký số", 2),
        ("chữ ký số", 2),
        ("phần mềm", 2),
        ("cơ sở dữ liệu", 2),
        ("dữ liệu", 1),
        ("số hóa", 1),
        ("định danh điện tử", 2),
        ("vneid", 2),
        ("đề án 06", 1),
        ("điện tử", 1),
        ("nền tảng", 1),
        ("hệ thống thông tin", 2),
        ("họp trực tuyến", 2),
        ("hội nghị truyền hình", 2),
        ("học bạ", 2),
        ("bệnh án điện tử", 3),
        ("căn cước", 2),
        ("công nghệ số", 2),
        ("văn bản đi", 2),
        ("iso", 2),
    ),
}

# "Kết quả trên có được nhờ …", "Nhìn chung, …": why the results came, or a summing up.
_SUMMARY_RE = re.compile(
    r"(?:(?:kết quả|những việc)(?: \w+){0,4} (?:có được|đạt được)?[^.;]{0,40}?\b(?:nhờ|là do|chủ yếu do|trước hết)\b"
    r"|có được (?:kết quả|những kết quả)[^.;]{0,30}(?:nhờ|là do)"
    r"|có được (?:là )?(?:nhờ|do)\b"
    r"|^nền tảng của"
    r"|^nhìn (?:chung|tổng thể)"
    r"|\bnhờ sự (?:quan tâm|lãnh đạo|chỉ đạo|vào cuộc))",
)
_NUMBER_RE = re.compile(r"^\s*(?:[-–•+*]\s*|(?:phần\s+\w+|[ivx]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*)")
_LEAD_VE_RE = re.compile(r"^về\s+([^:;.]{2,80}?)\s*(?::|\.\s|;)")
_LEAD_TITLE_RE = re.compile(r"^([^:;.,]{2,50}(?:, [^:;.,]{2,30})?)\s*(?::|\.\s)")


@dataclass
class AreaDecision:
    """An area with the rule that chose it and the words that made the choice."""

    area: str
    rule: str
    evidence: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        why = f" ({', '.join(self.evidence)})" if self.evidence else ""
        return f"{self.area} ← {self.rule}{why}"


def _compile(phrases: Sequence[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


_HEADING_RES = {area: _compile(cues) for area, cues in _HEADING_CUES.items()}
_TEXT_RES = {
    area: [(re.compile(rf"(?<!\w){re.escape(p)}(?!\w)"), p, w) for p, w in cues] for area, cues in _TEXT_CUES.items()
}
_GENERIC_HEADING_RE = re.compile(r"cải cách hành chính|cchc")


def _clean(text: str) -> str:
    return normalize(text).lower()


def heading_areas(heading: str) -> list[str]:
    """The areas a heading names, in the order they appear (``"4. Tổ chức bộ máy và chế độ
    công vụ"`` → ``["to_chuc_bo_may", "cong_vu"]``); ``[]`` for a heading naming none."""
    t = _NUMBER_RE.sub("", _clean(heading), count=1)
    # "Kết quả công tác cải cách hành chính" names the whole programme, not an area.
    t = _GENERIC_HEADING_RE.sub(" ", t)
    found: list[tuple[int, str]] = []
    for area, rx in _HEADING_RES.items():
        m = rx.search(t)
        if m:
            found.append((m.start(), area))
    if any(a == "khac" for _, a in found):
        return ["khac"]
    return [a for _, a in sorted(found)]


def cue_scores(text: str) -> dict[str, tuple[float, list[str]]]:
    """Per area, the summed weight of the cue words found in ``text`` and those words.

    Each occurrence of a phrase counts once; a shorter phrase inside a longer match of
    the same area is not counted again."""
    t = _clean(text)
    out: dict[str, tuple[float, list[str]]] = {}
    for area, cues in _TEXT_RES.items():
        spans: list[tuple[int, int]] = []
        score = 0.0
        words: list[str] = []
        for rx, phrase, weight in sorted(cues, key=lambda c: -len(c[1])):
            for m in rx.finditer(t):
                if any(s <= m.start() and m.end() <= e for s, e in spans):
                    continue
                spans.append((m.start(), m.end()))
                score += weight
                if phrase not in words:
                    words.append(phrase)
        if score:
            out[area] = (score, words)
    return out


def _lead_title(text: str) -> str | None:
    """A paragraph's own short title: ``"9. Về công chức, viên chức: …"`` → ``"công chức, viên chức"``."""
    t = _NUMBER_RE.sub("", _clean(text), count=1)
    m = _LEAD_VE_RE.match(t)
    if m:
        return m.group(1)
    if t.startswith("về "):
        return " ".join(t[3:].split()[:5])
    m = _LEAD_TITLE_RE.match(t)
    if m and len(m.group(1).split()) <= 6:
        return m.group(1)
    return None


def _choose(candidates: list[str], text: str, rule: str) -> AreaDecision:
    scores = cue_scores(text)
    if len(candidates) == 1:
        return AreaDecision(candidates[0], rule, scores.get(candidates[0], (0.0, []))[1][:4])
    best = max(candidates, key=lambda a: (scores.get(a, (0.0, []))[0], -candidates.index(a)))
    return AreaDecision(best, rule + " + từ khóa", scores.get(best, (0.0, []))[1][:4])


def explain_area(paragraph_text: str, section: Sequence[str] = ()) -> AreaDecision:
    """:func:`area_of` with its reason: the rule applied and the words that decided."""
    t = _clean(paragraph_text)
    m = _SUMMARY_RE.search(t)
    if m:
        return AreaDecision("khac", "nguyên nhân/đánh giá chung của kết quả", [m.group(0)[:40]])
    lead = _lead_title(paragraph_text)
    if lead:
        cands = heading_areas(lead)
        if cands:
            return _choose(cands, paragraph_text, f"tiêu đề đầu đoạn «{lead}»")
    for heading in reversed(list(section)):
        cands = heading_areas(heading)
        if cands:
            return _choose(cands, paragraph_text, f"đề mục «{normalize(heading)[:60]}»")
    scores = cue_scores(paragraph_text)
    if not scores:
        return AreaDecision("khac", "không có từ khóa lĩnh vực")
    best = max(AREAS[:-1], key=lambda a: (scores.get(a, (0.0, []))[0], -AREAS.index(a)))
    return AreaDecision(best, "từ khóa trong đoạn", scores[best][1][:4])


def area_of(paragraph_text: str, section: Sequence[str] = ()) -> str:
    """The content area of a result paragraph.

    ``section`` is the paragraph's heading path, outermost first (``Paragraph.section``).
    Returns one of :data:`AREAS`: ``chi_dao_dieu_hanh``, ``the_che``, ``tthc``,
    ``to_chuc_bo_may``, ``cong_vu``, ``tai_chinh_cong``, ``chinh_phu_so`` or ``khac``.

    >>> area_of("Tiếp nhận 1.234 hồ sơ, 99,5% đúng hạn.", ["I. KẾT QUẢ", "3. Cải cách thủ tục hành chính"])
    'tthc'
    >>> area_of("100% văn bản đi được ký số và gửi qua phần mềm quản lý văn bản.")
    'chinh_phu_so'
    """
    return explain_area(paragraph_text, section).area
