"""The paragraph roles (labels) and the role a section heading announces."""

from __future__ import annotations

import functools
import re

LABELS: tuple[str, ...] = (
    "achievement",
    "shortcoming",
    "cause_objective",
    "cause_subjective",
    "solution",
    "lesson",
    "recommendation",
    "other",
)
LABEL_NAMES_VI: dict[str, str] = {
    "achievement": "Kết quả",
    "shortcoming": "Hạn chế",
    "cause_objective": "Nguyên nhân khách quan",
    "cause_subjective": "Nguyên nhân chủ quan",
    "solution": "Giải pháp, nhiệm vụ",
    "lesson": "Bài học kinh nghiệm",
    "recommendation": "Kiến nghị, đề xuất",
    "other": "Khác",
}

# Cue phrases a heading uses to announce its section's role. The earliest match in the
# heading wins ("TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN" opens with shortcomings).
_HEADING_CUES: tuple[tuple[str, str], ...] = (
    ("cause_subjective", r"nguyên nhân chủ quan|về chủ quan|\bchủ quan\b|nguyên nhân bên trong|\bdo chính\b"),
    (
        "cause_objective",
        r"nguyên nhân khách quan|về khách quan|\bkhách quan\b|nguyên nhân bên ngoài|do điều kiện bên ngoài",
    ),
    ("cause", r"nguyên nhân|lý do|vì sao|tại sao"),
    ("lesson", r"bài học|kinh nghiệm|rút ra"),
    ("recommendation", r"kiến nghị|đề xuất|đề nghị|khen thưởng|biểu dương|khen thưởng"),
    (
        "shortcoming",
        r"hạn chế|tồn tại|chưa làm được|chưa được|khó khăn|vướng mắc|bất cập|yếu kém|thiếu sót|"
        r"chưa đạt|mặt chưa|hạn chế, yếu kém",
    ),
    (
        "achievement",
        r"kết quả|đã làm được|làm được|việc đã làm|ưu điểm|thành tựu|mặt được|mặt mạnh|đạt được|"
        r"đánh giá chung",
    ),
    (
        "solution",
        r"phương hướng|nhiệm vụ|giải pháp|định hướng|mục tiêu|thời gian tới|kế hoạch năm|làm gì|cần làm|"
        r"năm 20\d\d$|giai đoạn 2026",
    ),
    (
        "other",
        r"đặc điểm|tình hình|căn cứ|mục đích|yêu cầu|bối cảnh|tổ chức thực hiện|khái quát|"
        r"giới thiệu|cơ sở pháp lý|phạm vi",
    ),
)
_HEADING_RES = tuple((role, re.compile(pat)) for role, pat in _HEADING_CUES)
HEADING_ROLES: tuple[str, ...] = (*LABELS, "cause")
_NUMBER_PREFIX = re.compile(
    r"^\s*(?:phần\s+(?:thứ\s+\w+|[ivx]+|\d+)|[ivx]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\)|[a-z]\.)\s*[:.\-–]?\s*"
)


@functools.lru_cache(maxsize=4096)
def heading_role(text: str) -> str | None:
    """The role a heading announces (``"II. HẠN CHẾ"`` → ``"shortcoming"``), or ``None``.

    Returns one of the labels or ``"cause"`` (a "Nguyên nhân" heading over both kinds).
    """
    t = _NUMBER_PREFIX.sub("", text.lower(), count=1)
    best: tuple[int, int, str] | None = None
    for order, (role, rx) in enumerate(_HEADING_RES):
        m = rx.search(t)
        if m and (best is None or (m.start(), order) < best[:2]):
            best = (m.start(), order, role)
    return best[2] if best else None


def section_role(section: list[str] | tuple[str, ...]) -> str | None:
    """The role of the innermost heading in ``section`` that announces one."""
    for text in reversed(section):
        role = heading_role(text)
        if role is not None:
            return role
    return None

